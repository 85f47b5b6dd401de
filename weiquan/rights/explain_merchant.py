"""The assessment written for the merchant: what the consumer may ask of it, what it must do and by when, and where it
may refuse. The same engine answer as the consumer's points, in the merchant's voice ("you" is the merchant).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

Point = Callable[..., dict[str, Any]]

_MERCHANT_EXCLUSION_TEXTS = {
    "excluded_customized": gettext_lazy("这是按消费者要求定作的商品，依法不适用七日无理由退货，您可以拒绝无理由退货。"),
    "excluded_fresh_perishable": gettext_lazy("这是鲜活易腐的商品，依法不适用七日无理由退货，您可以拒绝无理由退货。"),
    "excluded_digital": gettext_lazy("这是在线下载或已被拆封的数字化商品，依法不适用七日无理由退货，您可以拒绝无理由退货。"),
    "excluded_newspaper_periodical": gettext_lazy("已交付的报纸、期刊依法不适用七日无理由退货，您可以拒绝无理由退货。"),
}


def no_reason_points(section: Mapping[str, Any], facts: Mapping[str, Any], point: Point,
                     deductions_text: Callable[[list[dict[str, Any]]], str], cny: Callable[[Any], str]
                     ) -> list[dict[str, Any]]:
    reason, basis = section.get("reason"), section.get("legal_basis") or []
    notice = (facts.get("claim") or {}).get("no_reason_return_notice_date") or ""
    dates = {"last": section.get("window_last_day") or "", "notice": notice}
    points = []
    if "R-NR-PROMISE" in basis:
        points.append(point("no_reason_return", "info", _("您承诺过这类商品也可以无理由退货，应当遵守承诺。"),
                            ["R-NR-PROMISE"]))
    if reason == "eligible":
        points.append(point("no_reason_return", "info", _(
            "消费者在七日无理由退货期限内提出退货（最后一天 %(last)s，提出日 %(notice)s），您应当同意退货并及时提供退货"
            "地址。") % dates, ["R-NR-WINDOW", "R-CAL-START", "R-NR-ADDRESS"]))
    elif reason == "out_of_window":
        points.append(point("no_reason_return", "info", _(
            "消费者提出退货时已超过七日无理由退货期限（最后一天 %(last)s，提出日 %(notice)s），您可以拒绝无理由退货；"
            "有质量问题的，仍应依法处理。") % dates, ["R-NR-WINDOW", "R-CAL-START"]))
    elif reason == "not_personal_consumption":
        points.append(point("no_reason_return", "info", _(
            "消费者为经营目的购买，不适用七日无理由退货，您可以拒绝无理由退货。"), ["R-NR-SCOPE"]))
    elif reason == "not_distance_sale":
        points.append(point("no_reason_return", "info", _(
            "这件商品不是通过网络、电视、电话或邮购销售的，不适用七日无理由退货。"), ["R-NR-SCOPE"]))
    elif reason in _MERCHANT_EXCLUSION_TEXTS:
        points.append(point("no_reason_return", "info", str(_MERCHANT_EXCLUSION_TEXTS[reason]),
                            ["R-NR-EXCL-STATUTORY"]))
    elif reason == "excluded_confirmed_at_purchase":
        points.append(point("no_reason_return", "info", _(
            "消费者购买时已逐单确认这件商品不适用七日无理由退货，您可以拒绝无理由退货。"), ["R-NR-EXCL-CONFIRMED"]))
    elif reason == "goods_not_complete":
        points.append(point("no_reason_return", "info", _(
            "按描述，退回的商品已不完好，您可以拒绝无理由退货；请保留商品状况的照片等证据。"), ["R-NR-COMPLETE"]))
    elif section.get("eligible") is None:
        points.append(point("no_reason_return", "info", _(
            "缺少签收日期，暂时无法判断消费者是否在七日内提出退货。"), ["R-NR-WINDOW"]))
    if "R-IMP19-NR" in basis and reason != "excluded_confirmed_at_purchase":
        points.append(point("no_reason_return", "no", _(
            "这类商品只有在消费者购买时逐单确认后才不适用无理由退货；消费者没有确认，您不能以此拒绝。"),
            ["R-NR-EXCL-CONFIRMED", "R-IMP19-NR"]))
    if reason == "eligible" and (facts.get("goods") or {}).get("package_opened"):
        points.append(point("no_reason_return", "no", _(
            "消费者拆封查验或为确认功能而合理调试，您不能以此拒绝退货。"), ["R-NR-COMPLETE", "R-IMP19-NR"]))
    if section.get("eligible") and section.get("refund_amount") is not None:
        text = _("您应当在收到退回商品之日起 7 日内退款 %(amount)s，原路退回；超过 15 日仍未退款的，将受到处罚。") % {
            "amount": cny(section["refund_amount"])}
        rules = ["R-NR-PROMO", "R-NR-REFUND-7D", "R-NR-REFUND-METHOD", "R-NR-REFUND-15D-PENALTY"]
        deductions = section.get("deductions") or []
        if deductions:
            text += " " + _("可以扣除：%(items)s。") % {"items": deductions_text(deductions)}
            kinds = {d["kind"] for d in deductions}
            rules += (["R-NR-GIFTS"] if "gift" in kinds else []) + (
                ["R-NR-SHIPPING"] if "lost_free_shipping" in kinds else [])
        points.append(point("refund", "info", text, rules))
        points.append(point("shipping", "info", _("无理由退货的退货运费由消费者承担，另有约定的除外。"),
                            ["R-NR-SHIPPING"]))
    return points


def quality_points(section: Mapping[str, Any], facts: Mapping[str, Any], point: Point) -> list[dict[str, Any]]:
    within = section.get("return_without_conditions")
    if within:
        text = _("商品不符合质量要求，消费者在收货后 7 日内提出：消费者可以选择退货、换货或修理，您应当按其选择办理，"
                 "并承担运费等必要费用。")
    elif within is False:
        text = _("商品不符合质量要求，已超过收货后 7 日：消费者可以要求换货或修理；符合法定解除合同条件的，仍可以退货。"
                 "运费等必要费用由您承担。")
    else:
        text = _("商品不符合质量要求：消费者可以要求换货或修理，运费等必要费用由您承担；缺少签收日期，能否直接退货"
                 "还需核实。")
    points = [point("quality", "info", text, ["R-CPL24-QUALITY", "R-NR-QUALITY"])]
    if (facts.get("purchase") or {}).get("statutory_exclusion"):
        points.append(point("quality", "info", _(
            "即使商品不适用无理由退货，有质量问题时您仍应依法退货、换货或修理。"), ["R-NR-QUALITY", "R-CPL24-QUALITY"]))
    return points


def punitive_points(section: Mapping[str, Any], point: Point, title: Callable[[str], str],
                    cny: Callable[[Any], str], *, if_established: bool) -> list[dict[str, Any]]:
    prefix = _("如经查实，") if if_established else ""
    reason, basis = section.get("reason"), section.get("basis")
    if reason == "consumer_fabrication":
        return [point("punitive", "info", _("消费者捏造事实或调换商品的，不能获得惩罚性赔偿，也不能据此要求退款。"),
                      ["R-PUN-ABUSE", "R-IMP49"])]
    if reason == "label_only_no_punitive":
        return [point("punitive", "info", _(
            "标签、说明书的瑕疵不影响安全、也不会误导消费者的，消费者不能要求惩罚性赔偿。"), ["R-PUN-FSL148-LABEL", "R-IMP49"])]
    if section.get("route_to_human"):
        text = prefix + _("明知商品存在缺陷仍然提供，造成死亡或者健康严重损害的，除赔偿损失外，您还可能被判决支付所受"
                          "损失二倍以下的惩罚性赔偿（上限 %(cap)s），具体金额由法院确定。") % {"cap": cny(section.get("cap"))}
        return [point("punitive", "no", text[:1].upper() + text[1:], ["R-PUN-CPL55-INJURY"])]
    if basis and section.get("amount") is not None:
        text = prefix + _("您应当退还货款 %(price)s，并另行赔偿 %(amount)s（%(title)s）。") % {
            "price": cny(section.get("price_refund")), "amount": cny(section["amount"]), "title": title(basis)}
        rules = [basis] + [r for r in ("R-IMP49",) if basis == "R-PUN-CPL55"]
        return [point("punitive", "no", text[:1].upper() + text[1:], rules)]
    if reason == "no_basis":
        return [point("punitive", "info", _("按目前的情况，消费者没有要求您支付惩罚性赔偿的依据。"),
                      section.get("legal_basis") or [])]
    return []
