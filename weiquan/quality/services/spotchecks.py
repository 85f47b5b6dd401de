"""Quality spot checks (商品质量抽检): programmes, risk-weighted samples, lab results, and what a failure sets off.

A failed inspection, in one transaction: the listing is delisted (and the platform told by webhook), the merchant is
penalised per the quality policy, the result is published, and the buyers of the last 90 days are notified after
commit with the remedies the rights engine gives them.
"""

import hashlib
import random
import secrets
from datetime import date, timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from weiquan.merchants.event_types import GovernanceEventType
from weiquan.merchants.services import GovernanceError, governance_event_record, penalty_impose, webhook_enqueue
from weiquan.merchants.services.common import require_governance, text
from weiquan.quality import sampling
from weiquan.quality.models import Inspection, Listing, ListingState, SpotCheckProgramme
from weiquan.quality.services.buyers import notify_buyers_task
from weiquan.quality.services.policy import quality_policy

RISK_CLASSES = ("quality", "safety", "counterfeit")
SPOT_CHECK_RULE = "R-PQL40"
DELIST_RULE = "R-PLAT-38"
REPORT_TYPES = {".pdf": b"%PDF-", ".jpg": b"\xff\xd8\xff", ".jpeg": b"\xff\xd8\xff", ".png": b"\x89PNG\r\n\x1a\n"}
PENALTY_OF = {"warning": "warning", "restriction": "restriction", "suspension": "suspension"}


def programme_create(*, actor, name: str, sample_size: int, categories: list[str] | None = None,
                     random_share: Decimal = Decimal("0.20"), lookback_days: int = 90, lab: str = "",
                     description: str = "") -> SpotCheckProgramme:
    require_governance(actor)
    name = text(name, "name", max_length=200)
    if not isinstance(sample_size, int) or not 1 <= sample_size <= 500:
        raise GovernanceError("invalid", "sample_size must be between 1 and 500", field="sample_size")
    share = Decimal(str(random_share))
    if not Decimal("0") <= share <= Decimal("1"):
        raise GovernanceError("invalid", "random_share must be between 0 and 1", field="random_share")
    if share == 0:
        raise GovernanceError("invalid", "keep a random share above 0 so that every merchant can be checked",
                              field="random_share")
    if not 7 <= lookback_days <= 730:
        raise GovernanceError("invalid", "lookback_days must be between 7 and 730", field="lookback_days")
    categories = sorted({str(c).strip() for c in (categories or []) if str(c).strip()})
    return SpotCheckProgramme.objects.create(
        name=name, description=text(description, "description", required=False, max_length=2000),
        categories=categories, sample_size=sample_size, random_share=share, lookback_days=lookback_days,
        lab=text(lab, "lab", required=False, max_length=200), created_by=actor,
    )


def candidates_for(programme: SpotCheckProgramme, *, now=None) -> list[sampling.Candidate]:
    """Listings in scope with their own and their merchant's complaint and order counts over the look-back."""
    from weiquan.commerce.models import OrderLine
    from weiquan.complaints.models import Complaint

    now = now or timezone.now()
    since = now - timedelta(days=programme.lookback_days)
    listings = Listing.objects.exclude(state=ListingState.DELISTED).filter(merchant__status__in=[
        "active", "warned", "restricted", "suspended"])
    if programme.categories:
        listings = listings.filter(category__in=programme.categories)
    rows = list(listings.values_list("pk", "merchant_id", "sku"))
    merchant_ids = {m for _, m, _ in rows}
    orders = OrderLine.objects.filter(order__placed_at__gte=since, order__merchant_id__in=merchant_ids)
    product_orders = {(m, s): n for m, s, n in orders.values_list("product__merchant_id", "product__sku")
                      .annotate(n=Count("order", distinct=True)).values_list("product__merchant_id", "product__sku", "n")}
    merchant_orders = dict(orders.values_list("order__merchant_id").annotate(n=Count("order", distinct=True))
                           .values_list("order__merchant_id", "n"))
    risky = Complaint.objects.processable().filter(category__in=RISK_CLASSES, received_at__gte=since, merchant_id__in=merchant_ids)
    merchant_complaints = dict(risky.values_list("merchant_id").annotate(n=Count("pk", distinct=True))
                               .values_list("merchant_id", "n"))
    product_complaints = {
        (m, s): n for m, s, n in risky.filter(lines__isnull=False)
        .values_list("lines__product__merchant_id", "lines__product__sku")
        .annotate(n=Count("pk", distinct=True)).values_list("lines__product__merchant_id", "lines__product__sku", "n")
    }
    return [
        sampling.Candidate(listing_id=pk, merchant_id=m, complaints=product_complaints.get((m, s), 0),
                           orders=product_orders.get((m, s), 0), merchant_complaints=merchant_complaints.get(m, 0),
                           merchant_orders=merchant_orders.get(m, 0))
        for pk, m, s in rows
    ]


