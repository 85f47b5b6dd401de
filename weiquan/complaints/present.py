"""Turn a case into what one viewer may see of it (used by the API and the pages alike)."""

from django.urls import reverse
from django.utils import timezone

from weiquan.complaints import free_text, selectors, workflow
from weiquan.complaints.events import verify_complaint_chain
from weiquan.complaints.labels import event_label


def summary(complaint, now=None, *, merchant_view: bool = False) -> dict:
    now = now or timezone.now()
    title = free_text.for_merchant_of(complaint, complaint.title) if merchant_view else complaint.title
    return {
        "id": complaint.pk, "reference": complaint.reference, "status": complaint.status,
        "status_label": str(complaint.get_status_display()), "category": complaint.category,
        "title": title, "merchant": {"id": complaint.merchant_id, "name": complaint.merchant.name},
        "channel": complaint.channel, "priority": complaint.priority, "next_party": complaint.next_party,
        "phase": complaint.phase, "deadline": complaint.deadline,
        "overdue": bool(complaint.deadline and complaint.deadline < now and not complaint.clock_paused_at),
        "received_at": complaint.received_at, "assigned_to_id": complaint.assigned_to_id,
    }


def evidence_item(evidence) -> dict:
    return {
        "id": evidence.pk, "name": evidence.original_name, "content_type": evidence.content_type,
        "size": evidence.size, "sha256": evidence.sha256, "uploader_party": evidence.uploader_party,
        "description": evidence.description, "staff_only": evidence.staff_only, "created_at": evidence.created_at,
        "download_url": reverse("api:complaint_evidence_download",
                                kwargs={"complaint_id": evidence.complaint_id, "evidence_id": evidence.pk}),
    }


def messages_for(user, complaint) -> list[dict]:
    """The thread as this viewer may see it: a merchant gets the consumer's personal data masked."""
    merchant_view = workflow.actor_kind(complaint, user) == "merchant"
    return [message_item(m) for m in _shown_messages(user, complaint, merchant_view)]


def message_item(message) -> dict:
    return {"id": message.pk, "author_party": message.author_party, "body": message.body,
            "staff_only": message.staff_only, "to_party": message.to_party, "created_at": message.created_at}


def _remedy(remedy) -> dict:
    return {"id": remedy.pk, "kind": remedy.kind, "amount": str(remedy.amount), "note": remedy.note,
            "state": remedy.state, "due_at": remedy.due_at, "executed_at": remedy.executed_at,
            "execution_reference": remedy.execution_reference, "rule_ids": remedy.rule_ids,
            "response_id": remedy.response_id, "decision_id": remedy.decision_id}


def _shown_messages(user, complaint, merchant_view: bool) -> list:
    messages = list(selectors.complaint_messages(user, complaint))
    free_text.mask_consumer_messages(messages, viewer_kind="merchant" if merchant_view else None, complaint=complaint)
    return messages


def _parts(user, complaint, staff: bool, merchant_view: bool) -> dict:
    """The case's rows beside its own, as this viewer may see them. A case just filed brings what it has
    (complaint_submit's `as_filed`: its lines and its first event, nothing else yet), so the reply reads nothing."""
    filed = getattr(complaint, "as_filed", None)
    if filed is not None:
        events = [e for e in filed.events if staff or (e.visible_to_parties and "to_party" not in e.data)]
        return {"lines": filed.lines, "events": events, "messages": [], "evidence": [], "responses": [],
                "decisions": [], "remedies": []}
    return {
        "lines": complaint.lines.order_by("line_no"),
        "events": selectors.complaint_events(user, complaint),
        "messages": _shown_messages(user, complaint, merchant_view),
        "evidence": selectors.complaint_evidence(user, complaint),
        "responses": complaint.responses.order_by("id"),
        "decisions": complaint.decisions.order_by("id"),
        "remedies": complaint.remedies.order_by("id"),
    }


