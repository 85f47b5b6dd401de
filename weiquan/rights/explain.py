"""An assessment in plain words, and the remedies it proposes.

`explain` turns the engine's answer (and the facts it was given) into short points a consumer, a merchant or a
mediator can read in the active language, each naming its rule IDs and the article they come from. `proposal` lists
the remedies the engine's answer supports, in the shape a decision orders them ({kind, amount, rule_ids}).

Pure: no ORM and no network. It needs Django's translation machinery only for the words.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from weiquan.core.money import format_cny

from . import explain_consumer as for_consumer
from . import explain_liability as liability
from . import explain_merchant as for_merchant
from .grants import granting_rules, grants
from .rules import RULE_TITLES

LANGUAGES = ("zh-hans", "en")
AUDIENCES = ("consumer", "merchant", "mediator")

# Clock names the product shows (the engine's named clocks and the informational ones the case adds).
CLOCK_LABELS = {
    "samr_acceptance": gettext_lazy("市场监管部门决定是否受理"),
    "samr_mediation": gettext_lazy("市场监管部门调解期限（45个工作日）"),
    "imp_mediation": gettext_lazy("调解期限（60日）"),
    "mediation": gettext_lazy("调解期限"),
    "samr_termination_notice": gettext_lazy("告知终止调解"),
    "samr_reporter_notice": gettext_lazy("告知举报人是否立案"),
    "samr_clue_check": gettext_lazy("核查违法线索"),
    "nr_refund": gettext_lazy("商家退款期限"),
    "nr_refund_penalty": gettext_lazy("逾期退款可受处罚"),
    "merchant_reverification": gettext_lazy("商家信息复核"),
    "transaction_retention": gettext_lazy("交易记录保存期限"),
    "merchant_identity_retention": gettext_lazy("商家身份信息保存期限"),
    "limitation_knowledge": gettext_lazy("向市场监管部门投诉的三年时限"),
    "cfpb_initial_response": gettext_lazy("CFPB 初次答复期限"),
    "cfpb_final_response": gettext_lazy("CFPB 最终答复期限"),
    "custom": gettext_lazy("自定义期限"),
    "nr_window": gettext_lazy("七日无理由退货最后一天"),
    "quality_return_window": gettext_lazy("质量问题直接退货最后一天"),
}

# Engine warnings (stable code before the colon) in plain words; others fall back to a "to be checked" line.
WARNING_TEXTS = {
    "calendar_year_not_loaded": gettext_lazy("部分期限需要尚未公布的官方节假日安排，暂不计算。"),
    "receipt_date_missing": gettext_lazy("缺少签收日期，部分结论无法确定。"),
    "rolled_reading_differs": gettext_lazy("按严格计算已经超期，但如果期限遇节假日顺延，则仍在期限内，需要人工判断。"),
    "assumed_use_beyond_testing": gettext_lazy("使用超出了查验和合理调试的范围，按商品不完好处理；是否明显影响商品价值需要人工确认。"),
    "rescission_not_assessed": gettext_lazy("超过 7 日的质量问题退货需要符合法定解除合同条件，需要人工判断。"),
    "price_missing": gettext_lazy("缺少实付金额，无法计算退款。"),
    "notice_on_receipt_day": gettext_lazy("签收当天提出退货，按在期限内处理。"),
    "seller_knowledge_not_shown": gettext_lazy("食品惩罚性赔偿要求销售者明知不符合食品安全标准，需要查明。"),
    "injury_without_knowledge": gettext_lazy("造成损害的惩罚性赔偿要求经营者明知存在缺陷，需要查明；损失赔偿由人工评估。"),
    "injury_loss_missing": gettext_lazy("尚未提供损失金额，赔偿上限暂按 0 元显示。"),
    "business_purchase": gettext_lazy("为经营目的购买的商品不适用消费者权益保护法的惩罚性赔偿。"),
    "contradictory_facts": gettext_lazy("描述的情况相互矛盾，需要人工核实。"),
    "date_after_as_of": gettext_lazy("填写的日期晚于评估日期，按填写的日期评估。"),
    "warranty_months_assumed": gettext_lazy("没有填写三包有效期，按最常见的整机一年计算；请以三包凭证为准。"),
    "three_guarantees_missing": gettext_lazy("没有三包凭证的信息，无法判断三包阶段。"),
}

STATUTORY_EXCLUSIONS = ("excluded_customized", "excluded_fresh_perishable", "excluded_digital",
                        "excluded_newspaper_periodical")

_DEDUCTION_TEXTS = {
    "gift": gettext_lazy("未退回的赠品"),
    "lost_free_shipping": gettext_lazy("因退货不再包邮的运费"),
    "waived_card_fee": gettext_lazy("商家承担的手续费"),
}


# -- small formatting helpers ---------------------------------------------------------------------------------------

def _chinese() -> bool:
    return (translation.get_language() or "zh-hans").lower().startswith("zh")


def cny(amount: str | Decimal | None) -> str:
    """¥1,234.00 from the engine's decimal string."""
    return "" if amount in (None, "") else format_cny(Decimal(str(amount)))


