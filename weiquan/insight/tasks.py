"""Insight's background work. Each task takes ids (or nothing) and is safe to run twice or in parallel."""

from weiquan.complaints.event_types import EventType
from weiquan.complaints.models import Complaint, ComplaintEvent
from weiquan.core.outbox import task
from weiquan.insight import aggregates, clusters, services


@task(queue="insight")
def on_complaint_event(event_id: int) -> dict:
    """Follow a case change: a new case is triaged and linked to related ones; every change refreshes the
    analytics buckets the case counts in (rebuilt from the case, so a replayed event changes nothing)."""
    event = ComplaintEvent.objects.filter(pk=event_id).only("type", "complaint_id").first()
    if event is None:
        return {"skipped": "no such event"}
    done = {"event": event.type}
    refresh = {event.complaint_id}
    if event.type == EventType.SUBMITTED:
        row = services.triage_complaint(complaint_id=event.complaint_id)
        done["category"], done["urgent"] = row.suggested_category, row.urgent
        cluster = clusters.link_related(complaint_id=event.complaint_id)
        done["cluster"] = cluster.pk if cluster else None
        # A case filed with an earlier received_at makes the consumer's later cases repeats: recount those too.
        complaint = Complaint.objects.only("consumer_id", "received_at").get(pk=event.complaint_id)
        refresh.update(Complaint.objects.filter(consumer_id=complaint.consumer_id,
                                                received_at__gte=complaint.received_at).values_list("pk", flat=True))
    elif event.type == EventType.PROCESSING_RESTRICTED:
        done["unlinked"] = clusters.unlink_unprocessable(complaint_id=event.complaint_id)
    aggregates.refresh_complaints(refresh)
    return done


@task(queue="insight")
def insight_sweep_task() -> dict:
    """The periodic sweep: order counts, spike detection, merchant risk scores, cluster upkeep."""
    from weiquan.insight.sweep import insight_sweep

    return insight_sweep()
