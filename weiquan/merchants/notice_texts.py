"""A governance notice's words in the reader's language, made when it is shown or e-mailed.

A notice stores its kind and the facts it is about (`data`: dates, amounts, codes, and what a person wrote: a
listing's title, a reviewer's reasons). The sentence around them is worded here, through gettext, in the active
language. Notices written before their facts were stored keep the text they were written with (`notice.text`).
"""

from collections.abc import Callable
from decimal import Decimal

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from weiquan.core.money import format_cny
from weiquan.merchants.models import AppealState, GovernanceNotice, LicenceKind, PenaltyKind


def _english() -> bool:
    return (get_language() or "").startswith("en")


def _join(items) -> str:
    return _("、").join(str(item) for item in items)


def _choice(choices, code: str) -> str:
    return str(choices(code).label) if code in choices.values else code


def _licence_names(codes: list[str]) -> str:
    kinds = {k.code: k.label for k in LicenceKind.objects.filter(code__in=codes)}
    return _join(kinds.get(code, code) for code in codes)


def _listing_noncompliant(d: dict) -> str:
    english = _english()
    labels = [(m.get("label_en") if english else "") or m["label"] for m in d["missing_labels"]]
    return _("商品「%(title)s」缺少必须展示的信息：%(missing)s") % {"title": d["title"], "missing": _join(labels)}


def _price_flag(d: dict) -> str:
    values = {"title": d["title"], "reference": format_cny(Decimal(d["reference_price"]))}
    if d.get("basis_price") is None:
        return _("商品「%(title)s」划线价 %(reference)s 高于促销前7日内最低成交价，请更正") % values
    return _("商品「%(title)s」划线价 %(reference)s 高于促销前7日内最低成交价 %(basis)s，请更正") % {
        **values, "basis": format_cny(Decimal(d["basis_price"]))}


def _penalty_imposed(d: dict) -> str:
    return _("平台对店铺作出处罚：%(kind)s。理由：%(reason)s（依据 %(rule)s）") % {
        "kind": _choice(PenaltyKind, d["kind"]), "reason": d["reason"], "rule": d["rule_id"]}


def _appeal_decided(d: dict) -> str:
    return (_("处罚申诉复核结果：%(outcome)s。") % {"outcome": _choice(AppealState, d["outcome"])}
            + d["answer"])


def _application_info_requested(d: dict) -> str:
    text = _("资质申请需补充材料：%(items)s") % {"items": _licence_names(d["items"])}
    return f"{text} {d['note']}".strip()


def _licence_expiring(d: dict) -> str:
    return _("%(kind)s（%(number)s）将于 %(day)s 到期，请及时更新") % {
        "kind": _licence_names([d["kind"]]), "number": d["number"], "day": d["valid_until"]}


WORDINGS: dict[str, Callable[[dict], str]] = {
    "listing_noncompliant": _listing_noncompliant,
    "price_flag": _price_flag,
    "penalty_imposed": _penalty_imposed,
    "appeal_decided": _appeal_decided,
    "application_rejected": lambda d: _("资质申请未通过：%(reasons)s") % {"reasons": d["reasons"]},
    "application_info_requested": _application_info_requested,
    "reverification_opened": lambda d: _("请在 %(day)s 前完成商家资质核验（核对主体信息、更新证照后提交）") % {
        "day": d["due_on"]},
    "reverification_reminder": lambda d: _("资质核验还剩 %(days)s 天（截止 %(day)s），逾期将被限制经营") % {
        "days": d["days_left"], "day": d["due_on"]},
    "licence_expiring": _licence_expiring,
    "deposit_due": lambda d: _("请于 %(day)s 前缴纳保证金 %(amount)s") % {
        "day": d["due_on"], "amount": format_cny(Decimal(d["minimum"]))},
    "topup_requested": lambda d: _("保证金余额 %(balance)s 低于类目最低额 %(minimum)s，请补缴 %(shortfall)s") % {
        "balance": format_cny(Decimal(d["balance"])), "minimum": format_cny(Decimal(d["minimum"])),
        "shortfall": format_cny(Decimal(d["shortfall"]))},
    "fair_trading_explanation": lambda d: _("平台请店铺就一项公平交易提示作出说明：%(message)s") % {
        "message": d["message"]},
    "fair_trading_closed": lambda d: _("平台已核查完毕，此前要求说明的公平交易提示不成立，已关闭。") + d["note"],
}


def notice_text(notice: GovernanceNotice) -> str:
    """The notice in the active language; the stored text when its facts were not stored (an older notice)."""
    wording = WORDINGS.get(notice.kind)
    if wording is not None:
        try:
            return wording(notice.data or {})
        except (KeyError, TypeError, ArithmeticError, ValueError):
            pass  # written before the facts were stored with it
    return notice.text