def rule_refs(rule_ids: Iterable[str]) -> list[dict[str, Any]]:
    """Each rule ID with its title and the article it cites, both in the active language; `extra` marks a rule this
    project added beside the shared RULES.md (docs/rules-extra.md)."""
    zh = _chinese()
    refs = []
    for rule_id in dict.fromkeys(rule_ids):
        title = RULE_TITLES.get(rule_id)
        refs.append({
            "id": rule_id,
            "title": (title["zh"] if zh else title["en"]) if title else "",
            "article": (title["article_zh"] if zh else title["article_en"]) if title else "",
            "extra": bool(title and title["source"] == "project"),
        })
    return refs


def laws_text(rule_ids: Iterable[str]) -> str:
    """The laws behind rule IDs as a party reads them in running text ("消费者权益保护法第24条"), never the IDs."""
    refs = rule_refs(rule_ids)
    return "、".join(dict.fromkeys(ref["article"] or ref["title"] for ref in refs if ref["article"] or ref["title"]))


def clock_label(name: str) -> str:
    label = CLOCK_LABELS.get(name)
    return str(label) if label is not None else name


def _point(topic: str, tone: str, text: str, rule_ids: Iterable[str] = ()) -> dict[str, Any]:
    ids = list(dict.fromkeys(rule_ids))
    return {"topic": topic, "tone": tone, "text": text, "rule_ids": ids, "rules": rule_refs(ids)}