def detail(user, complaint) -> dict:
    staff = selectors.sees_staff_material(user, complaint)
    order = complaint.order
    merchant_view = workflow.actor_kind(complaint, user) == "merchant"
    parts = _parts(user, complaint, staff, merchant_view)
    body = summary(complaint, merchant_view=merchant_view)
    body.update({
        "description": free_text.for_merchant_of(complaint, complaint.description) if merchant_view
        else complaint.description,
        "remedies_wanted": complaint.remedies_wanted,
        "amount_claimed": str(complaint.amount_claimed),
        "consumer": selectors.consumer_contact(user, complaint),
        "order": None if order is None else {
            "order_no": order.order_no, "total_paid": str(order.total_paid), "placed_at": order.placed_at,
            "paid_at": order.paid_at, "shipped_at": order.shipped_at, "received_at": order.received_at,
            "lines": [{"line_no": line.line_no, "title": line.title, "quantity": line.quantity,
                       "paid_amount": str(line.paid_amount)} for line in parts["lines"]],
        },
        "listing": None if complaint.listing_id is None else {
            "id": complaint.listing.external_id, "title": complaint.listing.title},
        "not_accepted_reason": complaint.not_accepted_reason,
        "close_reason": free_text.for_merchant_of(complaint, complaint.close_reason) if merchant_view
        else complaint.close_reason,
        "clock_paused": complaint.clock_paused_at is not None,
        "first_response_at": complaint.first_response_at,
        "first_response_on_time": complaint.first_response_on_time,
        "resolved_at": complaint.resolved_at,
        "rating": complaint.rating,
        "rating_comment": free_text.for_merchant_of(complaint, complaint.rating_comment) if merchant_view
        else complaint.rating_comment,
        "duplicate_of": complaint.duplicate_of.reference if complaint.duplicate_of_id else None,
        "rights_facts": complaint.rights_facts,
        "rights_assessment": complaint.rights_assessment,
        "rights_assessment_meta": assessment_meta(complaint),
        "statutory_clocks": complaint.statutory_clocks,
        "allowed_actions": workflow.allowed_actions(complaint, user),
        # A party's events are numbered 1, 2, 3... among those they see: the record's own numbers would show gaps
        # where internal events sit. Staff see the record's numbers.
        "events": [
            {"seq": e.seq if staff else position, "type": e.type, "label": event_label(e.type),
             "actor_role": e.actor_role, "at": e.at, "old": e.old, "new": e.new, **({"data": e.data} if staff else {})}
            for position, e in enumerate(parts["events"], start=1)
        ],
        "messages": [message_item(m) for m in parts["messages"]],
        "evidence": [evidence_item(e) for e in parts["evidence"]],
        "responses": [
            {"id": r.pk, "kind": r.kind, "reasons": r.reasons, "outcome": r.outcome, "created_at": r.created_at}
            for r in parts["responses"]
        ],
        "decisions": [
            {"id": d.pk, "outcome": d.outcome, "reasons": d.reasons, "rule_ids": d.rule_ids,
             "is_appeal_review": d.is_appeal_review, "created_at": d.created_at,
             "departs_from_proposal": d.departs_from_proposal, "departure_basis": d.departure_basis or None,
             "departure_reason": d.departure_reason or None}
            for d in parts["decisions"]
        ],
        "remedies": [_remedy(r) for r in parts["remedies"]],
    })
    if staff:
        body["event_chain_intact"] = _chain_ok(complaint)
    return body


def assessment_meta(complaint) -> dict:
    """What the case keeps beside the engine's answer, as the API shows it (the stated facts are in the facts)."""
    meta = complaint.rights_assessment_meta or {}
    return {key: meta.get(key) for key in ("version", "assessed_at", "reason", "proposal", "points",
                                           "punitive_scenario", "errors", "warnings")}


def assessment_version_item(version) -> dict:
    meta = version.meta or {}
    return {"version": version.version, "reason": version.reason, "created_at": version.created_at,
            "rights_facts": version.facts, "rights_assessment": version.assessment,
            "rights_assessment_meta": {key: meta.get(key) for key in ("version", "assessed_at", "reason", "proposal",
                                                                      "points", "punitive_scenario", "errors",
                                                                      "warnings")}}


def _chain_ok(complaint) -> bool:
    return verify_complaint_chain(complaint) is None
