"""Priority and category changes that come from outside the workflow's moves (triage, staff correction)."""

from django.db import transaction

from weiquan.accounts.models import User
from weiquan.complaints.assessment import assessment_record, facts_for_complaint, refresh_filing_clocks
from weiquan.complaints.event_types import EventType
from weiquan.complaints.models import Category, Complaint, Priority
from weiquan.complaints.services.common import ComplaintError, lock, write_event
from weiquan.complaints.workflow import STAFF, actor_kind


def _check_staff_or_system(complaint: Complaint, actor) -> None:
    if actor is not None and actor_kind(complaint, actor) not in STAFF:
        raise ComplaintError("forbidden", "only platform staff change priority or category", status=403)


def complaint_set_priority(*, actor: User | None, complaint_id: int, priority: str, reason: str) -> Complaint:
    """Raise or lower a case's priority (None = the system, e.g. triage flagging a safety signal)."""
    if priority not in Priority.values:
        raise ComplaintError("invalid", f"priority must be one of {Priority.values}", field="priority")
    with transaction.atomic():
        complaint = lock(complaint_id, case_row_only=True)  # a priority is a field of the case row, nothing else
        _check_staff_or_system(complaint, actor)
        if complaint.priority == priority:
            return complaint
        old = complaint.priority
        complaint.priority = priority
        complaint.save(update_fields=["priority", "updated_at"])
        write_event(complaint, type=EventType.PRIORITY_CHANGED, actor=actor, old={"priority": old},
                    new={"priority": priority}, data={"reason": reason[:300]}, visible_to_parties=False)
    return complaint


def complaint_set_category(*, actor: User | None, complaint_id: int, category: str, reason: str = "") -> Complaint:
    """Staff confirm or correct the category (the consumer's choice or triage's suggestion)."""
    if category not in Category.values:
        raise ComplaintError("invalid", f"category must be one of {Category.values}", field="category")
    with transaction.atomic():
        complaint = lock(complaint_id)
        if actor is None or actor_kind(complaint, actor) not in STAFF:
            raise ComplaintError("forbidden", "only platform staff confirm categories", status=403)
        old = complaint.category
        complaint.category = category
        data: dict[str, object] = {"reason": reason[:300]}
        fields = ["category", "updated_at"]
        if old != category and complaint.rights_facts is not None:
            # The class decides which legal question unstated facts raise, so the case is assessed again.
            version = assessment_record(complaint, actor=actor, reason="category_changed",
                                        facts=_keeping_clocks(facts_for_complaint(complaint), complaint.rights_facts))
            refresh_filing_clocks(complaint)
            data["assessment_version"] = version.version
            fields += ["rights_facts", "rights_assessment", "rights_assessment_meta", "statutory_clocks"]
        complaint.save(update_fields=fields)
        kind = EventType.CATEGORY_CONFIRMED if old == category else EventType.CATEGORY_CHANGED
        write_event(complaint, type=kind, actor=actor,
                    old={"category": old}, new={"category": category}, data=data, visible_to_parties=False)
    return complaint


def _keeping_clocks(facts: dict, previous: dict) -> dict:
    """New facts keep the clocks the case already asked the engine for (refund periods after a return)."""
    if previous.get("clocks"):
        facts["clocks"] = previous["clocks"]
    return facts
