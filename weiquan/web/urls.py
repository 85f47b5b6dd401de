from django.templatetags.static import static
from django.urls import path
from django.views.generic import RedirectView

from weiquan.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("language/", views.language_switch, name="language_switch"),
    # Browsers ask for /favicon.ico whatever the page says.
    path("favicon.ico", RedirectView.as_view(url=static("web/favicon.svg"), permanent=True)),
]
