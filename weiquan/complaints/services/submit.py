"""Filing a complaint: by the consumer on the web, by an agent on the phone, or by the platform over the API."""

import functools
import uuid
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from weiquan.accounts.models import Role, User
from weiquan.commerce.models import Order
from weiquan.complaints import sla
from weiquan.complaints.assessment import (
    assess_facts,
    assessment_apply,
    clocks_at_filing,
    lines_with_listing_promise,
    listing_promise,
)
from weiquan.complaints.event_types import EventType
from weiquan.complaints.facts import FactsRefused, build_facts, check_stated, local_day
from weiquan.complaints.models import Category, Channel, Complaint, Priority, RemedyKind, Status
from weiquan.complaints.services.common import ComplaintError, amount, text, write_event

# Which channels each kind of filer may use; an agent records phone calls, the platform sends API and transfers.
FILER_CHANNELS = {
    Role.CONSUMER: {Channel.WEB, Channel.API},
    Role.AGENT: {Channel.PHONE, Channel.WEB, Channel.TRANSFER},
    Role.SUPERVISOR: {Channel.PHONE, Channel.WEB, Channel.TRANSFER},
    Role.ADMIN: {Channel.PHONE, Channel.WEB, Channel.TRANSFER},
    # Fair trading: a compliance officer opens cases for buyers charged more than others (they may withdraw).
    Role.COMPLIANCE: {Channel.WEB},
    Role.INTEGRATION: {Channel.API, Channel.TRANSFER},
    Role.AGENCY_API: {Channel.TRANSFER},  # a body's integration account (12315, ODR) transferring a complaint in
}


# Without a platform order the platform can still act on what its stores show and sell: false advertising on a
# listing, dishonest prices and unsafe goods. Other disputes about an offline purchase belong to 12315.
NO_ORDER_CATEGORIES = frozenset({Category.FALSE_ADVERTISING, Category.PRICE, Category.SAFETY})


def _check_filer(actor, order: Order | None, channel: str) -> None:
    allowed = FILER_CHANNELS.get(actor.role, set())
    if channel not in allowed:
        raise ComplaintError("forbidden", "you may not file a complaint through this channel", status=403)
    if actor.role == Role.CONSUMER and order is not None and order.consumer_id != actor.pk:
        raise ComplaintError("not_found", "order not found", status=404)


def _check_store(*, merchant, listing, category: str) -> None:
    """A complaint without an order names a store, a listing of that store (or none) and a class the platform acts on."""
    if merchant is None:
        raise ComplaintError("invalid", "name the order, or the store when there is no platform order", field="merchant")
    if listing is not None and listing.merchant_id != merchant.pk:
        raise ComplaintError("invalid", "the listing is not one of this store's", field="listing")
    if category not in NO_ORDER_CATEGORIES:
        raise ComplaintError(
            "outside_platform", "without a platform order the platform can act only on false advertising, prices "
            "and safety; other disputes go to 12315 (www.12315.cn)", field="category", status=422)


def _no_order_parties(actor, *, consumer, merchant, listing, category: str):
    """(consumer, merchant, listing) of a complaint without an order; raises ComplaintError when it cannot be one."""
    _check_store(merchant=merchant, listing=listing, category=category)
    if actor.role == Role.CONSUMER:
        consumer = actor
    if consumer is None or consumer.role != Role.CONSUMER:
        raise ComplaintError("invalid", "name the consumer the complaint is filed for", field="consumer")
    return consumer, merchant, listing


def open_duplicates(consumer_id: int, *, order=None, merchant_id: int | None = None, listing=None):
    """The consumer's cases still standing about the same order (or, without one, the same store and listing)."""
    qs = Complaint.objects.filter(consumer_id=consumer_id).exclude(status__in=[Status.WITHDRAWN, Status.NOT_ACCEPTED])
    if order is not None:
        return qs.filter(order=order).order_by("pk")
    qs = qs.filter(order__isnull=True, merchant_id=merchant_id)  # type: ignore[misc]
    return qs.filter(listing=listing).order_by("pk")  # listing None: cases about the store itself


STAFF_ROLES = frozenset({Role.AGENT, Role.SUPERVISOR, Role.ADMIN})


def _check_claim(category: str, remedies_wanted) -> None:
    if category not in Category.values:
        raise ComplaintError("invalid", f"category must be one of {Category.values}", field="category")
    if not isinstance(remedies_wanted, list) or not remedies_wanted or any(
        r not in RemedyKind.values for r in remedies_wanted
    ):
        raise ComplaintError("invalid", f"remedies_wanted must list some of {RemedyKind.values}", field="remedies_wanted")


