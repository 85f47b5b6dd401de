"""Insight's background work. Each task takes ids (or nothing) and is safe to run twice or in parallel."""

from django.db import transaction
from django.db.models import F

from weiquan.complaints.event_types import EventType
from weiquan.complaints.models import Complaint, ComplaintEvent
from weiquan.core.outbox import task
from weiquan.insight import aggregates, clusters, services

# Events that change nothing a case's facts hold (the priority is not among them): no refresh to run.
FACT_NEUTRAL = frozenset({EventType.PRIORITY_CHANGED})


@task(queue="insight")
def on_complaint_event(event_id: int) -> dict:
    """Follow a case change: a new case is triaged and linked to related ones; every change refreshes the
    analytics buckets the case counts in (rebuilt from the case, so a replayed event changes nothing)."""
    event = ComplaintEvent.objects.filter(pk=event_id).values_list("type", "complaint_id").order_by().first()
    if event is None:
        return {"skipped": "no such event"}
    kind, complaint_id = event
    done = {"event": kind}
    if kind in FACT_NEUTRAL:
        return done
    with transaction.atomic():  # one commit for the triage, the link and the facts
        return _follow(kind, complaint_id, done)


def _follow(kind: str, complaint_id: int, done: dict) -> dict:
    refresh = {complaint_id}
    if kind == EventType.SUBMITTED:
        # Read once for triage, linking and the consumer's later cases.
        complaint = Complaint.objects.only("merchant_id", "consumer_id", "category", "received_at", "title",
                                           "description", "priority").annotate(
            restricted=F("consumer__processing_restricted")).get(pk=complaint_id)
        row = services.triage_complaint(complaint_id=complaint_id, complaint=complaint)
        done["category"], done["urgent"] = row.suggested_category, row.urgent
        # A restricted consumer's case (R-PIPL-DELETE) is linked to nothing.
        cluster = None if complaint.restricted else clusters.link_related(
            complaint_id=complaint_id, complaint=complaint, product_id=clusters.first_product_id(complaint_id))
        done["cluster"] = cluster.pk if cluster else None
        # A case filed with an earlier received_at makes the consumer's later cases repeats: recount those too.
        refresh.update(Complaint.objects.filter(consumer_id=complaint.consumer_id,
                                                received_at__gte=complaint.received_at).values_list("pk", flat=True))
    elif kind == EventType.PROCESSING_RESTRICTED:
        done["unlinked"] = clusters.unlink_unprocessable(complaint_id=complaint_id)
    aggregates.refresh_complaints(refresh)
    return done


@task(queue="insight")
def insight_sweep_task() -> dict:
    """The periodic sweep: order counts, spike detection, merchant risk scores, cluster upkeep."""
    from weiquan.insight.sweep import insight_sweep

    return insight_sweep()
