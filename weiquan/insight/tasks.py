"""Insight's background work. Each task takes ids (or nothing) and is safe to run twice or in parallel."""

from django.db import transaction
from django.db.models import F

from weiquan.complaints.event_types import EventType
from weiquan.complaints.models import Complaint, ComplaintEvent
from weiquan.core.outbox import task
from weiquan.insight import aggregates, clusters, services, signatures

# Events that change nothing a case's facts hold (the priority is not among them): no refresh to run.
FACT_NEUTRAL = frozenset({EventType.PRIORITY_CHANGED})


@task(queue="insight")
def on_complaint_event(event_id: int) -> dict:
    """Follow a case change: a new case is triaged and linked to related ones; every change refreshes the
    analytics buckets the case counts in (rebuilt from the case, so a replayed event changes nothing)."""
    return follow_events([event_id])[0]


@on_complaint_event.only_for
def _changes_facts(event: ComplaintEvent) -> bool:
    return event.type not in FACT_NEUTRAL


@on_complaint_event.in_batches
def on_complaint_events(arguments: list[list]) -> list[dict]:
    return follow_events([event_id for event_id, in arguments])


def follow_events(event_ids: list[int]) -> list[dict]:
    """`on_complaint_event` for many events at once: one read of their cases, one triage insert, their links in
    filing order, and one refresh of the facts and buckets they touch. One result per event, in order."""
    found = dict((pk, (kind, complaint_id)) for pk, kind, complaint_id in ComplaintEvent.objects.filter(
        pk__in=event_ids).values_list("pk", "type", "complaint_id").order_by())
    results: list[dict] = []
    refresh: set[int] = set()
    submitted: dict[int, dict] = {}
    restricted: dict[int, dict] = {}
    for event_id in event_ids:
        if event_id not in found:
            results.append({"skipped": "no such event"})
            continue
        kind, complaint_id = found[event_id]
        done: dict = {"event": kind}
        results.append(done)
        if kind in FACT_NEUTRAL:
            continue
        refresh.add(complaint_id)
        if kind == EventType.SUBMITTED:
            submitted.setdefault(complaint_id, done)
        elif kind == EventType.PROCESSING_RESTRICTED:
            restricted.setdefault(complaint_id, done)
    if not refresh:
        return results
    with transaction.atomic():  # one commit for the triage, the links and the facts
        if submitted:
            refresh.update(_follow_new(submitted))
        for complaint_id, done in restricted.items():
            done["unlinked"] = clusters.unlink_unprocessable(complaint_id=complaint_id)
        # A case withdrawn, not accepted or restricted (even before it was linked) is no one's candidate any more.
        signatures.no_longer_candidates(refresh)
        aggregates.refresh_complaints(refresh)
    return results


def _follow_new(submitted: dict[int, dict]) -> set[int]:
    """Triage and link new cases (their results filled in); answers the cases whose facts they change: themselves and
    their consumers' later cases (a case filed with an earlier received_at makes those repeats)."""
    # Read once for triage, linking and the consumers' later cases.
    complaints = list(Complaint.objects.only(
        "merchant_id", "consumer_id", "category", "received_at", "title", "description", "priority").annotate(
        restricted=F("consumer__processing_restricted")).filter(pk__in=list(submitted)))
    order = {complaint_id: i for i, complaint_id in enumerate(submitted)}
    complaints.sort(key=lambda c: order[c.pk])
    triaged = services.triage_complaints(complaints)
    # A restricted consumer's case (R-PIPL-DELETE) is linked to nothing.
    linkable = [c for c in complaints if not c.restricted]
    placed = clusters.link_cases(linkable, clusters.first_product_ids([c.pk for c in linkable])) if linkable else {}
    earliest: dict[int, object] = {}
    for complaint in complaints:
        row = triaged[complaint.pk]
        done = submitted[complaint.pk]
        done["category"], done["urgent"] = row.suggested_category, row.urgent
        done["cluster"] = placed.get(complaint.pk)
        first = earliest.get(complaint.consumer_id)
        earliest[complaint.consumer_id] = complaint.received_at if first is None else min(first, complaint.received_at)
    if not earliest:
        return set()
    later = Complaint.objects.filter(consumer_id__in=list(earliest), received_at__gte=min(earliest.values()))
    return {pk for pk, consumer_id, at in later.values_list("pk", "consumer_id", "received_at")
            if at >= earliest[consumer_id]}


@task(queue="insight")
def insight_sweep_task() -> dict:
    """The periodic sweep: order counts, spike detection, merchant risk scores, cluster upkeep."""
    from weiquan.insight.sweep import insight_sweep

    return insight_sweep()
