from django.urls import path

from . import stats_views, views

app_name = "agencies"

urlpatterns = [
    path("cases/", views.referred_cases, name="cases"),
    path("cases/<int:complaint_id>/", views.referred_case, name="case"),
    path("cases/<int:complaint_id>/post/", views.referred_case_post, name="case_post"),
    path("cases/<int:complaint_id>/bundle.zip", views.referred_case_bundle, name="case_bundle"),
    path("refer/<int:complaint_id>/", views.staff_refer, name="refer"),
    path("bundle/<int:complaint_id>.zip", views.staff_bundle, name="bundle"),
    path("bodies/", views.staff_bodies, name="bodies"),
    path("statistics/", stats_views.statistics, name="statistics"),
]