def _chosen_lines(order: Order, line_ids, lines: list | None = None) -> list:
    """The order's lines the complaint is about, by line_no. `lines`: the caller already read them (with their
    products); they are checked to be the order's, not read again."""
    if lines is not None:
        if not lines or any(line.order_id != order.pk for line in lines):
            raise ComplaintError("invalid", "choose one or more lines of this order", field="line_ids")
        return sorted(lines, key=lambda line: line.line_no)
    # order_by replaces the model's ordering, which joins the order only to sort the lines of one order
    lines = list(lines_with_listing_promise(order.lines.select_related("product").filter(
        pk__in=set(line_ids or [])), order.merchant_id).order_by("line_no"))
    if not line_ids or len(lines) != len(set(line_ids)):
        raise ComplaintError("invalid", "choose one or more lines of this order", field="line_ids")
    return lines


@dataclass(frozen=True)
class AsFiled:
    """What a case just filed has besides its row: its lines and its one event (no message, evidence, response,
    decision or remedy yet). `complaint_submit` leaves it on the case it returns as `as_filed`, so the reply to the
    filer is built without reading the case back (present.detail)."""

    lines: list
    events: list


def _known_parties(complaint: Complaint, order: Order | None, consumer, merchant) -> None:
    """Hand the new case the consumer and store rows the caller already read, so the reply reads neither again."""
    if order is not None:
        consumer = order.consumer if Order.consumer.is_cached(order) else None  # type: ignore[attr-defined]
        merchant = order.merchant if Order.merchant.is_cached(order) else None  # type: ignore[attr-defined]
    if consumer is not None:
        complaint.consumer = consumer
    if merchant is not None:
        complaint.merchant = merchant


def _stated_facts(actor, facts, *, with_order: bool = True) -> dict:
    try:
        return check_stated(facts, staff=actor.role in STAFF_ROLES, with_order=with_order,
                            today=timezone.now().astimezone(sla.SHANGHAI).date())
    except FactsRefused as refused:
        raise ComplaintError("invalid", f"{refused.field} {refused.message}", field=refused.field) from None


def _case_facts(*, order: Order | None, lines: list, category: str, remedies_wanted, received_at: datetime,
                stated: dict, listing=None) -> dict:
    """The facts the case will carry. Facts the filer stated that the engine refuses (a return asked for before the
    goods arrived) are the filer's error, answered 422; without stated facts filing never fails for the engine."""
    facts = build_facts(order=order, lines=lines, category=category, remedies_wanted=remedies_wanted,
                        as_of=local_day(received_at), stated=stated,
                        promise=listing_promise(order.merchant_id, lines) if order is not None else bool(
                            listing is not None and listing.promises_no_reason_return))
    if stated:
        from weiquan.rights import InvalidFacts
        from weiquan.rights.schema import validate_facts

        try:
            validate_facts(facts)
        except InvalidFacts as invalid:
            first = invalid.errors[0]
            field = "facts." + ".".join(str(part) for part in first["loc"])
            raise ComplaintError("invalid", f"{field} {first['msg']}", field=field) from None
    return facts


