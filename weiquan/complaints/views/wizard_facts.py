"""The filing wizard's questions for the rights engine: which ones each problem asks, and how the answers become the
facts the filer states (the `facts` body of `POST /api/v1/complaints`, complaints/facts.py).

The wizard and the API then go through the same service with the same statement, so what the review step shows is
what the case stores. Unanswered questions state nothing: the case then assumes what `build_facts` assumes.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext_lazy as _

from weiquan.rights.guide import CONDITION_CHOICES, CONDITION_GOODS, GOODS_KINDS

# Groups of questions, each shown for the problems that raise its legal question (a fake or misdescribed item asked
# back is a no-reason return too: weiquan.rights.facts_document).
NO_REASON_DAY, DEFECT_DAY, GOODS_KIND, CONDITION, PRODUCT, FRAUD, DURABLE = (
    "no_reason_day", "defect_day", "goods_kind", "condition", "product", "fraud", "durable")
QUESTIONS_BY_PROBLEM: dict[str, tuple[str, ...]] = {
    "defect": (DEFECT_DAY, PRODUCT, DURABLE),
    "no_reason_refused": (NO_REASON_DAY, GOODS_KIND, CONDITION),
    "after_sales": (DEFECT_DAY, DURABLE),
    "not_as_described": (NO_REASON_DAY, CONDITION, FRAUD),
    "counterfeit": (NO_REASON_DAY, CONDITION, FRAUD, PRODUCT),
    "safety": (DEFECT_DAY, PRODUCT),
}
# The problems whose punitive questions are always put to the engine (a safety complaint is about the harm itself).
ALWAYS_PUNITIVE = frozenset({"safety"})

PRODUCT_CHOICES = [
    ("other", _("其他商品")),
    ("food", _("食品（含保健食品、婴幼儿配方食品）")),
    ("drug", _("药品")),
    ("cosmetic", _("化妆品")),
]
INJURY_CHOICES = [
    ("none", _("没有造成人身伤害")),
    ("serious", _("造成了健康严重损害")),
    ("death", _("造成了死亡")),
]
MAX_LOSS = Decimal("100000000.00")
MAX_WARRANTY_MONTHS = 120
MAX_REPAIR_DAYS = 3650


def questions_for(problem_key: str | None) -> tuple[str, ...]:
    return QUESTIONS_BY_PROBLEM.get(problem_key or "", ())


def _date(post, name: str) -> str | None:
    raw = (post.get(name) or "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw).isoformat() if len(raw) == 10 else "!"
    except ValueError:
        return "!"


def _flag(post, name: str) -> bool:
    return post.get(name) in ("1", "on", "true", "yes")


def read_answers(post) -> dict[str, Any]:
    """The answers as posted, whatever the problem (the template shows them again)."""
    return {
        "nr_day": post.get("fact_nr_day", ""), "defect_day": post.get("fact_defect_day", ""),
        "goods_kind": post.get("fact_goods_kind", "ordinary"), "condition": post.get("fact_condition", "complete"),
        "product": post.get("fact_product", "other"), "food_unsafe": _flag(post, "fact_food_unsafe"),
        "drug_bad": _flag(post, "fact_drug_bad"), "seller_knew": _flag(post, "fact_seller_knew"),
        "label_only": _flag(post, "fact_label_only"), "injury": post.get("fact_injury", "none"),
        "loss": post.get("fact_loss", ""), "fraud": _flag(post, "fact_fraud"), "durable": _flag(post, "fact_durable"),
        "failure_day": post.get("fact_failure_day", ""), "warranty_months": post.get("fact_warranty_months", ""),
        "repairs": post.get("fact_repairs", ""), "sale_day": post.get("fact_sale_day", ""),
        "repair_days": post.get("fact_repair_days", ""), "price": post.get("fact_price", ""),
        "receipt_day": post.get("fact_receipt_day", ""),
    }


def stated_facts(problem_key: str | None, post, *, no_order: bool = False) -> tuple[dict[str, Any], dict[str, str]]:
    """(the facts the filer states, errors by form field). Only the chosen problem's questions count; without a
    platform order the price paid and the day of receipt are asked too (there is no order to take them from)."""
    asked = questions_for(problem_key)
    if no_order:  # a 7-day no-reason return is a right of the distance sale; without a platform order none is known
        asked = tuple(q for q in asked if q not in (NO_REASON_DAY, GOODS_KIND, CONDITION))
    claim: dict[str, Any] = {}
    purchase: dict[str, Any] = {}
    goods: dict[str, Any] = {}
    errors: dict[str, str] = {}

    def day(name: str, key: str) -> None:
        value = _date(post, name)
        if value == "!":
            errors[name] = str(_("请填写有效的日期。"))
        elif value:
            claim[key] = value

    if NO_REASON_DAY in asked:
        day("fact_nr_day", "no_reason_return_notice_date")
    if DEFECT_DAY in asked:
        day("fact_defect_day", "quality_defect_found_date")
    if GOODS_KIND in asked:
        kind = next((entry for entry in GOODS_KINDS if entry[0] == post.get("fact_goods_kind")), None)
        if kind is not None and kind[2] is not None:
            purchase[kind[2]] = kind[0]
    if CONDITION in asked and post.get("fact_condition") in CONDITION_GOODS:
        goods.update(CONDITION_GOODS[post["fact_condition"]])
    defect = _defect(problem_key, asked, post, errors)
    if defect is not None:
        claim["defect"] = defect
    if DURABLE in asked:
        _durable(post, purchase, claim, errors)
    if no_order:
        _purchase_without_order(post, purchase, errors)
        if "defect" in claim and "price_paid" not in purchase:
            del claim["defect"]  # punitive amounts are measured on the price; without it they are not assessed
    stated = {block: value for block, value in (("purchase", purchase), ("claim", claim), ("goods", goods)) if value}
    return stated, errors


def _defect(problem_key: str | None, asked: tuple[str, ...], post, errors: dict[str, str]) -> dict[str, Any] | None:
    defect: dict[str, Any] = {}
    if FRAUD in asked and _flag(post, "fact_fraud"):
        defect["fraud"] = True
    if PRODUCT in asked:
        product = post.get("fact_product", "other")
        if product == "food" and _flag(post, "fact_food_unsafe"):
            defect["food_safety_violation"] = True
        if product == "drug" and _flag(post, "fact_drug_bad"):
            defect["drug_fake_or_substandard"] = True
        if _flag(post, "fact_seller_knew"):
            defect["seller_knew"] = True
        if _flag(post, "fact_label_only"):
            defect["label_only_no_safety_impact"] = True
        injury = post.get("fact_injury", "none")
        if injury in ("serious", "death"):
            defect["injury"] = injury
        raw = (post.get("fact_loss") or "").replace(",", "").strip()
        if raw:
            try:
                loss = Decimal(raw)
            except InvalidOperation:
                loss = None
            if loss is None or loss < 0 or loss > MAX_LOSS or loss != loss.quantize(Decimal("0.01")):
                errors["fact_loss"] = str(_("请填写有效的金额，最多两位小数。"))
            elif loss > 0:
                defect["loss"] = f"{loss:.2f}"
    if not defect and problem_key not in ALWAYS_PUNITIVE:
        return None  # nothing that could support punitive compensation was stated
    return defect


def _purchase_without_order(post, purchase: dict[str, Any], errors: dict[str, str]) -> None:
    raw = (post.get("fact_price") or "").replace(",", "").strip()
    if raw:
        try:
            price = Decimal(raw)
        except InvalidOperation:
            price = None
        if price is None or price <= 0 or price > MAX_LOSS or price != price.quantize(Decimal("0.01")):
            errors["fact_price"] = str(_("请填写有效的金额，最多两位小数。"))
        else:
            purchase["price_paid"] = f"{price:.2f}"
    receipt = _date(post, "fact_receipt_day")
    if receipt == "!":
        errors["fact_receipt_day"] = str(_("请填写有效的日期。"))
    elif receipt:
        purchase["receipt_date"] = receipt


def _durable(post, purchase: dict[str, Any], claim: dict[str, Any], errors: dict[str, str]) -> None:
    if _flag(post, "fact_durable"):
        purchase["durable_goods"] = True
    failure = _date(post, "fact_failure_day")
    if failure == "!":
        errors["fact_failure_day"] = str(_("请填写有效的日期。"))
        return
    if not failure:
        return  # the three guarantees are asked about only when a performance failure is dated
    block: dict[str, Any] = {}
    months = (post.get("fact_warranty_months") or "").strip()
    if months:
        if not months.isdigit() or not 1 <= int(months) <= MAX_WARRANTY_MONTHS:
            errors["fact_warranty_months"] = str(_("请填写 1 到 120 之间的月数。"))
            return
        block["warranty_months"] = int(months)
    sale = _date(post, "fact_sale_day")  # the three-guarantees period runs from delivery or installation
    if sale == "!":
        errors["fact_sale_day"] = str(_("请填写有效的日期。"))
        return
    if sale:
        block["sale_date"] = sale
    in_repair = (post.get("fact_repair_days") or "").strip()
    if in_repair:
        if not in_repair.isdigit() or int(in_repair) > MAX_REPAIR_DAYS:
            errors["fact_repair_days"] = str(_("请填写维修占用的天数（0 到 3650）。"))
            return
        if int(in_repair):
            block["days_in_repair"] = int(in_repair)
    repairs = (post.get("fact_repairs") or "").strip()
    if repairs:
        if not repairs.isdigit() or int(repairs) > 50:
            errors["fact_repairs"] = str(_("请填写维修次数（0 到 50）。"))
            return
        claim["repairs_for_same_failure"] = int(repairs)
    purchase["three_guarantees"] = block
    claim["performance_failure_date"] = failure


# What each stated key is called on the form, to name it when the service refuses it (facts.claim.x → a question).
FIELD_QUESTIONS = {
    "facts.claim.no_reason_return_notice_date": "fact_nr_day",
    "facts.claim.quality_defect_found_date": "fact_defect_day",
    "facts.claim.performance_failure_date": "fact_failure_day",
    "facts.purchase.three_guarantees.sale_date": "fact_sale_day",
    "facts.purchase.three_guarantees.days_in_repair": "fact_repair_days",
    "facts.purchase.three_guarantees": "fact_warranty_months",
    "facts.claim.repairs_for_same_failure": "fact_repairs",
    "facts.claim.defect.loss": "fact_loss",
    "facts.purchase.price_paid": "fact_price",
    "facts.purchase.receipt_date": "fact_receipt_day",
}
QUESTION_LABELS = {
    "fact_nr_day": _("您向商家提出退货的日期"),
    "fact_defect_day": _("您发现问题的日期"),
    "fact_failure_day": _("出现性能故障的日期"),
    "fact_warranty_months": _("三包有效期（月）"),
    "fact_repairs": _("已为同一故障维修的次数"),
    "fact_sale_day": _("售出或安装完成的日期"),
    "fact_repair_days": _("维修已占用的天数"),
    "fact_loss": _("货款以外的损失（元）"),
    "fact_price": _("实付金额（元）"),
    "fact_receipt_day": _("收到商品的日期"),
}


def question_field(service_field: str | None) -> str:
    """The form field a refusal belongs to (the questions step when no single question matches)."""
    field = service_field or ""
    for prefix, name in FIELD_QUESTIONS.items():
        if field.startswith(prefix):
            return name
    return "facts"


CHOICES = {"condition": CONDITION_CHOICES, "goods_kinds": [(v, t) for v, t, _f in GOODS_KINDS],
           "products": PRODUCT_CHOICES, "injuries": INJURY_CHOICES}
