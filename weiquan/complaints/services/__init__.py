"""Writes on complaints. Views, the API, admin actions, commands and tasks all call these."""

from weiquan.complaints.services.actions import complaint_act
from weiquan.complaints.services.common import ComplaintError
from weiquan.complaints.services.contact import contact_reveal
from weiquan.complaints.services.facts import complaint_facts_add
from weiquan.complaints.services.priority import complaint_set_category, complaint_set_priority
from weiquan.complaints.services.submit import complaint_preview, complaint_submit
from weiquan.complaints.services.sweep import SweepReport, sla_sweep
from weiquan.complaints.services.thread import (
    evidence_add,
    evidence_file_check,
    files_removed_on_failure,
    message_post,
    sniff_content_type,
)

__all__ = [
    "ComplaintError", "SweepReport", "complaint_act", "complaint_facts_add", "complaint_preview",
    "complaint_set_category", "contact_reveal", "complaint_set_priority", "complaint_submit", "evidence_add",
    "evidence_file_check", "files_removed_on_failure", "message_post",
    "sla_sweep", "sniff_content_type",
]