def programme_sample(*, actor, programme_id: int, seed: int | None = None) -> list[Inspection]:
    """Propose the sample (again, while nothing was sent to the lab); each pick says why it was picked."""
    require_governance(actor)
    with transaction.atomic():
        programme = SpotCheckProgramme.objects.select_for_update().filter(pk=programme_id).first()
        if programme is None:
            raise GovernanceError("not_found", "programme not found", status=404)
        if programme.state not in (SpotCheckProgramme.State.DRAFT, SpotCheckProgramme.State.SAMPLED):
            raise GovernanceError("already_running", "the sample is fixed once inspections are sent", status=409)
        programme.inspections.filter(state__in=[Inspection.State.PROPOSED, Inspection.State.DROPPED]).delete()
        programme.seed = seed if seed is not None else secrets.randbits(48)
        picks = sampling.draw(candidates_for(programme), size=programme.sample_size,
                              random_share=float(programme.random_share), rng=random.Random(programme.seed))
        inspections = Inspection.objects.bulk_create([
            Inspection(programme=programme, listing_id=p.candidate.listing_id, merchant_id=p.candidate.merchant_id,
                       pick_method=p.method, weight=p.weight, explanation=p.explanation, lab=programme.lab)
            for p in picks
        ])
        programme.state = SpotCheckProgramme.State.SAMPLED
        programme.save(update_fields=["seed", "state"])
    return inspections


def inspection_drop(*, actor, inspection_id: int, reason: str) -> Inspection:
    require_governance(actor)
    reason = text(reason, "reason", min_length=2, max_length=300)
    with transaction.atomic():
        inspection = Inspection.objects.select_for_update().filter(pk=inspection_id).first()
        if inspection is None:
            raise GovernanceError("not_found", "inspection not found", status=404)
        if inspection.state != Inspection.State.PROPOSED:
            raise GovernanceError("not_proposed", "only a proposed pick can be dropped", status=409)
        inspection.state = Inspection.State.DROPPED
        inspection.explanation = {**inspection.explanation, "dropped": reason}
        inspection.save(update_fields=["state", "explanation"])
    return inspection


def programme_start(*, actor, programme_id: int, lab: str = "") -> int:
    """Send the proposed picks to the lab. Unannounced: the merchants learn of it from the result."""
    require_governance(actor)
    with transaction.atomic():
        programme = SpotCheckProgramme.objects.select_for_update().filter(pk=programme_id).first()
        if programme is None:
            raise GovernanceError("not_found", "programme not found", status=404)
        if programme.state != SpotCheckProgramme.State.SAMPLED:
            raise GovernanceError("not_sampled", "draw the sample first", status=409)
        lab = text(lab, "lab", required=False, max_length=200) or programme.lab
        if not lab:
            raise GovernanceError("required", "name the lab that inspects the samples", field="lab")
        sent = programme.inspections.filter(state=Inspection.State.PROPOSED).update(
            state=Inspection.State.SENT, lab=lab, sent_at=timezone.now())
        if not sent:
            raise GovernanceError("empty_sample", "the sample has no picks to send", status=409)
        programme.state, programme.lab = SpotCheckProgramme.State.RUNNING, lab
        programme.save(update_fields=["state", "lab"])
    return sent


def _report(name: str, content: bytes) -> tuple[str, str]:
    clean = (name or "").replace("\\", "/").rsplit("/", 1)[-1].strip()[:255]
    ext = ("." + clean.rsplit(".", 1)[-1].lower()) if "." in clean else ""
    if not content or ext not in REPORT_TYPES or not content.startswith(REPORT_TYPES[ext]):
        raise GovernanceError("file_type", "the lab report must be a PDF, JPEG or PNG file", field="report")
    return clean, hashlib.sha256(content).hexdigest()


