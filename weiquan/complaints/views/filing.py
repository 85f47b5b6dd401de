"""The filing wizard's vocabulary: problems in plain words mapped to the complaint classes, and the facts the rights
engine is asked about (RIGHTS_API.md) for an order and a chosen problem."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from weiquan.complaints.models import Category, RemedyKind

SHANGHAI = ZoneInfo("Asia/Shanghai")

# Which legal question a problem raises: a 7-day no-reason return, a quality defect, or neither.
NO_REASON, QUALITY, NONE = "no_reason", "quality", ""


@dataclass(frozen=True)
class Problem:
    key: str
    category: str
    text: object
    hint: object
    claim: str
    remedies: tuple[str, ...]


PROBLEMS: tuple[Problem, ...] = (
    Problem("defect", Category.QUALITY, _("商品有质量问题"), _("破损、故障、做工差、用几天就坏"), QUALITY,
            (RemedyKind.RETURN, RemedyKind.REFUND)),
    Problem("no_reason_refused", Category.AFTER_SALES, _("七天无理由退货被拒绝"), _("收货七天内想退，商家不同意"),
            NO_REASON, (RemedyKind.RETURN, RemedyKind.REFUND)),
    Problem("after_sales", Category.AFTER_SALES, _("售后服务不到位"), _("维修、换货、退款被拖延或推诿"), QUALITY,
            (RemedyKind.REPAIR,)),
    Problem("not_as_described", Category.FALSE_ADVERTISING, _("实物与宣传不符"), _("材质、功能、效果和页面描述不一样"),
            NO_REASON, (RemedyKind.RETURN, RemedyKind.REFUND)),
    Problem("counterfeit", Category.COUNTERFEIT, _("疑似假货"), _("山寨、仿冒品牌，或没有正规来源"), QUALITY,
            (RemedyKind.REFUND, RemedyKind.COMPENSATION)),
    Problem("safety", Category.SAFETY, _("有安全隐患或造成伤害"), _("漏电、起火、过敏、食品变质等"), QUALITY,
            (RemedyKind.REFUND, RemedyKind.COMPENSATION)),
    Problem("price", Category.PRICE, _("价格问题"), _("多收钱、先涨后降、优惠或价保不兑现"), NONE, (RemedyKind.REFUND,)),
    Problem("measurement", Category.MEASUREMENT, _("缺斤短两"), _("重量、尺寸、数量与标注不符"), NONE,
            (RemedyKind.REFUND,)),
    Problem("contract", Category.CONTRACT, _("不按约定履行"), _("不发货、擅自取消订单、霸王条款"), NONE,
            (RemedyKind.REFUND,)),
    Problem("dignity", Category.PERSONAL_DIGNITY, _("受到辱骂或歧视"), _("客服或配送人员侮辱、威胁、歧视"), NONE,
            (RemedyKind.APOLOGY,)),
    Problem("personal_data", Category.PERSONAL_DATA, _("个人信息被泄露或滥用"), _("骚扰电话、信息被公开或被转卖"), NONE,
            (RemedyKind.APOLOGY,)),
    Problem("other", Category.OTHER, _("其他问题"), _("以上都不符合"), NONE, (RemedyKind.OTHER,)),
)
PROBLEMS_BY_KEY = {p.key: p for p in PROBLEMS}
assert {p.category for p in PROBLEMS} == set(Category.values), "every complaint class has a plain-language choice"


def problem_for(key: str | None = None, *, category: str | None = None) -> Problem | None:
    """The chosen problem, or the first one of a class (a link from the rights guidance page names the class)."""
    if key in PROBLEMS_BY_KEY:
        return PROBLEMS_BY_KEY[key]
    return next((p for p in PROBLEMS if p.category == category), None)


def _local_day(moment) -> date | None:
    return moment.astimezone(SHANGHAI).date() if moment else None


def rights_facts(*, order, lines, problem: Problem, today: date | None = None) -> dict | None:
    """The facts document for `weiquan.rights.assess`, or None when the problem raises no question it answers."""
    if problem.claim == NONE:
        return None
    today = today or timezone.localdate(timezone=SHANGHAI)
    paid = sum((line.paid_amount for line in lines), Decimal("0")) if lines else order.total_paid
    purchase = {
        "channel": order.channel if order.channel in {"online", "tv", "phone", "mail", "offline"} else "online",
        "price_paid": f"{paid:.2f}",
        "purchase_date": _local_day(order.placed_at).isoformat(),
    }
    receipt = _local_day(order.received_at)
    if receipt:
        purchase["receipt_date"] = receipt.isoformat()
    claim_day = max(today, receipt) if receipt else today
    claim_key = "no_reason_return_notice_date" if problem.claim == NO_REASON else "quality_defect_found_date"
    return {"as_of": today.isoformat(), "purchase": purchase, "claim": {claim_key: claim_day.isoformat()}}


NO_REASON_REASONS = {
    "out_of_window": _("已超过七天无理由退货期。"),
    "not_personal_consumption": _("不是为生活消费购买，不适用七天无理由退货。"),
    "not_distance_sale": _("不是网购等远程购物，不适用七天无理由退货。"),
    "excluded_customized": _("定制商品不适用七天无理由退货。"),
    "excluded_fresh_perishable": _("鲜活易腐商品不适用七天无理由退货。"),
    "excluded_digital": _("已下载或拆封的数字商品不适用七天无理由退货。"),
    "excluded_newspaper_periodical": _("报纸、期刊不适用七天无理由退货。"),
    "excluded_confirmed_at_purchase": _("购买时您已确认该商品不适用七天无理由退货。"),
    "goods_not_complete": _("商品不完好，不能无理由退货。"),
}
WARNINGS = {
    "receipt_date_missing": _("订单没有签收日期，无法判断七天退货期。"),
    "rescission_not_assessed": _("收货超过七天后，质量问题能否退货要看是否符合解除合同的法定条件，需要由调解员判断。"),
    "rolled_reading_differs": _("按严格计算已超期，但退货期最后一天是法定休假日，顺延后仍在期限内。"),
    "notice_on_receipt_day": _("在签收当天提出退货，视为在退货期内。"),
    "calendar_year_not_loaded": _("所需年份的节假日安排尚未公布，相关期限暂不计算。"),
}


def _rules(ids, language: str) -> list[dict]:
    from weiquan.rights import RULE_TITLES

    key = "en" if language.startswith("en") else "zh"
    return [{"id": rid, "title": RULE_TITLES.get(rid, {}).get(key, "")} for rid in ids]


def assessment_points(answer: dict, *, language: str) -> list[dict]:
    """The engine's answer as sentences, each with the rules it rests on: [{"text", "ok", "rules": [{id, title}]}]."""
    from weiquan.core.money import format_cny

    points = []
    no_reason = answer.get("no_reason_return")
    if no_reason:
        first, last = no_reason.get("window_first_day"), no_reason.get("window_last_day")
        if no_reason.get("eligible"):
            shipping = (_("退货运费由商家承担") if no_reason.get("return_shipping_payer") == "seller"
                        else _("退货运费由您承担"))
            text = _("可以七天无理由退货：退货期 %(first)s 至 %(last)s，应退 %(amount)s，%(shipping)s。") % {
                "first": first, "last": last, "amount": format_cny(no_reason.get("refund_amount")), "shipping": shipping}
        elif no_reason.get("reason"):
            text = str(NO_REASON_REASONS.get(no_reason["reason"], no_reason["reason"]))
            if first and last:
                text += " " + _("退货期为 %(first)s 至 %(last)s。") % {"first": first, "last": last}
        else:
            text = _("暂时无法判断能否七天无理由退货。")
        rules = list(no_reason.get("legal_basis", []))
        if no_reason.get("refund_due_rule") and no_reason["refund_due_rule"] not in rules:
            rules.append(no_reason["refund_due_rule"])
        points.append({"text": text, "ok": bool(no_reason.get("eligible")), "rules": _rules(rules, language)})
    quality = answer.get("quality_return")
    if quality:
        from weiquan.complaints.models import RemedyKind

        names = pgettext("列举分隔符", "、").join(str(RemedyKind(r).label) for r in quality.get("remedies", []) if r in RemedyKind.values)
        if quality.get("return_without_conditions"):
            text = _("收货七日内出现质量问题，可以选择%(remedies)s，运费由商家承担。") % {"remedies": names}
        else:
            text = _("商品有质量问题，可以要求%(remedies)s，运费由商家承担。") % {"remedies": names}
        points.append({"text": text, "ok": True, "rules": _rules(quality.get("legal_basis", []), language)})
    for warning in answer.get("warnings", []):
        code, _sep, detail = warning.partition(":")
        known = WARNINGS.get(code)
        points.append({"text": str(known) if known else detail.strip(), "ok": None, "rules": []})
    return points
