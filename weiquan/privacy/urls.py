from django.urls import path

from weiquan.privacy import views

app_name = "privacy"

urlpatterns = [
    path("mine/", views.mine, name="mine"),
    path("mine/copy.<str:fmt>", views.copy_download, name="copy"),
    path("requests/", views.queue, name="queue"),
    path("requests/<int:request_id>/", views.request_detail, name="request_detail"),
    path("access-log/", views.access_log, name="access_log"),
    path("retention/", views.retention, name="retention"),
    path("retention/run/", views.retention_run, name="retention_run"),
]
