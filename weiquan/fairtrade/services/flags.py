"""Acting on a flag: the officer asks the merchant, the merchant explains, the officer closes it or imposes a measure
through merchant governance; fake reviews are marked; cases are opened for overcharged buyers."""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext

from weiquan.accounts.models import Role
from weiquan.commerce.selectors import order_line_get
from weiquan.complaints.services import ComplaintError, complaint_submit
from weiquan.fairtrade import workflow
from weiquan.fairtrade.event_types import FairTradeEventType
from weiquan.fairtrade.models import Flag, FlagKind, FlagState, Review
from weiquan.fairtrade.services.common import FairTradeError, record, require_officer, text
from weiquan.merchants.services import GovernanceError, notice_merchant, penalty_impose
from weiquan.notifications.services import notifications_send

PENALTY_KINDS = ("warning", "restriction", "suspension")


def _lock(flag_id: int) -> Flag:
    flag = Flag.objects.select_for_update().filter(pk=flag_id).first()
    if flag is None:
        raise FairTradeError("not_found", "no such flag", status=404)
    return flag


def _move(flag: Flag, action: str, who: str) -> tuple[str, str]:
    try:
        new = workflow.target(flag.state, action, who)
    except workflow.TransitionNotAllowed as exc:
        raise FairTradeError("not_allowed", str(exc), status=409) from exc
    old, flag.state = flag.state, new
    return old, new


def flag_request_explanation(*, actor, flag_id: int, message: str) -> Flag:
    """Ask the merchant to explain; from now on the merchant sees this flag (and only its own)."""
    require_officer(actor)
    message = text(message, "message", min_length=5, max_length=2000)
    with transaction.atomic():
        flag = _lock(flag_id)
        old, new = _move(flag, "request_explanation", workflow.OFFICER)
        flag.requested_at, flag.request_text = timezone.now(), message
        flag.save(update_fields=["state", "requested_at", "request_text"])
        record(FairTradeEventType.EXPLANATION_REQUESTED, actor=actor, flag=flag, rule_id=flag.rule_id,
               old={"state": old}, new={"state": new}, data={"message": message})
        notice_merchant(flag.merchant, kind="fair_trading_explanation", dedupe_key=f"fair_trading:{flag.pk}:ask",
                        data={"fair_trading_flag": flag.pk, "message": message})
    return flag


def flag_explain(*, actor, flag_id: int, explanation: str) -> Flag:
    """The merchant's answer (it may add to it until the officer decides)."""
    explanation = text(explanation, "explanation", min_length=5, max_length=5000)
    with transaction.atomic():
        flag = _lock(flag_id)
        mine = (getattr(actor, "role", None) == Role.MERCHANT and actor.is_active
                and actor.merchant_id == flag.merchant_id)
        if not mine or flag.requested_at is None:
            raise FairTradeError("not_found", "no such flag", status=404)
        old, new = _move(flag, "explain", workflow.MERCHANT)
        flag.explanation, flag.explained_at = explanation, timezone.now()
        flag.save(update_fields=["state", "explanation", "explained_at"])
        record(FairTradeEventType.EXPLAINED, actor=actor, flag=flag, old={"state": old}, new={"state": new},
               data={"explanation": explanation})
    return flag


def flag_close_unfounded(*, actor, flag_id: int, note: str) -> Flag:
    require_officer(actor)
    note = text(note, "note", min_length=5, max_length=2000)
    with transaction.atomic():
        flag = _lock(flag_id)
        old, new = _move(flag, "close_unfounded", workflow.OFFICER)
        flag.closed_at, flag.close_note = timezone.now(), note
        flag.save(update_fields=["state", "closed_at", "close_note"])
        record(FairTradeEventType.CLOSED_UNFOUNDED, actor=actor, flag=flag, old={"state": old}, new={"state": new},
               data={"note": note})
        if flag.requested_at:
            notice_merchant(flag.merchant, kind="fair_trading_closed", dedupe_key=f"fair_trading:{flag.pk}:closed",
                            data={"fair_trading_flag": flag.pk, "note": note})
    return flag


def _mark_fake(flag: Flag, actor) -> int:
    """The reviews behind a founded fake-review flag leave the listing's rating (kept as evidence, not deleted)."""
    now = timezone.now()
    ids = [str(r) for r in flag.rows]
    marked = Review.objects.filter(external_id__in=ids, merchant_id=flag.merchant_id, fake_flag__isnull=True)
    count = marked.update(fake_flag=flag, fake_marked_at=now)
    if count:
        record(FairTradeEventType.REVIEWS_MARKED_FAKE, actor=actor, flag=flag, rule_id="R-PLAT-FT-RATING",
               data={"reviews": count})
    return count


