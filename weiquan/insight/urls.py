from django.urls import path

from weiquan.insight import views, views_models

app_name = "insight"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("cases/", views.cases, name="cases"),
    path("export/", views.export, name="export"),
    path("suggest/<str:kind>/", views.suggest, name="suggest"),
    path("root-causes/", views.root_cause, name="root_causes"),
    path("root-causes/cases/", views.root_cause_cases, name="root_cause_cases"),
    path("spikes/", views.spikes, name="spikes"),
    path("spikes/<int:alert_id>/", views.spike_detail, name="spike_detail"),
    path("spikes/<int:alert_id>/acknowledge/", views.spike_acknowledge, name="spike_acknowledge"),
    path("clusters/", views.cluster_list, name="clusters"),
    path("clusters/<int:cluster_id>/", views.cluster_detail, name="cluster_detail"),
    path("risk/", views.risk_list, name="risk"),
    path("risk/<int:merchant_id>/", views.risk_detail, name="risk_detail"),
    path("models/", views_models.model_list, name="models"),
    path("models/<str:version>/activate/", views_models.model_activate, name="model_activate"),
    path("triage/<int:complaint_id>/confirm/", views.triage_confirm, name="triage_confirm"),
]