def complaint_preview(*, actor: User | None, order: Order | None, line_ids: list[int], category: str,
                      remedies_wanted: list[str], facts: dict | None = None, channel: str = Channel.WEB,
                      merchant=None, listing=None, lines: list | None = None) -> dict:
    """What filing this complaint would store, without storing anything: {"rights_facts", "rights_assessment"} and
    the meta (points, proposal) for the wizard's review step. Refuses exactly what `complaint_submit` refuses about
    the order, lines, class, remedies and facts."""
    _check_filer(actor, order, channel)
    _check_claim(category, remedies_wanted)
    if order is None:  # who the consumer is does not change the assessment; the store and class do
        _check_store(merchant=merchant, listing=listing, category=category)
    lines = _chosen_lines(order, line_ids, lines) if order is not None else []
    stated = _stated_facts(actor, facts, with_order=order is not None)
    built = _case_facts(order=order, lines=lines, category=category, remedies_wanted=remedies_wanted,
                        received_at=timezone.now(), stated=stated, listing=listing)
    result, meta = assess_facts(built, category=category, stated=stated, wanted=sorted(set(remedies_wanted)))
    return {"rights_facts": built, "rights_assessment": result, "meta": meta}


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
    *, actor, order: Order | None, line_ids: list[int] | None = None, category: str, title: str, description: str,
    remedies_wanted: list[str], amount_claimed="0", channel: str = Channel.WEB, priority: str = Priority.NORMAL,
    received_at: datetime | None = None, external_ref: str | None = None, facts: dict | None = None,
    merchant=None, listing=None, consumer=None, body_due_at: datetime | None = None, body_due_by: str = "",
    lines: list | None = None,
) -> Complaint:
    """File a complaint against `order` (for its consumer), or without an order against `merchant` (and optionally
    one of its `listing`s) for `consumer` (the actor when a consumer files). Validates everything before writing.

    `facts`: what the filer states for the rights assessment (the `claim` and `goods` blocks and some `purchase`
    keys, complaints/facts.py); the rest comes from the order and its listing. Without an order the purchase is
    what the filer states.

    `body_due_at` / `body_due_by`: a case transferred in from an outside body carries that body's answer deadline and
    name; the case's clocks never run past it (sla.within_body_deadline).

    `lines`: the chosen order lines already read with their products (the API does), instead of `line_ids`.

    The returned case carries `as_filed` (AsFiled): the reply is built from it without reading the case back."""
    _check_filer(actor, order, channel)
    if body_due_at is not None and channel != Channel.TRANSFER:
        raise ComplaintError("invalid", "only a transferred case carries a body's deadline", field="body_due_at")
    _check_claim(category, remedies_wanted)
    if priority not in Priority.values:
        raise ComplaintError("invalid", f"priority must be one of {Priority.values}", field="priority")
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
    if order is not None:
        consumer_id, merchant_id, listing = order.consumer_id, order.merchant_id, None
        lines = _chosen_lines(order, line_ids, lines)
    else:
        consumer, merchant, listing = _no_order_parties(actor, consumer=consumer, merchant=merchant, listing=listing,
                                                        category=category)
        consumer_id, merchant_id, lines = consumer.pk, merchant.pk, []
    stated = _stated_facts(actor, facts, with_order=order is not None)
    built = _case_facts(order=order, lines=lines, category=category, remedies_wanted=remedies_wanted,
                        received_at=received_at, stated=stated, listing=listing)

    if external_ref and Complaint.objects.filter(external_ref=external_ref).exists():
        raise ComplaintError("conflict", "a complaint with this external reference exists", field="external_ref", status=409)
    # The case is made whole before the write transaction (on SQLite it holds the only write lock): its assessment,
    # statutory clocks and SLA clock; the row is then inserted once, complete, and only its reference (from its id)
    # and its chain head are written after.
    complaint = Complaint(
        reference=uuid.uuid4().hex[:24], consumer_id=consumer_id, order=order, merchant_id=merchant_id, listing=listing,
        category=category, title=title, description=description, remedies_wanted=sorted(set(remedies_wanted)),
        amount_claimed=claimed, channel=channel, priority=priority, received_at=received_at,
        filed_by=actor if actor.pk != consumer_id else None, external_ref=external_ref or None,
        body_due_at=body_due_at, body_due_by=(body_due_by or "")[:200],
    )
    _known_parties(complaint, order, consumer if order is None else None, merchant if order is None else None)
    # A person whose data is restricted may still file (a legal claim): the new case is restricted too.
    known = complaint.consumer if Complaint.consumer.is_cached(complaint) else None  # type: ignore[attr-defined]
    complaint.text_sealed = known.processing_restricted if known is not None else User.objects.filter(
        pk=consumer_id, processing_restricted=True).exists()
    version = assessment_apply(complaint, actor=actor, reason="filed", facts=built, version=1, assessed=assess_facts(
        built, category=category, stated=stated, wanted=complaint.remedies_wanted))
    complaint.statutory_clocks = clocks_at_filing(complaint)
    clock = sla.enter_phase(complaint, received_at)
    with transaction.atomic():
        # Only the columns the event names: the duplicate's whole row (its assessment documents) is not needed
        complaint.duplicate_of = open_duplicates(consumer_id, order=order, merchant_id=merchant_id,
                                                 listing=listing).only("pk", "reference").first()
        duplicate_of = complaint.duplicate_of
        complaint.save(force_insert=True)
        complaint.reference = f"WQ{received_at.astimezone(sla.SHANGHAI):%Y%m%d}{complaint.pk:06d}"
        # One INSERT for the lines (lines.set would first read which are there: none, on a new case)
        through = Complaint.lines.through
        through.objects.bulk_create([through(complaint_id=complaint.pk, orderline_id=line.pk) for line in lines])
        version.save()
        event = write_event(
            complaint, type=EventType.SUBMITTED, actor=actor, new_case=True,
            new={"status": complaint.status, "category": category, "channel": channel, **clock},
            data={"line_ids": sorted(line.pk for line in lines), "duplicate_of": duplicate_of.reference if duplicate_of else None,
                  "assessment_version": version.version,
                  **({} if order is not None else {"without_order": True, "listing": listing.external_id if listing else None})},
        )
        complaint.save(update_fields=["reference", "event_count", "event_head"])
    complaint.as_filed = AsFiled(lines=lines, events=[event])  # type: ignore[attr-defined]
    return complaint