def flag_penalise(*, actor, flag_id: int, kind: str, reason: str, ends_on: date | None = None) -> Flag:
    """Founded: impose a measure through merchant governance (published like every penalty)."""
    require_officer(actor)
    if kind not in PENALTY_KINDS:
        raise FairTradeError("invalid", f"kind must be one of {list(PENALTY_KINDS)}", field="kind")
    reason = text(reason, "reason", min_length=5, max_length=2000)
    with transaction.atomic():
        flag = _lock(flag_id)
        old, new = _move(flag, "penalise", workflow.OFFICER)
        try:
            penalty = penalty_impose(actor=actor, merchant_id=flag.merchant_id, kind=kind, reason=reason,
                                     rule_id=flag.rule_id, source_ref=f"fair_trading_flag:{flag.pk}", ends_on=ends_on)
        except GovernanceError as exc:
            raise FairTradeError(exc.code, exc.message, field=exc.field, status=exc.status) from exc
        flag.penalty, flag.closed_at, flag.close_note = penalty, timezone.now(), reason
        flag.save(update_fields=["state", "penalty", "closed_at", "close_note"])
        record(FairTradeEventType.PENALISED, actor=actor, flag=flag, rule_id=flag.rule_id, old={"state": old},
               new={"state": new}, data={"penalty": penalty.pk, "kind": kind, "reason": reason})
        if flag.kind == FlagKind.FAKE_REVIEWS:
            _mark_fake(flag, actor)
    return flag


def _overcharged_lines(flag: Flag) -> list[tuple[str, int, Decimal]]:
    out = []
    for ref, amount in sorted((flag.figures.get("overcharges") or {}).items()):
        order_no, _, line_no = ref.rpartition("#")
        out.append((order_no, int(line_no), Decimal(amount)))
    return out


def _tell_buyer(complaint, amount: Decimal) -> None:
    """The buyer learns why a case was opened in their name and that they may withdraw it."""
    def compose(user):
        subject = gettext("平台已为您发起一项价格投诉（%(ref)s）") % {"ref": complaint.reference}
        body = gettext("平台在公平交易核查中发现，您被收取了高于同一时间其他买家的价格（差额 %(amount)s 元），"
                       "已为您发起投诉以追回差价。如您不希望继续，可随时在投诉页面撤回。") % {"amount": amount}
        return subject, body

    try:
        link = reverse("complaints:my_complaint", kwargs={"complaint_id": complaint.pk})
    except NoReverseMatch:
        link = ""
    notifications_send(recipients=[complaint.consumer], ref=f"fair_trading_case:{complaint.pk}",
                       kind="fair_trading_case", compose=compose, link=link)


def flag_open_cases(*, actor, flag_id: int) -> list[str]:
    """Open one case per overcharged buyer's line (category price, refund of the difference claimed); the buyer is
    told in the case's thread and may withdraw. Safe to repeat: lines that already have a case are skipped."""
    require_officer(actor)
    with transaction.atomic():
        flag = _lock(flag_id)
        if flag.kind != FlagKind.PERSONALISED_PRICE:
            raise FairTradeError("invalid", "cases for overcharged buyers come from personalised-price flags",
                                 field="flag")
        if flag.state == FlagState.UNFOUNDED:
            raise FairTradeError("not_allowed", "the flag was closed as unfounded", status=409)
        opened = dict(flag.figures.get("cases") or {})
        new_refs = []
        for order_no, line_no, amount in _overcharged_lines(flag):
            ref = f"{order_no}#{line_no}"
            line = order_line_get(order_no, line_no)
            if ref in opened or line is None:
                continue
            try:
                complaint = complaint_submit(
                    actor=actor, order=line.order, line_ids=[line.pk], category="price",
                    title="平台核查：同一时间同一商品被收取更高价格",
                    description=(f"平台公平交易核查发现，您在同一时间购买的同一商品比其他买家多支付了 {amount} 元，"
                                 "平台为您发起此投诉，要求商家退还差价。"),
                    remedies_wanted=["refund"], amount_claimed=str(amount), channel="web",
                    external_ref=f"fair_trading:{flag.pk}:{ref}")
                _tell_buyer(complaint, amount)
            except ComplaintError as exc:
                raise FairTradeError(exc.code, f"{ref}: {exc.message}", field="flag", status=exc.status) from exc
            opened[ref] = complaint.reference
            new_refs.append(complaint.reference)
        if new_refs:
            flag.figures = {**flag.figures, "cases": opened}
            flag.save(update_fields=["figures"])
            record(FairTradeEventType.CASES_OPENED, actor=actor, flag=flag, rule_id=flag.rule_id,
                   data={"cases": new_refs})
    return new_refs
