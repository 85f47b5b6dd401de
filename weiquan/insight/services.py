"""Insight's writes: triage of a new complaint, staff confirming or correcting it, spike acknowledgement.

Case changes (priority, category) go through the complaints app's services, so they carry the case's events.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from weiquan.complaints.models import Complaint, Priority
from weiquan.complaints.services import ComplaintError, complaint_set_category, complaint_set_priority
from weiquan.insight import triage as triage_model
from weiquan.insight.models import SpikeAlert, Triage


def triage_complaint(*, complaint_id: int, complaint: Complaint | None = None) -> Triage:
    """Suggest category, tags and urgency for a case (once; a second call returns the first reading). A safety
    signal raises the case's priority to urgent through the case's own service (an event records why).
    `complaint` (with its title, description and priority) spares a caller that holds it the read."""
    if complaint is None:
        complaint = Complaint.objects.only("title", "description", "priority").get(pk=complaint_id)
    try:
        with transaction.atomic():
            return triage_complaints([complaint])[complaint_id]
    except IntegrityError:
        return Triage.objects.get(complaint_id=complaint_id)  # a parallel run got there first


def triage_complaints(complaints: list[Complaint]) -> dict[int, Triage]:
    """`triage_complaint` for many cases (with their title, description and priority) in one insert. A parallel run
    that triaged one of them first makes it raise IntegrityError (the caller's transaction then holds nothing)."""
    rows = {t.complaint_id: t for t in Triage.objects.filter(complaint_id__in=[c.pk for c in complaints])}
    new: list[tuple[Complaint, Triage, list[str], list[str]]] = []
    waiting = [c for c in complaints if c.pk not in rows]
    suggestions = triage_model.suggest_many([f"{c.title}\n{c.description}" for c in waiting])
    for complaint, suggestion in zip(waiting, suggestions, strict=True):
        urgent_terms = triage_model.urgent_terms(suggestion)
        row = Triage(complaint_id=complaint.pk, suggested_category=suggestion.category or "",
                     confidence=suggestion.confidence, tags=suggestion.tags, urgent=suggestion.urgent,
                     urgent_terms=urgent_terms, evidence_terms=suggestion.evidence,
                     model_version=suggestion.model_version,
                     priority_raised=suggestion.urgent and complaint.priority != Priority.URGENT)
        rows[complaint.pk] = row
        new.append((complaint, row, urgent_terms, suggestion.evidence))
    if not new:
        return rows
    Triage.objects.bulk_create([row for _c, row, _u, _e in new])  # the rows first: a parallel run fails here
    for complaint, row, urgent_terms, evidence in new:
        if row.priority_raised:
            words = "、".join(urgent_terms or evidence)[:200]
            complaint_set_priority(actor=None, complaint_id=complaint.pk, priority=Priority.URGENT,
                                   reason=f"triage safety signal: {words}")
    return rows


def triage_confirm(*, actor, complaint_id: int, category: str) -> Triage:
    """Staff confirm the suggested category or correct it, in one step. The case's category follows (with its
    event), and the triage row keeps who decided what: the training data of `weiquan insight train`."""
    with transaction.atomic():
        complaint_set_category(actor=actor, complaint_id=complaint_id, category=category,
                               reason="triage confirmation")
        row = Triage.objects.select_for_update().filter(complaint_id=complaint_id).first()
        if row is None:
            complaint = Complaint.objects.only("title", "description").get(pk=complaint_id)
            suggestion = triage_model.suggest(f"{complaint.title}\n{complaint.description}")
            row = Triage.objects.create(
                complaint_id=complaint_id, suggested_category=suggestion.category or "",
                confidence=suggestion.confidence, tags=suggestion.tags, urgent=suggestion.urgent,
                urgent_terms=triage_model.urgent_terms(suggestion), evidence_terms=suggestion.evidence,
                model_version=suggestion.model_version,
            )
        row.final_category, row.confirmed_by, row.confirmed_at = category, actor, timezone.now()
        row.save(update_fields=["final_category", "confirmed_by", "confirmed_at"])
    return row


def spike_acknowledge(*, actor, alert_id: int) -> SpikeAlert:
    if not getattr(actor, "is_platform_staff", False):
        raise ComplaintError("forbidden", "only platform staff acknowledge alerts", status=403)
    with transaction.atomic():
        alert = SpikeAlert.objects.select_for_update().get(pk=alert_id)
        if alert.acknowledged_at is None:
            alert.acknowledged_by, alert.acknowledged_at = actor, timezone.now()
            alert.save(update_fields=["acknowledged_by", "acknowledged_at"])
    return alert
