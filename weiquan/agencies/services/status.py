"""What a body is told about a case it sent in (or was referred): its status, as the body's API also shows it."""

from __future__ import annotations

from django.db import transaction

from weiquan.complaints.models import ComplaintEvent

from ..models import Transfer
from ..webhooks import body_webhook_enqueue


def transfer_status(transfer: Transfer) -> dict:
    """The transfer as its body sees it (the API answer and the webhook's data)."""
    complaint = transfer.complaint
    data = {
        "agency_code": transfer.body.code, "reference": transfer.reference, "kind": transfer.kind,
        "problem_class": transfer.problem_class, "transfer_status": transfer.status,
        "received_on": transfer.received_on, "answer_due": transfer.answer_due, "case": None,
    }
    if complaint is not None:
        data["case"] = {
            "reference": complaint.reference, "status": complaint.status, "category": complaint.category,
            "received_at": complaint.received_at, "first_response_at": complaint.first_response_at,
            "resolved_at": complaint.resolved_at, "closed_at": complaint.closed_at,
            "close_reason": complaint.close_reason,
        }
    return data


def status_messages_for_event(event_id: int) -> int:
    """For a status change on a transferred case, one message to the body that sent it (never two)."""
    return status_messages_for_events([event_id])[0]


def status_messages_for_events(event_ids: list[int]) -> list[int]:
    """`status_messages_for_event` for many events, read at once. One count (0 or 1) per event, in order."""
    events = {event.pk: event for event in ComplaintEvent.objects.filter(pk__in=event_ids).only(
        "complaint_id", "visible_to_parties", "old", "new", "at").order_by()}
    moves = {pk: e for pk, e in events.items() if moves_status(e)}
    # Most cases came in no transfer: one light look-up for all, the body and case only for those that did.
    sent = set(Transfer.objects.filter(complaint_id__in={e.complaint_id for e in moves.values()}).values_list(
        "complaint_id", flat=True)) if moves else set()
    return [_tell_body(moves[pk]) if pk in moves and moves[pk].complaint_id in sent else 0 for pk in event_ids]


def moves_status(event: ComplaintEvent) -> bool:
    """A change of status the parties see: what a body is told about."""
    new = (event.new or {}).get("status")
    return bool(event.visible_to_parties and new and new != (event.old or {}).get("status"))


def _tell_body(event: ComplaintEvent) -> int:
    old, new = (event.old or {}).get("status"), (event.new or {}).get("status")
    transfer = Transfer.objects.select_related("body", "complaint").filter(complaint_id=event.complaint_id).first()
    if transfer is None:
        return 0
    payload = transfer_status(transfer)
    payload["case"] = {**(payload["case"] or {}), "status": new}  # as of this event, whatever happened since
    with transaction.atomic():
        sent = body_webhook_enqueue(body=transfer.body, topic="transfer.status_changed",
                                    source_key=f"event:{event.pk}",
                                    payload={**payload, "previous_status": old, "event_at": event.at})
    return 1 if sent else 0