def inspection_record_result(*, actor, inspection_id: int, passed: bool, inspected_on: date, report_name: str,
                             report: bytes, defects: str = "", severity: str = "") -> Inspection:
    require_governance(actor)
    if passed and (severity or defects.strip()):
        raise GovernanceError("invalid", "a passed inspection records no defects", field="defects")
    if not passed:
        defects = text(defects, "defects", min_length=2, max_length=5000)
        if severity not in Inspection.Severity.values:
            raise GovernanceError("invalid", f"severity must be one of {Inspection.Severity.values}", field="severity")
    if not isinstance(inspected_on, date) or inspected_on > timezone.localdate():
        raise GovernanceError("invalid", "inspected_on must be a date not in the future", field="inspected_on")
    report_name, digest = _report(report_name, report)
    with transaction.atomic():
        inspection = Inspection.objects.select_for_update().select_related("listing", "merchant").filter(
            pk=inspection_id).first()
        if inspection is None:
            raise GovernanceError("not_found", "inspection not found", status=404)
        if inspection.state != Inspection.State.SENT:
            raise GovernanceError("not_sent", "a result is recorded once, for a sample sent to the lab", status=409)
        now = timezone.now()
        inspection.state = Inspection.State.PASSED if passed else Inspection.State.FAILED
        inspection.severity, inspection.defects, inspection.inspected_on = severity, defects.strip(), inspected_on
        inspection.report_name, inspection.report_sha256, inspection.report_size = report_name, digest, len(report)
        inspection.report.save(digest, ContentFile(report), save=False)
        inspection.recorded_by, inspection.recorded_at, inspection.published_at = actor, now, now
        consequences = {} if passed else _fail_consequences(inspection, actor)
        inspection.consequences = consequences
        inspection.save()
        governance_event_record(
            merchant_id=inspection.merchant_id,
            type=GovernanceEventType.INSPECTION_PASSED if passed else GovernanceEventType.INSPECTION_FAILED,
            actor=actor, rule_id=SPOT_CHECK_RULE,
            data={"inspection": inspection.pk, "listing": inspection.listing.external_id, "severity": severity,
                  "defects": inspection.defects, "report_sha256": digest, **consequences},
            written=(f"inspection:{inspection.pk}",))
        webhook_enqueue(topic="spot_check.result", payload={
            "inspection": inspection.pk, "listing": inspection.listing.external_id,
            "merchant": inspection.merchant.external_id, "result": inspection.state, "severity": severity,
            "inspected_on": inspected_on})
        _finish_programme(inspection.programme_id)
        if not passed:
            notify_buyers_task.enqueue(inspection.pk, key=f"notify_buyers:{inspection.pk}")
    return inspection


def _finish_programme(programme_id: int) -> None:
    programme = SpotCheckProgramme.objects.select_for_update().get(pk=programme_id)
    if programme.state == SpotCheckProgramme.State.RUNNING and not programme.inspections.filter(
            state__in=[Inspection.State.SENT, Inspection.State.PROPOSED]).exists():
        programme.state = SpotCheckProgramme.State.CLOSED
        programme.save(update_fields=["state"])


def listing_delist(*, actor, listing_id: int, reason: str, rule_id: str = DELIST_RULE, source: str = "manual") -> bool:
    """Take a listing off sale and tell the platform. Returns False when it was already delisted."""
    require_governance(actor)
    reason = text(reason, "reason", min_length=2, max_length=300)
    with transaction.atomic():
        listing = Listing.objects.select_for_update().select_related("merchant").filter(pk=listing_id).first()
        if listing is None:
            raise GovernanceError("not_found", "listing not found", status=404)
        return _delist(listing, actor=actor, reason=reason, rule_id=rule_id, source=source)


def _delist(listing: Listing, *, actor, reason: str, rule_id: str, source: str) -> bool:
    if listing.state == ListingState.DELISTED:
        return False
    old = listing.state
    listing.state, listing.delisted_at, listing.delist_reason = ListingState.DELISTED, timezone.now(), reason[:300]
    listing.save(update_fields=["state", "delisted_at", "delist_reason", "updated_at"])
    governance_event_record(merchant_id=listing.merchant_id, type=GovernanceEventType.LISTING_DELISTED, actor=actor,
                            rule_id=rule_id, old={"state": old}, new={"state": listing.state},
                            data={"listing": listing.external_id, "reason": reason, "source": source})
    webhook_enqueue(topic="listing.delisted", payload={
        "listing": listing.external_id, "merchant": listing.merchant.external_id, "sku": listing.sku,
        "reason": reason, "rule_id": rule_id, "source": source, "at": listing.delisted_at})
    return True


def _fail_consequences(inspection: Inspection, actor) -> dict:
    """The listing goes off sale and the merchant is penalised per policy, in the caller's transaction."""
    listing = Listing.objects.select_for_update().select_related("merchant").get(pk=inspection.listing_id)
    delisted = _delist(listing, actor=actor, reason=f"抽检不合格：{inspection.defects}"[:300],
                       rule_id=DELIST_RULE, source=f"inspection:{inspection.pk}")
    policy = quality_policy()
    action = {"minor": policy.minor_action, "major": policy.major_action,
              "critical": policy.critical_action}[inspection.severity]
    penalty_id = None
    if action in PENALTY_OF:
        ends_on = timezone.localdate() + timedelta(days=policy.penalty_days) if policy.penalty_days else None
        try:
            penalty = penalty_impose(
                actor=actor, merchant_id=inspection.merchant_id, kind=PENALTY_OF[action], source="spot_check",
                source_ref=f"inspection:{inspection.pk}", rule_id=SPOT_CHECK_RULE, ends_on=ends_on,
                reason=f"商品「{listing.title}」抽检不合格（{inspection.get_severity_display()}）：{inspection.defects}")
            penalty_id = penalty.pk
        except GovernanceError as exc:
            if exc.code != "illegal_transition":  # e.g. the merchant has already exited: nothing to penalise
                raise
    return {"delisted": delisted, "penalty": penalty_id, "policy_action": action}

