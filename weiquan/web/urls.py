from django.urls import path

from weiquan.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("language/", views.language_switch, name="language_switch"),
]
