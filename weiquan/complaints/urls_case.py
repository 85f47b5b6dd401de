"""The case actions every portal posts to, and the permission-checked evidence download."""

from django.urls import path

from weiquan.complaints.views import case, case_act, case_facts

urlpatterns = [
    path("<int:complaint_id>/act/<slug:action>/", case_act.complaint_act_view, name="case_act"),
    path("<int:complaint_id>/facts/", case_facts.case_facts_view, name="case_facts"),
    path("<int:complaint_id>/messages/", case.message_post_view, name="case_message"),
    path("<int:complaint_id>/evidence/", case.evidence_add_view, name="case_evidence_add"),
    path("<int:complaint_id>/evidence/<int:evidence_id>/", case.evidence_download_view, name="case_evidence"),
]
