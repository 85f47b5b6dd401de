from django.urls import path

from . import body_views, match_views, stats_views, views

app_name = "agencies"

urlpatterns = [
    path("cases/", views.referred_cases, name="cases"),
    path("cases/<int:complaint_id>/", views.referred_case, name="case"),
    path("cases/<int:complaint_id>/post/", views.referred_case_post, name="case_post"),
    path("cases/<int:complaint_id>/bundle.zip", views.referred_case_bundle, name="case_bundle"),
    path("refer/<int:complaint_id>/", views.staff_refer, name="refer"),
    path("bundle/<int:complaint_id>.zip", views.staff_bundle, name="bundle"),
    path("bodies/", body_views.bodies, name="bodies"),
    path("bodies/new/", body_views.body_new, name="body_new"),
    path("bodies/<int:body_id>/", body_views.body_detail, name="body"),
    path("bodies/<int:body_id>/credentials/", body_views.body_rotate, name="body_rotate"),
    path("bodies/<int:body_id>/people/", body_views.body_person, name="body_person"),
    path("transfers/unmatched/", match_views.unmatched, name="unmatched"),
    path("transfers/<int:transfer_id>/match/", match_views.match, name="match"),
    path("statistics/", stats_views.statistics, name="statistics"),
]
