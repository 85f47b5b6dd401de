"""Consumers' reports of suspected fake reviews or tie-ins (order page, or the public form by listing id)."""

from django.db import transaction

from weiquan.accounts.models import Role
from weiquan.commerce.selectors import order_by_number
from weiquan.fairtrade.event_types import FairTradeEventType
from weiquan.fairtrade.models import ConsumerReport, ReportKind, ReportState
from weiquan.fairtrade.services.common import FairTradeError, record, require_officer, text
from weiquan.quality.selectors import public_listing


def report_submit(*, actor, listing_id: str, kind: str, description: str, order_no: str = "") -> ConsumerReport:
    """Anyone may report by listing id; a logged-in consumer may name one of their own orders."""
    if kind not in ReportKind.values:
        raise FairTradeError("invalid", f"kind must be one of {ReportKind.values}", field="kind")
    listing = public_listing(text(listing_id, "listing", max_length=64))
    if listing is None:
        raise FairTradeError("invalid", "no listing with this id", field="listing")
    description = text(description, "description", min_length=5, max_length=2000)
    reporter = actor if getattr(actor, "is_authenticated", False) else None
    order = None
    if order_no:
        order = order_by_number(order_no.strip())
        if order is None or reporter is None or reporter.role != Role.CONSUMER or order.consumer_id != reporter.pk:
            raise FairTradeError("invalid", "not one of your orders", field="order_no")
        if order.merchant_id != listing.merchant_id:
            raise FairTradeError("invalid", "this listing is not from the order's merchant", field="listing")
    with transaction.atomic():
        report = ConsumerReport.objects.create(kind=kind, listing=listing, merchant=listing.merchant, order=order,
                                               reporter=reporter, text=description)
        record(FairTradeEventType.REPORT_RECEIVED, actor=reporter, report=report,
               data={"kind": kind, "listing": listing.external_id})
    return report


def report_dismiss(*, actor, report_id: int, note: str) -> ConsumerReport:
    require_officer(actor)
    note = text(note, "note", min_length=2, max_length=500)
    with transaction.atomic():
        report = ConsumerReport.objects.select_for_update().filter(pk=report_id).first()
        if report is None:
            raise FairTradeError("not_found", "no such report", status=404)
        if report.state != ReportState.NEW:
            raise FairTradeError("not_allowed", "the report was already handled", status=409)
        report.state = ReportState.DISMISSED
        report.save(update_fields=["state"])
        record(FairTradeEventType.REPORT_DISMISSED, actor=actor, report=report, old={"state": "new"},
               new={"state": "dismissed"}, data={"note": note})
    return report
