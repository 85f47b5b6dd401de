"""Filing a complaint: by the consumer on the web, by an agent on the phone, or by the platform over the API."""

import functools
import uuid
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from weiquan.accounts.models import Role
from weiquan.commerce.models import Order
from weiquan.complaints import sla
from weiquan.complaints.assessment import assess_complaint, clocks_at_filing
from weiquan.complaints.models import Category, Channel, Complaint, Priority, RemedyKind, Status
from weiquan.complaints.services.common import ComplaintError, amount, text, write_event

# Which channels each kind of filer may use; an agent records phone calls, the platform sends API and transfers.
FILER_CHANNELS = {
    Role.CONSUMER: {Channel.WEB, Channel.API},
    Role.AGENT: {Channel.PHONE, Channel.WEB, Channel.TRANSFER},
    Role.SUPERVISOR: {Channel.PHONE, Channel.WEB, Channel.TRANSFER},
    Role.ADMIN: {Channel.PHONE, Channel.WEB, Channel.TRANSFER},
    Role.INTEGRATION: {Channel.API, Channel.TRANSFER},
}


def _check_filer(actor, order: Order, channel: str) -> None:
    allowed = FILER_CHANNELS.get(actor.role, set())
    if channel not in allowed:
        raise ComplaintError("forbidden", "you may not file a complaint through this channel", status=403)
    if actor.role == Role.CONSUMER and order.consumer_id != actor.pk:
        raise ComplaintError("not_found", "order not found", status=404)


def _same_external_ref_is_409(submit):
    """Two filings with one external_ref at once both pass the service's check; the unique index lets one in and the
    other gets the same 409 as a filing that came second, instead of an IntegrityError."""

    @functools.wraps(submit)
    def wrapper(*args, **kwargs):
        try:
            return submit(*args, **kwargs)
        except IntegrityError:
            ref = kwargs.get("external_ref")
            if ref and Complaint.objects.filter(external_ref=ref).exists():
                raise ComplaintError("conflict", "a complaint with this external reference exists",
                                     field="external_ref", status=409) from None
            raise

    return wrapper


@_same_external_ref_is_409
def complaint_submit(
    *, actor, order: Order, line_ids: list[int], category: str, title: str, description: str,
    remedies_wanted: list[str], amount_claimed="0", channel: str = Channel.WEB, priority: str = Priority.NORMAL,
    received_at: datetime | None = None, external_ref: str | None = None,
) -> Complaint:
    """File a complaint against `order` (for its consumer). Validates everything before writing anything."""
    _check_filer(actor, order, channel)
    if category not in Category.values:
        raise ComplaintError("invalid", f"category must be one of {Category.values}", field="category")
    if priority not in Priority.values:
        raise ComplaintError("invalid", f"priority must be one of {Priority.values}", field="priority")
    if not isinstance(remedies_wanted, list) or not remedies_wanted or any(
        r not in RemedyKind.values for r in remedies_wanted
    ):
        raise ComplaintError("invalid", f"remedies_wanted must list some of {RemedyKind.values}", field="remedies_wanted")
    fields = {"title": title, "description": description}
    title = text(fields, "title", max_length=200)
    description = text(fields, "description", max_length=10000, min_length=5)
    claimed = amount(amount_claimed, field="amount_claimed")
    now = timezone.now()
    if actor.role == Role.CONSUMER:
        priority = Priority.NORMAL  # the platform sets priority (triage, staff); a consumer's own case starts normal
    if received_at is None or (channel != Channel.PHONE and actor.role != Role.INTEGRATION):
        received_at = now  # only a phone agent or the platform may state when a complaint was received
    if received_at > now:
        raise ComplaintError("invalid", "received_at cannot be in the future", field="received_at")
    lines = list(order.lines.filter(pk__in=set(line_ids or [])))
    if not line_ids or len(lines) != len(set(line_ids)):
        raise ComplaintError("invalid", "choose one or more lines of this order", field="line_ids")

    if external_ref and Complaint.objects.filter(external_ref=external_ref).exists():
        raise ComplaintError("conflict", "a complaint with this external reference exists", field="external_ref", status=409)
    with transaction.atomic():
        duplicate_of = (
            Complaint.objects.filter(consumer_id=order.consumer_id, order=order)
            .exclude(status__in=[Status.WITHDRAWN, Status.NOT_ACCEPTED])
            .order_by("pk").first()
        )
        complaint = Complaint.objects.create(
            reference=uuid.uuid4().hex[:24], consumer_id=order.consumer_id, order=order, merchant_id=order.merchant_id,
            category=category, title=title, description=description, remedies_wanted=sorted(set(remedies_wanted)),
            amount_claimed=claimed, channel=channel, priority=priority, received_at=received_at,
            filed_by=actor if actor.pk != order.consumer_id else None, external_ref=external_ref or None,
            duplicate_of=duplicate_of,
        )
        complaint.reference = f"WQ{received_at.astimezone(sla.SHANGHAI):%Y%m%d}{complaint.pk:06d}"
        complaint.lines.set(lines)
        complaint.rights_assessment = assess_complaint(complaint)  # never raises: filing goes on
        complaint.statutory_clocks = clocks_at_filing(complaint.rights_assessment)
        clock = sla.enter_phase(complaint, received_at)
        complaint.save()
        write_event(
            complaint, type="submitted", actor=actor,
            new={"status": complaint.status, "category": category, "channel": channel, **clock},
            data={"line_ids": sorted(line.pk for line in lines), "duplicate_of": duplicate_of.reference if duplicate_of else None},
        )
    return complaint
