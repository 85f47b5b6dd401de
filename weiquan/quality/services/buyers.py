"""Telling buyers that a product they bought failed a spot check, with the remedies the rights engine gives them.

Safe to run twice: one notice per (inspection, order), enforced by the database.
"""

import logging
from datetime import timedelta

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, override

from weiquan.core.outbox import task
from weiquan.core.services import business_calendar
from weiquan.quality.models import BuyerNotice, Inspection
from weiquan.quality.services.policy import quality_policy
from weiquan.rights.explain import laws_text

log = logging.getLogger(__name__)
REMEDY_LABELS = {"return": gettext_noop("退货"), "exchange": gettext_noop("换货"), "repair": gettext_noop("修理")}


def _orders(inspection: Inspection):
    """Orders of the last N days (policy) with a line of the failed product: same merchant, same SKU."""
    from weiquan.commerce.models import Order

    since = (inspection.recorded_at or timezone.now()) - timedelta(days=quality_policy().buyer_lookback_days)
    listing = inspection.listing
    return (Order.objects.filter(merchant_id=listing.merchant_id, placed_at__gte=since,
                                 lines__product__merchant_id=listing.merchant_id, lines__product__sku=listing.sku)
            .select_related("consumer", "merchant").distinct().order_by("pk"))


def rights_for(order, *, sku: str, category: str, on) -> dict:
    """The rights engine's answer for a quality defect found `on` this day; {} when it cannot answer."""
    try:
        from weiquan.rights import InvalidFacts, assess
    except ImportError:  # the engine is part of the product; without it the notice still goes out, without remedies
        return {}
    paid = order.lines.filter(product__sku=sku).aggregate(total=Sum("paid_amount"))["total"] or order.total_paid
    purchase = {"price_paid": f"{paid:.2f}", "purchase_date": timezone.localdate(order.placed_at).isoformat(),
                "category": category[:200]}
    if order.received_at:
        purchase["receipt_date"] = timezone.localdate(order.received_at).isoformat()
    facts = {"as_of": on.isoformat(), "purchase": purchase, "claim": {"quality_defect_found_date": on.isoformat()}}
    try:
        return assess(facts, calendar=business_calendar()).get("quality_return") or {}
    except (InvalidFacts, ValueError) as exc:
        log.warning("rights assessment failed for a spot-check notice: %s", type(exc).__name__)
        return {}


def notice_text(*, order, inspection: Inspection, rights: dict) -> str:
    listing = inspection.listing
    remedies = rights.get("remedies") or []
    text = _("您于 %(date)s 在「%(shop)s」购买的「%(title)s」经平台质量抽检不合格（%(defects)s），该商品已下架。") % {
        "date": timezone.localdate(order.placed_at).isoformat(), "shop": listing.merchant.name,
        "title": listing.title, "defects": inspection.defects}
    if remedies:
        text += _("依法您可以要求：%(remedies)s，运费由经营者承担（依据 %(rules)s）。") % {
            "remedies": "、".join(_(REMEDY_LABELS.get(r, r)) for r in remedies),
            "rules": laws_text(rights.get("legal_basis") or [])}
        if "return" not in remedies:
            text += _("收货超过7日的，符合法定解除合同条件时也可以退货，平台可协助判断。")
    text += _("需要帮助可在本平台发起投诉，订单号 %(order)s。") % {"order": order.order_no}
    return text


def buyers_notify(*, inspection_id: int) -> int:
    """Notify every buyer of the failed product once. Returns how many notices were new."""
    inspection = Inspection.objects.select_related("listing", "listing__merchant").filter(
        pk=inspection_id, state=Inspection.State.FAILED).first()
    if inspection is None:
        return 0
    on = timezone.localdate()
    created = 0
    for order in _orders(inspection):
        if BuyerNotice.objects.filter(inspection=inspection, order=order).exists():
            continue
        rights = rights_for(order, sku=inspection.listing.sku, category=inspection.listing.category, on=on)
        with override(order.consumer.preferred_language or "zh-hans"):
            text = notice_text(order=order, inspection=inspection, rights=rights)
            subject = _("您购买的商品抽检不合格")
        try:
            with transaction.atomic():
                notice = BuyerNotice.objects.create(
                    inspection=inspection, consumer=order.consumer, order=order, text=text,
                    remedies=rights.get("remedies") or [], rule_ids=rights.get("legal_basis") or [])
        except IntegrityError:
            continue  # written by a parallel run
        created += 1
        if order.consumer.email:
            send_mail(subject, text, None, [order.consumer.email], fail_silently=True)
            BuyerNotice.objects.filter(pk=notice.pk).update(emailed_at=timezone.now())
    with transaction.atomic():
        row = Inspection.objects.select_for_update().get(pk=inspection.pk)
        total = row.buyer_notices.count()
        row.consequences = {**row.consequences, "buyers_notified": total}
        row.save(update_fields=["consequences"])
    return created


def buyer_notices_mark_read(*, user, ids: list[int] | None = None) -> int:
    qs = BuyerNotice.objects.filter(consumer=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())


def pending_notifications() -> list[int]:
    """Failed inspections whose buyers were not (all) told yet, e.g. because the worker was down."""
    return list(Inspection.objects.filter(state=Inspection.State.FAILED)
                .exclude(consequences__has_key="buyers_notified").values_list("pk", flat=True))


__all__ = ["buyer_notices_mark_read", "buyers_notify", "notice_text", "pending_notifications", "rights_for"]


@task(queue="notifications")
def notify_buyers_task(inspection_id: int) -> int:
    """Runs `buyers_notify` from the outbox (declared beside it, so spot checks enqueue it without a tasks import)."""
    return buyers_notify(inspection_id=inspection_id)
