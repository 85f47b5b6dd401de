"""Pages of the rights app: the public guidance page."""

from django.urls import path

from . import views

app_name = "rights"

urlpatterns = [
    path("", views.guide, name="guide"),
]