def _sentence_start(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _list_join(items: list[str]) -> str:
    return ("、" if _chinese() else ", ").join(items)


# -- the points -----------------------------------------------------------------------------------------------------
# Which points an answer gives, with which rules and values, is decided here once; each reader's wording of a point
# is looked up by its code (explain_consumer.TEXTS, explain_merchant.TEXTS), so both are told the same law.

def _wording(audience: str) -> dict[str, tuple[str, Any]]:
    return for_merchant.TEXTS if audience == "merchant" else for_consumer.TEXTS


def _say(audience: str, topic: str, code: str, rule_ids: Iterable[str], values: Mapping[str, Any] | None = None,
         *, prefix: str = "", suffix: str = "") -> dict[str, Any]:
    tone, text = _wording(audience)[code]
    words = prefix + (str(text) % values if values is not None else str(text)) + suffix
    return {**_point(topic, tone, _sentence_start(words), rule_ids), "code": code}


def _no_reason_points(section: Mapping[str, Any], facts: Mapping[str, Any], audience: str) -> list[dict[str, Any]]:
    points = []
    reason, basis = section.get("reason"), section.get("legal_basis") or []
    last, notice = section.get("window_last_day"), (facts.get("claim") or {}).get("no_reason_return_notice_date")
    dates = {"last": last or "", "notice": notice or ""}
    if "R-NR-PROMISE" in basis:
        points.append(_say(audience, "no_reason_return", "nr_promise", ["R-NR-PROMISE"]))
    if reason == "eligible":
        points.append(_say(audience, "no_reason_return", "nr_eligible", ["R-NR-WINDOW", "R-CAL-START", "R-NR-ADDRESS"],
                           dates))
    elif reason == "out_of_window":
        points.append(_say(audience, "no_reason_return", "nr_out_of_window", ["R-NR-WINDOW", "R-CAL-START"], dates))
    elif reason == "not_personal_consumption":
        points.append(_say(audience, "no_reason_return", "nr_not_personal", ["R-NR-SCOPE"]))
    elif reason == "not_distance_sale":
        points.append(_say(audience, "no_reason_return", "nr_not_distance", ["R-NR-SCOPE"]))
    elif reason in STATUTORY_EXCLUSIONS:
        points.append(_say(audience, "no_reason_return", reason, ["R-NR-EXCL-STATUTORY"]))
    elif reason == "excluded_confirmed_at_purchase":
        points.append(_say(audience, "no_reason_return", "nr_confirmed", ["R-NR-EXCL-CONFIRMED"]))
    elif reason == "goods_not_complete":
        points.append(_say(audience, "no_reason_return", "nr_not_complete", ["R-NR-COMPLETE"]))
    elif section.get("eligible") is None:
        points.append(_say(audience, "no_reason_return", "nr_no_receipt", ["R-NR-WINDOW"]))

    if "R-IMP19-NR" in basis and reason != "excluded_confirmed_at_purchase":
        points.append(_say(audience, "no_reason_return", "nr_unconfirmed", ["R-NR-EXCL-CONFIRMED", "R-IMP19-NR"]))
    if reason == "eligible" and (facts.get("goods") or {}).get("package_opened"):
        points.append(_say(audience, "no_reason_return", "nr_opened_ok", ["R-NR-COMPLETE", "R-IMP19-NR"]))
    if section.get("eligible"):
        refund = section.get("refund_amount")
        if refund is None:
            points.append(_say(audience, "refund", "refund_unknown", ["R-NR-PROMO"]))
        else:
            rules = ["R-NR-PROMO", "R-NR-REFUND-7D", "R-NR-REFUND-METHOD", "R-NR-REFUND-15D-PENALTY"]
            deductions = section.get("deductions") or []
            suffix = ""
            if deductions:
                _tone, deducted = _wording(audience)["refund_deducted"]
                suffix = " " + str(deducted) % {"items": _deductions_text(deductions)}
                kinds = {d["kind"] for d in deductions}
                rules += (["R-NR-GIFTS"] if "gift" in kinds else []) + (
                    ["R-NR-SHIPPING"] if "lost_free_shipping" in kinds else [])
            points.append(_say(audience, "refund", "refund", rules, {"amount": cny(refund)}, suffix=suffix))
        points.append(_say(audience, "shipping", "shipping", ["R-NR-SHIPPING"]))
    return points


def _quality_points(section: Mapping[str, Any], facts: Mapping[str, Any], audience: str) -> list[dict[str, Any]]:
    within = section.get("return_without_conditions")
    code = "quality_within" if within else "quality_after" if within is False else "quality_unknown"
    points = [_say(audience, "quality", code, ["R-CPL24-QUALITY", "R-NR-QUALITY"])]
    if (facts.get("purchase") or {}).get("statutory_exclusion"):
        points.append(_say(audience, "quality", "quality_excluded_goods", ["R-NR-QUALITY", "R-CPL24-QUALITY"]))
    return points


def _punitive_points(section: Mapping[str, Any], audience: str, *, if_established: bool,
                     has_platform_block: bool = False) -> list[dict[str, Any]]:
    prefix = str(_wording(audience)["if_established"][1]) if if_established else ""
    reason, basis = section.get("reason"), section.get("basis")
    points = []
    if reason == "consumer_fabrication":
        return [_say(audience, "punitive", "pun_fabrication", ["R-PUN-ABUSE", "R-IMP49"])]
    if reason == "label_only_no_punitive":
        return [_say(audience, "punitive", "pun_label_only", ["R-PUN-FSL148-LABEL", "R-IMP49"])]
    if section.get("route_to_human"):
        points.append(_say(audience, "punitive", "pun_injury", ["R-PUN-CPL55-INJURY"], {"cap": cny(section.get("cap"))},
                           prefix=prefix))
    elif basis and section.get("amount") is not None:
        values = {"price": cny(section.get("price_refund")), "amount": cny(section["amount"]),
                  "title": _rule_title(basis)}
        rules = [basis] + [r for r in ("R-IMP49",) if basis == "R-PUN-CPL55"]
        points.append(_say(audience, "punitive", "pun_amount", rules, values, prefix=prefix))
    elif reason == "no_basis":
        points.append(_say(audience, "punitive", "pun_no_basis", section.get("legal_basis") or []))
    priced = {rule: amount for rule, amount in (section.get("options") or {}).items() if amount is not None}
    if len(section.get("options") or {}) > 1:
        items = [f"{_rule_title(rule)} {cny(amount)}" for rule, amount in priced.items()]
        points.append(_say(audience, "punitive", "pun_elect", ["R-PUN-ELECT", *priced], {"items": _list_join(items)}))
    if "platform" in (section.get("liable_parties") or []) and not has_platform_block:
        points.append(_say(audience, "punitive", "pun_platform", ["R-PLAT-44"]))
    return points


def clock_text(clock: Mapping[str, Any]) -> str:
    label = clock.get("label_text") or clock_label(clock.get("name", ""))
    due, rolled = clock.get("due"), clock.get("due_rolled")
    if not due:
        return _("%(label)s：暂时无法计算截止日期。") % {"label": label}
    text = _("%(label)s：截止 %(due)s") % {"label": label, "due": due}
    if rolled and rolled != due:
        text += _("（如遇节假日顺延至 %(rolled)s）") % {"rolled": rolled}
    return text


def warning_text(warning: str) -> str:
    code = warning.split(":", 1)[0].strip()
    known = WARNING_TEXTS.get(code)
    return str(known) if known is not None else _("需要人工核实：%(code)s") % {"code": code}


def _deductions_text(deductions: list[dict[str, Any]]) -> str:
    return _list_join([f"{_DEDUCTION_TEXTS.get(d['kind'], d['kind'])} {cny(d['amount'])}" for d in deductions])


def _rule_title(rule_id: str) -> str:
    return rule_refs([rule_id])[0]["title"]


def _party_points(assessment: Mapping[str, Any], facts: Mapping[str, Any], *, audience: str,
                  punitive_if_established: bool) -> list[dict[str, Any]]:
    merchant = audience == "merchant"
    points: list[dict[str, Any]] = []
    if assessment.get("no_reason_return"):
        points += _no_reason_points(assessment["no_reason_return"], facts, audience)
    if assessment.get("quality_return"):
        points += _quality_points(assessment["quality_return"], facts, audience)
    if assessment.get("burden_of_proof"):
        points += liability.burden_points(assessment["burden_of_proof"], _point, merchant=merchant)
    if assessment.get("three_guarantees"):
        points += liability.three_guarantee_points(assessment["three_guarantees"], _point, merchant=merchant)
    if assessment.get("punitive"):
        points += _punitive_points(assessment["punitive"], audience, if_established=punitive_if_established,
                                   has_platform_block=bool(assessment.get("platform_liability")))
    if assessment.get("platform_liability"):
        points += liability.platform_points(assessment["platform_liability"], facts, _point, merchant=merchant)
    if audience == "mediator":
        points += mediator_points(assessment)
    return points


def explain(assessment: Mapping[str, Any], facts: Mapping[str, Any] | None = None, *,
            punitive_if_established: bool = False, audience: str = "consumer") -> list[dict[str, Any]]:
    """Plain-language points, in the active language: {topic, tone, text, rule_ids, rules: [{id, title, article}]}.

    `punitive_if_established` words the punitive point as a condition ("if this is established, ..."), for facts
    that only assume fraud or a food-safety breach. `audience` is who reads them: "consumer" (the default: what
    you may ask for), "merchant" (what the merchant must do, where it may refuse) or "mediator" (the consumer's
    points plus what a person must decide, such as the statutory conditions for rescission).
    """
    if audience not in AUDIENCES:
        raise ValueError(f"unknown audience {audience!r}; expected one of {', '.join(AUDIENCES)}")
    facts = facts or {}
    points = _party_points(assessment, facts, audience=audience, punitive_if_established=punitive_if_established)
    for clock in assessment.get("clocks") or ():
        points.append(_point("clock", "info", clock_text(clock), clock.get("legal_basis") or []))
    seen = set()
    for warning in assessment.get("warnings") or ():
        text = warning_text(warning)
        if text not in seen:
            seen.add(text)
            points.append(_point("warning", "warn", text))
    return points


def mediator_points(assessment: Mapping[str, Any]) -> list[dict[str, Any]]:
    """What only a mediator is shown beside the consumer's points: what a person must decide, and on what."""
    return liability.rescission_points(assessment, _point)


def explain_in(language: str, assessment: Mapping[str, Any], facts: Mapping[str, Any] | None = None,
               **options: Any) -> list[dict[str, Any]]:
    with translation.override(language):
        return explain(assessment, facts, **options)


def explain_all(assessment: Mapping[str, Any], facts: Mapping[str, Any] | None = None,
                **options: Any) -> dict[str, list[dict[str, Any]]]:
    """The points in every language the product speaks, keyed by language code (so each viewer reads their own)."""
    return {language: explain_in(language, assessment, facts, **options) for language in LANGUAGES}


# -- the proposal ---------------------------------------------------------------------------------------------------

def _goods_price(facts: Mapping[str, Any]) -> str | None:
    purchase = facts.get("purchase") or {}
    if purchase.get("lines"):
        return f"{sum((Decimal(line['paid']) for line in purchase['lines']), Decimal('0')):.2f}"
    return purchase.get("price_paid")


def _quality_route(remedies: list[str], wanted: list[str] | None) -> list[str]:
    """One route among the statutory alternatives: what the consumer asked for where the law allows it."""
    wanted = list(wanted) if wanted is not None else ["return", "refund"]
    if "return" in remedies and ({"return", "refund"} & set(wanted)):
        return ["return"]
    for kind in ("exchange", "repair"):
        if kind in remedies and kind in wanted:
            return [kind]
    return remedies[:1]


def _quality_offers(assessment: Mapping[str, Any]) -> dict[str, list[str]]:
    """The quality remedies open to the consumer, each with the rules granting it: CPL Art.24 and the three
    guarantees stand side by side, and the consumer may use the more favourable."""
    offered: dict[str, list[str]] = {}
    for kind in (assessment.get("quality_return") or {}).get("remedies") or ():
        offered.setdefault(kind, []).append("R-CPL24-QUALITY")
    guarantees = assessment.get("three_guarantees") or {}
    for kind in guarantees.get("remedies") or ():
        offered.setdefault(kind, []).extend(granting_rules(kind, guarantees.get("legal_basis") or []))
    return {kind: offered[kind] for kind in ("return", "exchange", "repair") if kind in offered}


def proposal(assessment: Mapping[str, Any], facts: Mapping[str, Any] | None = None, *,
             wanted: list[str] | None = None, include_punitive: bool = True) -> list[dict[str, Any]]:
    """The remedies the engine's answer supports: [{kind, amount, rule_ids}], amounts as two-place strings.

    - an eligible no-reason return: the goods go back ("return", 0.00) and the refund_amount is refunded (R-NR-*);
    - a quality claim: one route of CPL Art.24 (return with a refund of the goods' price, exchange or repair), the
      one the consumer wants (`wanted`, the complaint's remedies) where the law offers it;
    - punitive compensation at the engine's amount with its basis, unless `include_punitive` is False (facts that
      only assume fraud propose nothing punitive until it is established) or a court must set the amount.
    A no-reason return is proposed only if the consumer wants a return or a refund (when `wanted` is given).
    """
    facts = facts or {}
    rows: dict[str, dict[str, Any]] = {}

    def add(kind: str, amount: str | None, rule_ids: Iterable[str]) -> None:
        if kind in rows:
            rows[kind]["rule_ids"] = list(dict.fromkeys([*rows[kind]["rule_ids"], *rule_ids]))
            return
        rows[kind] = {"kind": kind, "amount": f"{Decimal(amount or '0'):.2f}", "rule_ids": list(dict.fromkeys(rule_ids))}

    nr = assessment.get("no_reason_return") or {}
    wants_money_back = wanted is None or bool({"return", "refund"} & set(wanted))
    if nr.get("eligible") and nr.get("refund_amount") is not None and wants_money_back:
        # The rules the refund rests on: those granting it, and those behind each deduction taken from it.
        kinds = {d["kind"] for d in nr.get("deductions") or ()}
        nr_rules = [rule for rule in nr.get("legal_basis") or [] if "refund" in grants(rule)
                    or (rule == "R-NR-GIFTS" and "gift" in kinds)
                    or (rule == "R-NR-SHIPPING" and "lost_free_shipping" in kinds)]
        add("return", "0.00", ["R-NR-WINDOW"])
        add("refund", nr["refund_amount"], nr_rules)
    offered = _quality_offers(assessment)
    if offered:
        for kind in _quality_route(list(offered), wanted):
            add(kind, "0.00", offered[kind])
            if kind == "return":
                price = _goods_price(facts) or (assessment.get("punitive") or {}).get("price_refund")
                if price is not None:
                    add("refund", price, offered[kind])
    punitive = assessment.get("punitive") or {}
    if include_punitive and punitive.get("basis") and punitive.get("amount") not in (None, "0.00"):
        if "refund" not in rows and punitive.get("price_refund") not in (None, "0.00"):
            add("refund", punitive["price_refund"], [punitive["basis"]])
        add("compensation", punitive["amount"], [punitive["basis"]])
    return list(rows.values())


def remedies_key(rows: Iterable[Mapping[str, Any]]) -> list[tuple[str, Decimal]]:
    """Remedies reduced to what a departure is judged on: each kind with its amount, order ignored."""
    return sorted((str(row["kind"]), Decimal(str(row.get("amount") or "0")).quantize(Decimal("0.01")))
                  for row in rows)


def departs(decided: Iterable[Mapping[str, Any]], proposed: Iterable[Mapping[str, Any]]) -> bool:
    """Whether the remedies decided differ from the proposal in their kinds or amounts."""
    return remedies_key(decided) != remedies_key(proposed)
