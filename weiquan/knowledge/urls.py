from django.urls import path

from . import views

app_name = "knowledge"

urlpatterns = [
    path("", views.index, name="index"),
    path("a/<slug:slug>/", views.article, name="article"),
    path("cases/", views.case_studies, name="case_studies"),
    path("cases/<int:pk>/", views.case_study, name="case_study"),
    path("console/cases/", views.console_case_studies, name="console_case_studies"),
    path("console/cases/<int:pk>/", views.console_case_study, name="console_case_study"),
    path("console/cases/<int:pk>/act/", views.console_case_study_act, name="console_case_study_act"),
]
