from django.urls import path

from . import rules_views

app_name = "platform_rules"

urlpatterns = [
    path("", rules_views.index, name="index"),
    path("<slug:slug>/", rules_views.version, name="document"),
    path("<slug:slug>/v<int:number>/", rules_views.version, name="version"),
    path("<slug:slug>/v<int:number>/comment/", rules_views.comment, name="comment"),
    path("<slug:slug>/announce/", rules_views.announce, name="announce"),
]
