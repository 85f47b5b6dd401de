"""What each signal and figure means, in words an officer (or a merchant, once asked) reads; never the codes."""

from datetime import datetime

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from weiquan.fairtrade.event_types import FairTradeEventType

EVENT_LABELS: dict[str, Promise] = {
    FairTradeEventType.FLAG_RAISED: _("检测发现"),
    FairTradeEventType.FLAG_REFRESHED: _("检测更新了涉及记录"),
    FairTradeEventType.EXPLANATION_REQUESTED: _("要求商家说明"),
    FairTradeEventType.EXPLAINED: _("商家作出说明"),
    FairTradeEventType.CLOSED_UNFOUNDED: _("认定不成立并关闭"),
    FairTradeEventType.PENALISED: _("认定成立并处罚"),
    FairTradeEventType.REVIEWS_MARKED_FAKE: _("相关评价认定为虚假，不计入评分"),
    FairTradeEventType.CASES_OPENED: _("为多付款的买家发起投诉"),
    FairTradeEventType.REPORT_LINKED: _("并入消费者举报"),
    FairTradeEventType.REVIEW_RECEIVED: _("收到评价"),
    FairTradeEventType.REVIEW_CHANGED: _("评价被修改"),
    FairTradeEventType.REVIEW_DELETED: _("评价被删除"),
    FairTradeEventType.REPORT_RECEIVED: _("收到消费者举报"),
    FairTradeEventType.REPORT_DISMISSED: _("举报不予处理"),
}


def event_label(event_type: str) -> str:
    """The words for a fair-trading event type, in the active language; never the code."""
    return str(EVENT_LABELS.get(event_type, _("其他处理")))


SIGNALS = {
    "no_delivered_order": _("评价人在该商家没有已签收的该商品订单"),
    "fresh_account": _("评价时买家账户注册不足30天"),
    "shared_device": _("多名评价人使用同一设备（哈希）"),
    "shared_address": _("多名评价人使用同一收货地址（哈希）"),
    "refund_after_review": _("好评后7天内订单即退款"),
    "near_duplicate_text": _("评价文字高度雷同"),
    "rating_jump_vs_complaints": _("近30天评分骤升而投诉率未降"),
    "consumer_reports": _("消费者举报"),
    "preselected_addon": _("默认勾选加入订单的搭售商品"),
    "rate_above_category": _("搭售比例远高于同类目商家"),
    "same_sku_same_hour_price_spread": _("同一商品同一小时内不同买家价格不同"),
    "priced_by_segment": _("按用户分群定价"),
    "same_list_price_charged_differently": _("展示价相同而实收价不同"),
    "deleted_by_merchant": _("商家删除了消费者评价"),
    "deleted_by_platform_other": _("平台以非法定理由删除了评价"),
    "moderation_without_lawful_reason": _("内容审核删除但未给出合法理由"),
}

FIGURES = {
    "burst_reviews": _("集中好评数"),
    "suspect_reviews": _("可疑评价数"),
    "burst_from": _("集中好评开始"),
    "burst_to": _("集中好评结束"),
    "listing_reviews": _("该商品评价总数"),
    "rating_prior": _("此前90天平均评分"),
    "rating_recent": _("近30天平均评分"),
    "reviews_prior": _("此前90天评价数"),
    "reviews_recent": _("近30天评价数"),
    "complaint_rate_prior": _("此前投诉率（每千单）"),
    "complaint_rate_recent": _("近期投诉率（每千单）"),
    "orders": _("订单数"),
    "orders_with_addon": _("含默认搭售的订单数"),
    "rate": _("搭售订单占比"),
    "category": _("类目"),
    "category_rate": _("同类目商家搭售占比（中位数）"),
    "category_merchants": _("同类目商家数"),
    "skus": _("涉及商品（SKU）"),
    "buyers_affected": _("多付款的买家数"),
    "overcharge_total": _("多收金额合计（元）"),
    "max_spread": _("最大价差比例"),
    "hours": _("涉及时段数"),
    "deleted": _("被删除的评价数"),
    "low_ratings": _("其中差评（1-2星）"),
}
HIDDEN_FIGURES = {"overcharges", "cases"}

DELETED_BY = {
    "consumer": _("消费者本人"), "merchant": _("商家"), "platform_moderation": _("平台内容审核"),
    "platform_other": _("平台其他原因"),
}

DELETION_REASONS = {
    "illegal_content": _("违法信息"), "privacy": _("泄露个人信息"), "spam": _("垃圾广告"),
}


def signal_rows(flag) -> list[dict]:
    return [{"label": SIGNALS.get(s["code"], _("其他迹象")), "count": s["count"], "rows": s["rows"][:50],
             "more": max(0, len(s["rows"]) - 50)} for s in flag.signals]


def figure_rows(flag) -> list[dict]:
    out = []
    for key, value in flag.figures.items():
        if key in HIDDEN_FIGURES or key not in FIGURES:
            continue
        if key in ("rate", "category_rate", "max_spread") and isinstance(value, int | float):
            value = f"{value * 100:.1f}%"
        elif isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        elif key in ("burst_from", "burst_to") and isinstance(value, str):
            value = timezone.localtime(datetime.fromisoformat(value)).strftime("%Y-%m-%d %H:%M")
        out.append({"label": FIGURES[key], "value": value})
    return out
