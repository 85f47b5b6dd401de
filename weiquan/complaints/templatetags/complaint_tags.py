"""Presentation helpers shared by the consumer, merchant and console pages: money, Shanghai time, labels, badges.

Load with `{% load complaint_tags %}`. Nothing here decides anything about a case; it only says it in words.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import pgettext_lazy

from weiquan.complaints.labels import ACTION_LABELS
from weiquan.complaints.labels import event_label as _event_label
from weiquan.complaints.models import (
    Category,
    Decision,
    MerchantResponse,
    NotAcceptedReason,
    Party,
    Phase,
    Remedy,
    RemedyKind,
    Status,
)
from weiquan.core.money import format_cny

register = template.Library()
SHANGHAI = ZoneInfo("Asia/Shanghai")

# The parties of a case. Own context so that a word like 商家 here never takes another app's translation
# (catalogs of all apps are merged, and elsewhere 商家 may be a menu entry, "Merchants").
PARTY_LABELS = {
    "consumer": pgettext_lazy("案件一方", "消费者"),
    "merchant": pgettext_lazy("案件一方", "商家"),
    "platform": pgettext_lazy("案件一方", "平台"),
    "none": pgettext_lazy("案件一方", "无"),
    "system": pgettext_lazy("案件一方", "系统"),
}
# Event actor kinds (workflow.actor_kind) as the parties read them: staff act as "the platform".
ACTOR_PARTY_LABELS = {
    "consumer": PARTY_LABELS["consumer"],
    "merchant": PARTY_LABELS["merchant"],
    "agent": PARTY_LABELS["platform"],
    "supervisor": PARTY_LABELS["platform"],
    "system": PARTY_LABELS["system"],
    "platform": PARTY_LABELS["platform"],
    "integration": PARTY_LABELS["platform"],
    "compliance": PARTY_LABELS["platform"],
    "analyst": PARTY_LABELS["platform"],
    "admin": PARTY_LABELS["platform"],
    "agency": pgettext_lazy("案件一方", "外部机构"),  # a regulator's, consumer association's or court's staff
    "agency_api": pgettext_lazy("案件一方", "外部机构"),
}
# Codes whose words differ on the case page from the model's choice label.
LABEL_OVERRIDES = {
    "party": PARTY_LABELS,
    "response_kind": {"offer": pgettext_lazy("商家答复类型", "方案"), "refusal": pgettext_lazy("商家答复类型", "拒绝")},
}

# Status -> badge modifier class (colours in site.css / case.css).
STATUS_BADGES: dict[str, str] = {
    Status.SUBMITTED: "status-new",
    Status.NEEDS_INFO: "status-wait",
    Status.AWAITING_MERCHANT: "status-wait",
    Status.MERCHANT_RESPONDED: "status-wait",
    Status.IN_MEDIATION: "status-active",
    Status.DECIDED: "status-active",
    Status.APPEALED: "status-active",
    Status.RESOLVED: "status-done",
    Status.CLOSED: "status-closed",
    Status.WITHDRAWN: "status-closed",
    Status.NOT_ACCEPTED: "status-closed",
}

_CHOICES = {
    "status": Status, "category": Category, "remedy": RemedyKind, "party": Party, "phase": Phase,
    "not_accepted": NotAcceptedReason, "remedy_state": Remedy.State, "response_kind": MerchantResponse.Kind,
    "response_outcome": MerchantResponse.Outcome, "decision_outcome": Decision.Outcome,
}


@register.filter
def cny(amount) -> str:
    """Money as ¥1,234.00 (empty for None)."""
    if amount in (None, ""):
        return ""
    return format_cny(amount)


@register.filter
def shanghai(value: datetime | None, fmt: str = "Y-m-d H:i") -> str:
    """A moment as Beijing time, whatever the active time zone."""
    if not value:
        return ""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if timezone.is_naive(value):
        return date_format(value, fmt)
    if fmt == "Y-m-d H:i":  # the lists' format, twice a row: strftime writes the same text in a tenth of the time
        return value.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")
    return date_format(value.astimezone(SHANGHAI), fmt)


@register.filter
def iso(value: datetime | None) -> str:
    """Machine-readable moment for <time datetime> and the countdown script."""
    if not value:
        return ""
    if isinstance(value, str):
        return value
    return value.astimezone(SHANGHAI).isoformat(timespec="seconds")


@register.filter
def label(value, kind: str) -> str:
    """`{{ complaint.category|label:"category" }}` -> the translated word for a stored code."""
    override = LABEL_OVERRIDES.get(kind, {}).get(value)
    if override is not None:
        return str(override)
    choices = _CHOICES.get(kind)
    if choices is None or value in (None, ""):
        return value or ""
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)


@register.filter
def words(items) -> str:
    """A short list in the reader's language: 退款、退货 / Refund, Return."""
    separator = pgettext_lazy("列举分隔符", "、")
    return str(separator).join(str(item) for item in items)


@register.filter
def labels(values, kind: str) -> list[str]:
    """`{{ complaint.remedies_wanted|labels:"remedy"|words }}`"""
    return [label(value, kind) for value in values or []]


@register.filter
def party_label(actor_kind: str) -> str:
    return str(ACTOR_PARTY_LABELS.get(actor_kind, ""))  # never a raw role code


@register.filter
def referral_outcome_label(code: str) -> str:
    """How an outside body says a referred case ended, in the reader's language."""
    from weiquan.agencies.models import ReferralOutcome

    return str(ReferralOutcome(code).label) if code in ReferralOutcome.values else ""


@register.filter
def event_label(event_type: str) -> str:
    return _event_label(event_type)


@register.filter
def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


@register.filter
def kept_for(posted: dict | None, action: str) -> dict | None:
    """What was typed into `action`'s form before the server refused it (views.case keeps it for one render)."""
    return posted if posted and posted.get("action") == action else None


@register.filter
def status_badge(status: str) -> str:
    return STATUS_BADGES.get(status, "")


@register.filter
def deadline_state(deadline: datetime | None) -> str:
    """'overdue' past the deadline, 'due-today' within 24 hours, else ''."""
    if not deadline:
        return ""
    remaining = (deadline - timezone.now()).total_seconds()
    if remaining < 0:
        return "overdue"
    if remaining < 24 * 3600:
        return "due-today"
    return ""


@register.filter
def get_item(mapping, key):
    if not mapping:
        return None
    return mapping.get(key)


@register.simple_tag
def choices_of(kind: str):
    """`{% choices_of "remedy" as kinds %}` -> [(value, label), ...] for a select."""
    return [(value, str(text)) for value, text in _CHOICES[kind].choices]
