"""Plain words for the version-2 blocks (burden of proof, three guarantees, platform liability) and the points only a
mediator sees (the statutory conditions for rescinding after the first 7 days).

Each point is written for its reader: the consumer is told what they may ask for, the merchant what it must do.
Texts name laws, never rule IDs; the IDs travel beside them in `rule_ids` for those who check.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.utils.translation import gettext as _

Point = Callable[..., dict[str, Any]]


def burden_points(section: Mapping[str, Any], point: Point, *, merchant: bool) -> list[dict[str, Any]]:
    values = {"until": section.get("until") or ""}
    if section.get("on_business"):
        text = _("这是耐用商品或装修服务，瑕疵在收货后六个月内（%(until)s 前）发现：发生争议的，由您证明商品没有这一瑕疵"
                 "（举证责任在经营者）。请准备出厂检验、交付时状况等证据。") if merchant else \
            _("这是耐用商品或装修服务，瑕疵在收货后六个月内（%(until)s 前）发现：发生争议的，由经营者证明商品没有这一"
              "瑕疵，您不需要自己证明。")
        return [point("burden_of_proof", "yes" if not merchant else "info", text % values, ["R-CPL23-BURDEN"])]
    text = _("瑕疵在收货六个月后（%(until)s 之后）才发现：发生争议的，由消费者证明瑕疵存在。") if merchant else \
        _("瑕疵在收货六个月后（%(until)s 之后）才发现：发生争议的，需要由您证明瑕疵存在，可以申请检测鉴定。")
    return [point("burden_of_proof", "info", text % values, ["R-CPL23-BURDEN"])]


def three_guarantee_points(section: Mapping[str, Any], point: Point, *, merchant: bool) -> list[dict[str, Any]]:
    stage, remedies, basis = section.get("stage"), section.get("remedies") or [], section.get("legal_basis") or []
    if stage == "7d":
        text = _("商品售出后 7 日内出现性能故障：按“三包”规定，消费者可以选择退货、换货或修理，您应当按其选择办理。") \
            if merchant else _("商品售出后 7 日内出现性能故障：按“三包”规定，您可以选择退货、换货或修理。")
        tone = "yes"
    elif stage == "15d":
        text = _("商品售出后 15 日内出现性能故障：按“三包”规定，消费者可以选择换货或修理，您应当按其选择办理。") \
            if merchant else _("商品售出后 15 日内出现性能故障：按“三包”规定，您可以选择换货或修理。")
        tone = "yes"
    elif stage == "warranty" and "return" in remedies:
        text = _("三包有效期内，同一性能故障已修理两次仍不能正常使用：您应当为消费者免费换货或退货。") if merchant else \
            _("三包有效期内，同一性能故障已修理两次仍不能正常使用：您可以要求免费换货或退货。")
        tone = "yes"
    elif stage == "warranty":
        text = _("三包有效期内出现性能故障：您应当免费修理；同一故障修理两次后仍不能正常使用的，应当换货或退货。") \
            if merchant else _("三包有效期内出现性能故障：您可以要求免费修理；同一故障修理两次后仍不能正常使用的，"
                               "可以要求换货或退货。")
        tone = "yes"
    else:
        text = _("三包有效期已过。质量问题仍按消费者权益保护法处理。") if merchant else \
            _("三包有效期已过，不能再按“三包”规定要求修理、换货或退货；商品有质量问题的，仍可以依照消费者权益保护法主张"
              "权利。")
        tone = "no"
    points = [point("three_guarantees", tone, text, basis)]
    if "R-IMP18-WARRANTY" in basis:
        points.append(point("three_guarantees", "info", _("修理占用的时间不计入三包有效期。"), ["R-IMP18-WARRANTY"]))
    return points


def platform_points(section: Mapping[str, Any], facts: Mapping[str, Any], point: Point, *,
                    merchant: bool) -> list[dict[str, Any]]:
    liability, basis = section.get("liability"), section.get("legal_basis") or []
    claim = facts.get("claim") or {}
    unnamed = ((facts.get("purchase") or {}).get("channel", "online") == "online"
               and (claim.get("defect") or {}).get("seller_identifiable_by_platform") is False)
    if liability == "joint_and_several" and "R-PUN-PLATFORM-FOOD" in basis:
        text = _("平台没有审查入网食品经营者的许可证，依法与您承担连带责任；平台赔偿后，可以向您追偿。") if merchant \
            else _("平台没有审查入网食品经营者的许可证，依法与商家承担连带责任：您可以直接要求平台赔偿。")
    elif liability == "joint_and_several":
        text = _("平台知道或者应当知道侵害消费者权益的情况而没有采取必要措施，依法与您承担连带责任；平台赔偿后，可以"
                 "向您追偿。") if merchant else \
            _("平台知道或者应当知道商家侵害消费者权益而没有采取必要措施，依法与商家承担连带责任：您可以直接要求平台"
              "赔偿。")
    elif liability == "direct" and unnamed:
        text = _("平台不能提供您的真实名称、地址和有效联系方式，消费者可以要求平台赔偿；平台赔偿后，可以向您追偿。") \
            if merchant else _("平台不能提供商家的真实名称、地址和有效联系方式：您可以直接要求平台赔偿。")
    elif liability == "direct":
        text = _("平台向消费者作出了更有利的承诺（如先行赔付），应当履行；平台赔偿后，可以向您追偿。") if merchant \
            else _("平台向您作出了更有利的承诺（如先行赔付），应当履行承诺：您可以直接要求平台兑现。")
    elif liability == "corresponding":
        text = _("涉及消费者生命健康的商品，平台没有审核您的资质或者没有尽到安全保障义务，依法承担相应的责任；这不免除"
                 "您的责任。") if merchant else \
            _("涉及生命健康的商品，平台没有审核商家资质或者没有尽到安全保障义务，依法承担相应的责任：您可以要求平台"
              "在其过错范围内赔偿。")
    else:
        text = _("按目前了解的情况，平台不需要承担赔偿责任：消费者应当向您主张权利，平台协助其维权。") if merchant else \
            _("按目前了解的情况，平台不需要承担赔偿责任：请向商家主张权利，平台应当协助您维权。")
        return [point("platform", "info", text, basis)]
    return [point("platform", "info" if merchant else "yes", text, basis)]


def rescission_points(assessment: Mapping[str, Any], point: Point) -> list[dict[str, Any]]:
    """For the mediator: a quality return after the first 7 days is for a person to decide, on these conditions."""
    quality = assessment.get("quality_return") or {}
    if quality.get("return_without_conditions") is not False:
        return []
    points = [point("rescission", "info", _(
        "超过收货后 7 日的质量问题退货，由调解员判断是否具备法定解除合同条件（民法典第五百六十三条、第六百一十条），"
        "具备其一即可支持退货：(1) 质量问题致使不能实现合同目的；(2) 经修理、更换后仍不能正常使用；(3) 经营者明确表示"
        "或者以行为表明不履行修理、更换义务；(4) 经营者迟延履行修理、更换，经催告后在合理期限内仍未履行。"),
        ["R-CPL24-QUALITY", "R-CC563-RESCIND"])]
    guarantees = assessment.get("three_guarantees") or {}
    if guarantees.get("stage") == "warranty" and "return" in (guarantees.get("remedies") or []):
        points.append(point("rescission", "yes", _(
            "同一性能故障已修理两次仍不能正常使用，第 (2) 项条件已经具备（“三包”规定）。"), ["R-3B-REPAIR"]))
    return points
