"""Plain dicts for the API and the pages: what each viewer may see of merchants, applications, ledgers, penalties."""

from weiquan.core.masking import mask_name, mask_phone
from weiquan.merchants.models import (
    DepositAccount,
    DepositEntry,
    Licence,
    Merchant,
    MerchantApplication,
    MerchantEvent,
    Penalty,
    StatusChange,
)


def _iso(value):
    return value.isoformat() if value else None


def licence(item: Licence) -> dict:
    return {"id": item.pk, "kind": item.kind.code, "kind_name": item.kind.name, "number": item.number,
            "issuer": item.issuer, "valid_from": _iso(item.valid_from), "valid_until": _iso(item.valid_until),
            "current": item.is_current, "file_name": item.original_name, "sha256": item.sha256, "size": item.size}


def public_licence(item: Licence) -> dict:
    return {"kind": item.kind.code, "kind_name": item.kind.name, "number": item.number, "issuer": item.issuer,
            "valid_until": _iso(item.valid_until)}


def merchant_public(m: Merchant, *, changes=(), licences=(), results=()) -> dict:
    """E-commerce Law Art.15: the licence information, name, address and service contact, plus published decisions."""
    return {
        "id": m.pk, "external_id": m.external_id, "name": m.name, "legal_name": m.legal_name, "uscc": m.uscc,
        "legal_representative": m.legal_representative, "registered_address": m.registered_address,
        "operating_address": m.operating_address, "service_phone": m.service_phone, "category": m.category,
        "status": m.status, "verified_on": _iso(m.last_verified_on), "exited_on": _iso(m.exited_on),
        "licences": [public_licence(item) for item in licences],
        "decisions": [status_change(c) for c in changes],
        "spot_checks": [dict(r) for r in results],
    }


def status_change(c: StatusChange) -> dict:
    penalty = c.penalty
    return {"id": c.pk, "action": c.action, "from": c.from_status, "to": c.to_status, "reason": c.reason,
            "rule_id": c.rule_id, "at": _iso(c.at), "published_at": _iso(c.published_at),
            "penalty": None if penalty is None else {
                "kind": penalty.kind, "ends_on": _iso(penalty.ends_on), "lifted_at": _iso(penalty.lifted_at),
                "appeal_state": penalty.appeal_state}}


def merchant_detail(m: Merchant, *, full_contact: bool) -> dict:
    body = merchant_public(m)
    body.update({
        "status_reason": m.status_reason, "status_rule": m.status_rule, "status_changed_at": _iso(m.status_changed_at),
        "reverification_due_on": _iso(m.reverification_due_on), "identity_retained_until": _iso(
            m.identity_retained_until),
        "contact_name": m.contact_name if full_contact else mask_name(m.contact_name),
        "contact_phone": m.contact_phone if full_contact else mask_phone(m.contact_phone),
        "contact_email": m.contact_email, "event_count": m.event_count,
    })
    return body


def application(a: MerchantApplication, *, missing: list[dict], licences=(), full_contact: bool = True) -> dict:
    return {
        "id": a.pk, "merchant_id": a.merchant_id, "kind": a.kind, "state": a.state, "trigger": a.trigger,
        "shop_name": a.shop_name, "legal_name": a.legal_name, "uscc": a.uscc,
        "legal_representative": a.legal_representative, "registered_address": a.registered_address,
        "operating_address": a.operating_address, "service_phone": a.service_phone,
        "contact_name": a.contact_name if full_contact else mask_name(a.contact_name),
        "contact_phone": a.contact_phone if full_contact else mask_phone(a.contact_phone),
        "contact_email": a.contact_email, "category": a.category, "submitted_at": _iso(a.submitted_at),
        "decided_at": _iso(a.decided_at), "decision_reasons": a.decision_reasons,
        "requested_items": a.requested_items, "request_note": a.request_note, "due_on": _iso(a.due_on),
        "missing": missing, "licences": [licence(item) for item in licences],
    }


def penalty(p: Penalty) -> dict:
    return {"id": p.pk, "merchant_id": p.merchant_id, "kind": p.kind, "source": p.source, "reason": p.reason,
            "rule_id": p.rule_id, "decided_at": _iso(p.decided_at), "ends_on": _iso(p.ends_on),
            "in_force": p.in_force, "lifted_at": _iso(p.lifted_at), "lift_reason": p.lift_reason,
            "appeal_state": p.appeal_state, "appeal_text": p.appeal_text, "appeal_answer": p.appeal_answer}


def account(a: DepositAccount | None, *, minimum) -> dict:
    if a is None:
        return {"balance": "0.00", "held": "0.00", "available": "0.00", "minimum": str(minimum), "topup_due_on": None}
    return {"balance": str(a.balance), "held": str(a.held), "available": str(a.available), "minimum": str(minimum),
            "topup_due_on": _iso(a.topup_due_on)}


def entry(e: DepositEntry) -> dict:
    return {"id": e.pk, "seq": e.seq, "kind": e.kind, "amount": str(e.amount), "balance_after": str(e.balance_after),
            "held_after": str(e.held_after), "note": e.note, "reference": e.reference,
            "complaint_reference": e.complaint_reference or None, "remedy_id": e.remedy_id,
            "created_at": _iso(e.created_at)}


def event(e: MerchantEvent) -> dict:
    return {"seq": e.seq, "type": e.type, "actor_role": e.actor_role, "at": _iso(e.at), "rule_id": e.rule_id,
            "old": e.old, "new": e.new, "data": e.data, "hash": e.hash, "prev_hash": e.prev_hash}
