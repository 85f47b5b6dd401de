"""What every complaint write shares: errors, input checks, the row lock, events with after-commit delivery."""

import re
from decimal import Decimal

from django.conf import settings
from django.utils.module_loading import import_string

from weiquan.accounts.models import User
from weiquan.complaints import events
from weiquan.complaints.event_types import EventType
from weiquan.complaints.models import Complaint, ComplaintEvent, RemedyKind
from weiquan.complaints.workflow import actor_kind
from weiquan.core.errors import DomainError
from weiquan.core.money import to_money
from weiquan.core.outbox import outbox_enqueue_many


class ComplaintError(DomainError):
    """Bad input or a refused request on a case; nothing was changed. `params` carries the values a page needs to
    say it in words (a limit, a minimum length)."""


def lock(complaint_id: int, *, case_row_only: bool = False) -> Complaint:
    """The case's row lock, with its content as it is now (the next event commits what the service changes).
    `case_row_only`: the service changes the case row alone and reads neither party's account nor the case's
    documents, which are left unloaded (events.py, `remember_case_row`)."""
    if case_row_only:  # the fields of the row's digests and the chain head: not the case's large documents
        return events.remember_case_row(Complaint.objects.select_for_update().only(
            "event_count", "event_head", *events.CASE_ROW_FIELDS).get(pk=complaint_id))
    # of=("self",): lock the case row only, not the consumer's and merchant's rows joined in for reading (that would
    # serialise every case of one merchant and invite deadlocks with anything else that updates those rows).
    complaint = Complaint.objects.select_for_update(of=("self",)).select_related("consumer", "merchant").get(
        pk=complaint_id)
    return events.remember_content(complaint)


def text(data: dict, key: str, *, required: bool = True, max_length: int = 5000, min_length: int = 1) -> str:
    value = data.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ComplaintError("invalid", f"{key} must be text", field=key)
    if "\x00" in value:  # PostgreSQL cannot store it; refuse it as bad input on every database
        raise ComplaintError("invalid", f"{key} must not contain NUL characters", field=key)
    value = value.strip()
    if required and len(value) < min_length:
        raise ComplaintError("required", f"{key} is required", field=key)
    if len(value) > max_length:
        raise ComplaintError("too_long", f"{key} is longer than {max_length} characters", field=key)
    return value


def identifier(data: dict, key: str) -> int | None:
    """A row id from a request: a positive whole number, or None when absent (the caller decides if that is ok)."""
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ComplaintError("invalid", f"{key} must be a positive whole number", field=key)
    return value


PLAIN_AMOUNT = re.compile(r"-?[0-9]{1,15}(\.[0-9]{1,15})?")


def amount(value, *, field: str) -> Decimal:
    """An amount as people and systems write it: ASCII digits, at most two decimals. Anything else (fullwidth
    digits, exponents, sub-cent precision) is refused rather than rounded or reinterpreted."""
    if isinstance(value, bool) or not isinstance(value, int | str | Decimal):
        raise ComplaintError("invalid_amount", f"{field} must be a number like 12.50", field=field)
    text = format(value, "f") if isinstance(value, Decimal) else str(value).strip()
    if not PLAIN_AMOUNT.fullmatch(text):
        raise ComplaintError("invalid_amount", f"{field} must be written like 12.50", field=field)
    if Decimal(text) != Decimal(text).quantize(Decimal("0.01")):
        raise ComplaintError("invalid_amount", f"{field} has more than two decimals", field=field)
    try:
        result = to_money(text)
    except (TypeError, ValueError) as exc:
        raise ComplaintError("invalid_amount", f"{field}: {exc}", field=field) from exc
    if result < 0 or result > Decimal("100000000"):
        raise ComplaintError("invalid_amount", f"{field} must be between 0 and 100,000,000", field=field)
    return result


def remedy_specs(data: dict, *, required: bool) -> list[dict]:
    """Validate [{kind, amount, note, rule_ids}] from a request."""
    raw = data.get("remedies") or []
    if not isinstance(raw, list):
        raise ComplaintError("invalid", "remedies must be a list", field="remedies")
    if required and not raw:
        raise ComplaintError("required", "at least one remedy is required", field="remedies")
    specs = []
    for i, item in enumerate(raw):
        if not isinstance(item, dict) or item.get("kind") not in RemedyKind.values:
            raise ComplaintError("invalid", f"remedies[{i}].kind must be one of {RemedyKind.values}", field="remedies")
        rule_ids = item.get("rule_ids") or []
        if not isinstance(rule_ids, list) or len(rule_ids) > 20 or not all(isinstance(r, str) for r in rule_ids):
            raise ComplaintError("invalid", f"remedies[{i}].rule_ids must be a list of up to 20 rule IDs",
                                 field=f"remedies[{i}].rule_ids")
        specs.append({
            "kind": item["kind"],
            "amount": amount(item.get("amount", "0"), field=f"remedies[{i}].amount"),
            "note": text(item, "note", required=False, max_length=300),
            "rule_ids": rule_ids,
        })
    return specs


def party_of(complaint: Complaint, user) -> str:
    kind = actor_kind(complaint, user)
    return {"consumer": "consumer", "merchant": "merchant", None: "platform"}.get(kind, "platform")


def write_event(complaint: Complaint, *, type: EventType | str, actor: User | None, old: dict | None = None,
                new: dict | None = None, data: dict | None = None, visible_to_parties: bool = True,
                new_case: bool = False) -> ComplaintEvent:
    """Record the event and, in the same transaction, the work it causes: one outbox task per subscriber
    (settings.WEIQUAN_EVENT_SUBSCRIBERS: notifications, triage, analytics ...), keyed by (event, subscriber).

    Subscribers live in other apps; the case does not need to know them. Committing the tasks with the event means a
    crash after the commit loses nothing: the worker delivers them (decision 0007)."""
    role: str = (actor_kind(complaint, actor) or actor.role or "system") if actor else "system"
    event = events.record_event(
        complaint, type=type, actor=actor, actor_role=role, old=old, new=new, data=data,
        visible_to_parties=visible_to_parties, new_case=new_case,
    )
    outbox_enqueue_many((task, [event.pk], f"event:{event.pk}:{task.module_path}") for task in _subscribers()
                        if task.wants is None or task.wants(event))
    return event


def _subscribers():
    return [import_string(path) for path in settings.WEIQUAN_EVENT_SUBSCRIBERS]
