from django.urls import path

from weiquan.fairtrade import views

app_name = "fairtrade"

urlpatterns = [
    path("console/", views.console, name="console"),
    path("console/flags/<int:flag_id>/", views.flag_detail, name="console_flag"),
    path("console/flags/<int:flag_id>/<str:action>/", views.flag_action, name="console_flag_action"),
    path("console/reports/", views.reports, name="console_reports"),
    path("console/reports/<int:report_id>/dismiss/", views.report_dismiss, name="console_report_dismiss"),
    path("portal/", views.portal, name="portal"),
    path("portal/flags/<int:flag_id>/", views.portal_flag, name="portal_flag"),
    path("report/", views.report_form, name="report"),
]
