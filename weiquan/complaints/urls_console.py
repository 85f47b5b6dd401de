"""The complaint department's console: queue, SLA board, phone intake, case workspace, supervisor.

Actions, messages and evidence on a case post to the shared handlers in `urls_case.py`.
"""

from django.urls import path

from weiquan.complaints.views import console
from weiquan.complaints.views.console.intake import intake_enquiry, intake_suggest
from weiquan.complaints.views.console.rule_picker import rules_search
from weiquan.complaints.views.console.workspace import contact_reveal_view

urlpatterns = [
    path("", console.queue, name="console_queue"),
    path("assign/", console.bulk_assign, name="console_bulk_assign"),
    path("sla/", console.sla, name="console_sla"),
    path("intake/", console.intake, name="console_intake"),
    path("intake/suggest/", intake_suggest, name="console_intake_suggest"),
    path("intake/enquiry/", intake_enquiry, name="console_intake_enquiry"),
    path("rules/", rules_search, name="console_rules"),
    path("supervisor/", console.supervisor, name="console_supervisor"),
    path("cases/<int:complaint_id>/", console.case, name="console_case"),
    path("cases/<int:complaint_id>/reveal/", contact_reveal_view, name="console_contact_reveal"),
    path("cases/<int:complaint_id>/evidence/<int:evidence_id>/frame/", console.evidence_frame,
         name="console_evidence_frame"),
]
