"""Spike detection: each day's complaints per merchant, product and category against the series' own baseline.

A day alerts when its count reaches max(MIN_COUNT, baseline + 3 * sqrt(baseline) + 1), the baseline being the
mean daily count over the LOOKBACK days before it (a Poisson-style band: a steady series stays inside it, five
food-safety complaints about a product that usually gets none in a day do not).

A new alert is e-mailed to the supervisors once, after commit; an alert updated as the day fills up is not mailed again.
"""

import math
from datetime import date, timedelta

from django.db.models import Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from weiquan.core.outbox import task
from weiquan.insight.models import ComplaintFact, DailyComplaintStats, SeriesKind, SpikeAlert
from weiquan.notifications.services import notifications_send, site_url, supervisors
from weiquan.notifications.texts import register_wording

LOOKBACK = 28
MIN_COUNT = 5
SERIES = ((SeriesKind.MERCHANT, "merchant_id"), (SeriesKind.PRODUCT, "product_id"), (SeriesKind.CATEGORY, "category"))


def threshold(baseline: float) -> float:
    return max(float(MIN_COUNT), baseline + 3 * math.sqrt(baseline) + 1)


def _labels(kind: str, keys: list) -> dict:
    from weiquan.insight.selectors import labels_for

    return labels_for(kind, keys)


def detect_spikes(*, day: date) -> list[SpikeAlert]:
    """Create or update the alerts of `day`. Safe to run again as the day fills up."""
    alerts = []
    for kind, column in SERIES:
        today = {r[column]: r["n"] for r in DailyComplaintStats.objects.filter(day=day).exclude(
            **({column: 0} if column == "product_id" else {})).values(column).annotate(n=Sum("complaints"))
            if r["n"] >= MIN_COUNT}
        if not today:
            continue
        past = {r[column]: r["n"] for r in DailyComplaintStats.objects.filter(
            day__gte=day - timedelta(days=LOOKBACK), day__lt=day, **{f"{column}__in": list(today)},
        ).values(column).annotate(n=Sum("complaints"))}
        labels = _labels(kind, list(today))
        for key, count in today.items():
            baseline = past.get(key, 0) / LOOKBACK
            limit = threshold(baseline)
            if count < limit:
                continue
            facts = ComplaintFact.objects.filter(day=day, **{column: key})
            ids = sorted(facts.values_list("complaint_id", flat=True))
            mix = {}
            for category in facts.values_list("category", flat=True):
                mix[category] = mix.get(category, 0) + 1
            dominant = max(mix, key=lambda c: (mix[c], c)) if mix else ""
            alert, created = SpikeAlert.objects.update_or_create(
                series_kind=kind, series_key=str(key), day=day,
                defaults={"series_label": labels.get(key, str(key))[:300], "category": dominant, "count": count,
                          "baseline": round(baseline, 3), "threshold": round(limit, 3), "complaint_ids": ids},
            )
            alerts.append(alert)
            if created:
                spike_alert_mail_task.enqueue(alert.pk, key=f"spike_alert_mail:{alert.pk}")
    return alerts


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def spike_subject(alert: SpikeAlert, label: str) -> str:
    """The alert's one-line title (an e-mail's subject, a notification's text) in the active language."""
    return _("投诉突增预警 · %(kind)s：%(label)s · %(day)s") % {
        "kind": alert.get_series_kind_display(), "label": label, "day": alert.day.isoformat()}


@register_wording("spike_alert")
def spike_notification_texts(notes: list) -> dict[int, str]:
    """The spike alerts' notifications worded in the reader's language (a category by its label in it)."""
    ids = {note.pk: int(note.ref.split(":", 1)[1]) for note in notes
           if note.ref.startswith("spike_alert:") and note.ref.split(":", 1)[1].isdigit()}
    alerts = SpikeAlert.objects.in_bulk(set(ids.values()))
    return {pk: spike_subject(alerts[alert_id], alerts[alert_id].name) for pk, alert_id in ids.items()
            if alert_id in alerts}


def _mail_for(alert: SpikeAlert, url: str):
    """(subject, body) in the active language. Series, counts and a link only: the cases' contents stay on the page."""

    def compose(_user) -> tuple[str, str]:
        key = alert.series_key if alert.series_kind == SeriesKind.CATEGORY else int(alert.series_key)
        label = _labels(alert.series_kind, [key]).get(key) or alert.series_label  # a category in this language
        values = {"kind": alert.get_series_kind_display(), "label": label, "day": alert.day.isoformat(),
                  "count": alert.count, "baseline": _number(alert.baseline), "threshold": _number(alert.threshold),
                  "days": LOOKBACK}
        subject = spike_subject(alert, label)
        lines = [
            _("%(kind)s：%(label)s") % values,
            _("日期：%(day)s") % values,
            _("当日投诉：%(count)s 件（此前%(days)s天的基线为每日 %(baseline)s 件，预警阈值 %(threshold)s 件）") % values,
        ]
        if alert.category:
            category = _labels(SeriesKind.CATEGORY, [alert.category]).get(alert.category) or alert.category
            lines.append(_("主要类别：%(category)s") % {"category": category})
        lines.append(_("查看预警和相关投诉：%(url)s") % {"url": url})
        return subject, "\n".join(lines) + "\n"

    return compose


def spike_alert_mail(*, alert_id: int) -> int:
    """E-mail a spike alert to every supervisor once. Returns how many were new (0 when run again)."""
    alert = SpikeAlert.objects.filter(pk=alert_id).first()
    if alert is None:
        return 0
    link = reverse("insight:spike_detail", kwargs={"alert_id": alert.pk})
    return notifications_send(recipients=supervisors(), ref=f"spike_alert:{alert.pk}", kind="spike_alert",
                              compose=_mail_for(alert, site_url(link)), link=link)


@task(queue="notifications")
def spike_alert_mail_task(alert_id: int) -> int:
    return spike_alert_mail(alert_id=alert_id)
