"""Insight's reads: analytics from the daily aggregates (never a scan of the complaints), labels, drill-downs.

Every figure on the dashboard and in the API is a sum over aggregate rows (whole months from the monthly rows, the
days at either end from the daily ones); every drill-down lists the
cases behind a figure through the case app's scoped selector, so nobody reaches a case they could not open.
"""

from dataclasses import dataclass, fields
from datetime import date, timedelta

from django.db.models import F, Max, Min, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from weiquan.accounts.models import STAFF_ROLES
from weiquan.commerce.models import Product
from weiquan.complaints.models import Category, Channel, Complaint
from weiquan.complaints.selectors import READ_ALL_ROLES, complaints_visible_to
from weiquan.core.errors import DomainError
from weiquan.insight.models import (
    ComplaintFact,
    DailyComplaintStats,
    DailyIssueStats,
    IssueFact,
    MerchantOrderDaily,
    MonthlyComplaintStats,
    MonthlyIssueStats,
)
from weiquan.merchants.models import Merchant

GROUPS = ("category", "merchant", "product", "month", "channel", "region", "day", "issue")
API_GROUPS = ("category", "merchant", "product", "month", "channel")
_COLUMN = {"category": "category", "merchant": "merchant_id", "product": "product_id", "channel": "channel",
           "region": "region", "day": "day"}
MEASURES = ("late", "on_time", "resolved", "unresolved", "appealed", "overturned", "repeat", "urgent", "rated")


def can_see_analytics(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active
                and (user.is_superuser or user.role in STAFF_ROLES))


class FilterError(DomainError, ValueError):
    def __init__(self, field: str, message: str):
        super().__init__("invalid", message, field=field)


# The analytics hold nothing older than the CFPB import accepts (1990) and answer nothing about the far future.
EARLIEST_DAY = date(1990, 1, 1)
LATEST_DAY = date(2100, 12, 31)
FILTER_PARAMETERS = ("from", "to", "category", "merchant", "product", "channel", "region", "issue")


@dataclass(frozen=True)
class Filters:
    date_from: date | None = None
    date_to: date | None = None
    category: str = ""
    merchant_id: int | None = None
    product_id: int | None = None
    channel: str = ""
    region: str = ""
    issue: str = ""

    @classmethod
    def parse(cls, params) -> "Filters":
        """From query parameters (from, to, category, merchant, product, channel, region, issue)."""
        def day(name):
            raw = (params.get(name) or "").strip()
            if not raw:
                return None
            try:
                value = date.fromisoformat(raw)
            except ValueError:
                raise FilterError(name, f"{name} must be a date such as 2026-03-01") from None
            if not EARLIEST_DAY <= value <= LATEST_DAY:
                raise FilterError(name, f"{name} must lie between {EARLIEST_DAY} and {LATEST_DAY}")
            return value

        def number(name):
            raw = (params.get(name) or "").strip()
            if not raw:
                return None
            if not (raw.isascii() and raw.isdigit()) or len(raw) > 18:
                raise FilterError(name, f"{name} must be an id")
            return int(raw)

        category = (params.get("category") or "").strip()
        if category and category not in Category.values:
            raise FilterError("category", f"category must be one of {Category.values}")
        channel = (params.get("channel") or "").strip()
        if channel and channel not in Channel.values:
            raise FilterError("channel", f"channel must be one of {Channel.values}")
        result = cls(date_from=day("from"), date_to=day("to"), category=category, merchant_id=number("merchant"),
                     product_id=number("product"), channel=channel, region=(params.get("region") or "").strip()[:32],
                     issue=(params.get("issue") or "").strip()[:40])
        if result.date_from and result.date_to and result.date_from > result.date_to:
            raise FilterError("from", "from must not be after to")
        return result

    def q(self) -> Q:
        """The same condition on DailyComplaintStats, DailyIssueStats, ComplaintFact and IssueFact rows."""
        q = self.dims_q()
        if self.date_from:
            q &= Q(day__gte=self.date_from)
        if self.date_to:
            q &= Q(day__lte=self.date_to)
        return q

    def dims_q(self) -> Q:
        """Everything but the date range (which the daily and the monthly rows express differently)."""
        q = Q()
        for name, column in (("category", "category"), ("merchant_id", "merchant_id"),
                             ("product_id", "product_id"), ("channel", "channel"), ("region", "region")):
            value = getattr(self, name)
            if value not in (None, ""):
                q &= Q(**{column: value})
        return q

    def as_params(self, **override) -> dict:
        names = {"date_from": "from", "date_to": "to", "merchant_id": "merchant", "product_id": "product"}
        out = {}
        for f in fields(self):
            value = override.get(f.name, getattr(self, f.name))
            if value not in (None, ""):
                out[names.get(f.name, f.name)] = value.isoformat() if isinstance(value, date) else value
        return out


def _sums(qs):
    return qs.annotate(
        n=Sum("complaints"), measured=Sum("response_measured"), on_time=Sum("response_on_time"),
        resolved_n=Sum("resolved"), res_n=Sum("resolution_count"), res_s=Sum("resolution_seconds"),
        rating_n=Sum("rating_count"), rating_s=Sum("rating_sum"), appealed_n=Sum("appealed"),
        overturned_n=Sum("overturned"), repeat_n=Sum("repeat"), urgent_n=Sum("urgent"),
    )


def _rate(part, whole):
    return round(part / whole, 4) if whole else None


def _figures(row: dict) -> dict:
    n = row["n"] or 0
    return {
        "count": n,
        "on_time_rate": _rate(row["on_time"] or 0, row["measured"] or 0),
        "resolved_rate": _rate(row["resolved_n"] or 0, n),
        "avg_resolution_hours": round((row["res_s"] or 0) / row["res_n"] / 3600, 2) if row["res_n"] else None,
        "satisfaction": round((row["rating_s"] or 0) / row["rating_n"], 2) if row["rating_n"] else None,
        "appeal_rate": _rate(row["appealed_n"] or 0, n),
        "overturn_rate": _rate(row["overturned_n"] or 0, row["appealed_n"] or 0),
        "repeat_rate": _rate(row["repeat_n"] or 0, n),
        "urgent": row["urgent_n"] or 0,
        "first_response_measured": row["measured"] or 0,
        "rated": row["rating_n"] or 0,
    }


_RAW = ("n", "measured", "on_time", "resolved_n", "res_n", "res_s", "rating_n", "rating_s", "appealed_n",
        "overturned_n", "repeat_n", "urgent_n")


def _next_month(first: date) -> date:
    return (first.replace(day=28) + timedelta(days=4)).replace(day=1)


def _parts(filters: Filters, *, issues: bool = False):
    """Querysets that together cover the filter's date range exactly once: whole months from the monthly rows,
    the partial months at either end from the daily rows. Each comes with the expression of its rows' month."""
    daily = (DailyIssueStats if issues else DailyComplaintStats).objects.filter(filters.dims_q())
    monthly = (MonthlyIssueStats if issues else MonthlyComplaintStats).objects.filter(filters.dims_q())
    start, end = filters.date_from, filters.date_to
    if start is None or end is None:
        bounds = DailyComplaintStats.objects.aggregate(first=Min("day"), last=Max("day"))
        start, end = start or bounds["first"], end or bounds["last"]
        if start is None or end is None:
            return [(daily.none(), TruncMonth("day"))]
    first_full = start if start.day == 1 else _next_month(start)
    after_last_full = end.replace(day=1) if _next_month(end.replace(day=1)) - timedelta(days=1) != end \
        else _next_month(end.replace(day=1))
    if first_full >= after_last_full:  # no whole month inside: the daily rows alone
        return [(daily.filter(day__gte=start, day__lte=end), TruncMonth("day"))]
    parts = [(monthly.filter(month__gte=first_full, month__lt=after_last_full), F("month"))]
    if start < first_full:
        parts.append((daily.filter(day__gte=start, day__lt=first_full), TruncMonth("day")))
    if after_last_full <= end:
        parts.append((daily.filter(day__gte=after_last_full, day__lte=end), TruncMonth("day")))
    return parts


def totals(filters: Filters) -> dict:
    if filters.issue:
        return {"count": sum(r["count"] for r in issues(filters))}
    agg = dict.fromkeys(_RAW, 0)
    for qs, _month in _parts(filters):
        part = qs.aggregate(
            n=Sum("complaints"), measured=Sum("response_measured"), on_time=Sum("response_on_time"),
            resolved_n=Sum("resolved"), res_n=Sum("resolution_count"), res_s=Sum("resolution_seconds"),
            rating_n=Sum("rating_count"), rating_s=Sum("rating_sum"), appealed_n=Sum("appealed"),
            overturned_n=Sum("overturned"), repeat_n=Sum("repeat"), urgent_n=Sum("urgent"),
        )
        for k in _RAW:
            agg[k] += part[k] or 0
    return _figures(agg)


def labels_for(kind: str, keys) -> dict:
    keys = [k for k in keys if k not in (None, "")]
    if kind == "merchant":
        return dict(Merchant.objects.filter(pk__in=keys).values_list("pk", "name"))
    if kind == "product":  # the same title sold by two merchants is two products: say whose
        return {pk: f"{title}（{merchant}）" for pk, title, merchant in
                Product.objects.filter(pk__in=keys).values_list("pk", "title", "merchant__name")}
    if kind == "category":
        return {k: str(Category(k).label) if k in Category.values else k for k in keys}
    if kind == "channel":
        return {k: str(Channel(k).label) if k in Channel.values else k for k in keys}
    if kind == "month":
        return {k: k for k in keys}
    return {k: str(k) for k in keys}


def grouped(filters: Filters, group_by: str, *, limit: int | None = None) -> list[dict]:
    """Rows {key, label, count, on_time_rate, resolved_rate, avg_resolution_hours, satisfaction, ...}."""
    if group_by not in GROUPS:
        raise FilterError("group_by", f"group_by must be one of {GROUPS}")
    if group_by == "issue":
        return issues(filters, limit=limit)
    if filters.issue:
        ids = IssueFact.objects.filter(filters.q(), tag=filters.issue).values("complaint_id")
        return _grouped_facts(ComplaintFact.objects.filter(complaint_id__in=ids), group_by, limit)
    if group_by == "day":
        parts = [(DailyComplaintStats.objects.filter(filters.q()), None)]
    else:
        parts = _parts(filters)
    merged: dict = {}
    for qs, month in parts:
        if group_by == "month":
            rows = _sums(qs.annotate(k=month).values("k"))
        else:
            rows = _sums(qs.annotate(k=F(_COLUMN[group_by])).values("k"))
        for row in rows:
            key = row["k"]
            if group_by == "month":
                # Not strftime: glibc writes year 23 as "23", and the key must always be YYYY-MM.
                key = f"{key.year:04d}-{key.month:02d}" if hasattr(key, "year") else str(key)[:7]
            elif group_by == "day":
                key = key.isoformat()
            into = merged.setdefault(key, dict.fromkeys(_RAW, 0))
            for k in _RAW:
                into[k] += row[k] or 0
    out = [{"key": key, **_figures(raw)} for key, raw in merged.items()]
    out.sort(key=(lambda r: r["key"]) if group_by in ("month", "day") else (lambda r: (-r["count"], str(r["key"]))))
    if limit:
        out = out[:limit]
    labels = labels_for(group_by, [r["key"] for r in out])
    for r in out:
        r["label"] = labels.get(r["key"], str(r["key"]) if r["key"] not in (None, "", 0) else "—")
    if group_by == "merchant":
        _add_order_rates(filters, out)
    return out


def _grouped_facts(facts, group_by, limit):
    """The (rare) issue-filtered view: grouped straight from the fact rows of the cases with that tag."""
    rows: dict = {}
    for f in facts.iterator():
        if group_by == "month":
            key = f.day.strftime("%Y-%m")
        else:
            key = getattr(f, _COLUMN[group_by])
            key = key.isoformat() if isinstance(key, date) else key
        r = rows.setdefault(key, {"n": 0, "measured": 0, "on_time": 0, "resolved_n": 0, "res_n": 0, "res_s": 0,
                                  "rating_n": 0, "rating_s": 0, "appealed_n": 0, "overturned_n": 0, "repeat_n": 0,
                                  "urgent_n": 0})
        r["n"] += 1
        r["measured"] += f.response_measured
        r["on_time"] += f.response_on_time
        r["resolved_n"] += f.resolved
        if f.resolution_seconds is not None:
            r["res_n"] += 1
            r["res_s"] += f.resolution_seconds
        if f.rating is not None:
            r["rating_n"] += 1
            r["rating_s"] += f.rating
        r["appealed_n"] += f.appealed
        r["overturned_n"] += f.overturned
        r["repeat_n"] += f.repeat
        r["urgent_n"] += f.urgent
    out = [{"key": k, **_figures(v)} for k, v in rows.items()]
    out.sort(key=(lambda r: r["key"]) if group_by in ("month", "day") else (lambda r: (-r["count"], str(r["key"]))))
    out = out[:limit] if limit else out
    labels = labels_for(group_by, [r["key"] for r in out])
    for r in out:
        r["label"] = labels.get(r["key"], str(r["key"]))
    return out


def issues(filters: Filters, *, limit: int | None = None) -> list[dict]:
    counts: dict[str, int] = {}
    for qs, _month in _parts(filters, issues=True):
        if filters.issue:
            qs = qs.filter(tag=filters.issue)
        for r in qs.values("tag").annotate(n=Sum("complaints")):
            counts[r["tag"]] = counts.get(r["tag"], 0) + r["n"]
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    if limit:
        rows = rows[:limit]
    from weiquan.insight.issue_labels import issue_label

    return [{"key": tag, "label": issue_label(tag), "count": n} for tag, n in rows]


def _add_order_rates(filters: Filters, rows: list[dict]) -> None:
    """Complaints per 1,000 orders, where the platform has sent the merchant's orders in."""
    q = Q(merchant_id__in=[r["key"] for r in rows])
    if filters.date_from:
        q &= Q(day__gte=filters.date_from)
    if filters.date_to:
        q &= Q(day__lte=filters.date_to)
    orders = dict(MerchantOrderDaily.objects.filter(q).values("merchant_id").annotate(n=Sum("orders"))
                  .values_list("merchant_id", "n"))
    for r in rows:
        n = orders.get(r["key"]) or 0
        r["orders"] = n
        r["per_1000_orders"] = round(1000 * r["count"] / n, 2) if n else None


def default_filters(today: date | None = None) -> Filters:
    today = today or timezone.localdate()
    return Filters(date_from=today - timedelta(days=89), date_to=today)


_MEASURE_FACTS = {
    "late": Q(response_measured=True, response_on_time=False), "on_time": Q(response_on_time=True),
    "resolved": Q(resolved=True), "unresolved": Q(resolved=False), "appealed": Q(appealed=True),
    "overturned": Q(overturned=True), "repeat": Q(repeat=True), "urgent": Q(urgent=True),
    "rated": Q(rating__isnull=False),
}


def _measure_total(filters: Filters, measure: str) -> int:
    """How many cases a drill-down lists, from the aggregates (the same number the figure was computed from)."""
    sums = dict.fromkeys(("n", "measured", "on_time", "resolved", "appealed", "overturned", "repeat", "urgent",
                          "rated"), 0)
    for qs, _month in _parts(filters):
        part = qs.aggregate(
            n=Sum("complaints"), measured=Sum("response_measured"), on_time=Sum("response_on_time"),
            resolved=Sum("resolved"), appealed=Sum("appealed"), overturned=Sum("overturned"), repeat=Sum("repeat"),
            urgent=Sum("urgent"), rated=Sum("rating_count"))
        for k in sums:
            sums[k] += part[k] or 0
    sums = {k: v or 0 for k, v in sums.items()}
    return {"": sums["n"], "late": sums["measured"] - sums["on_time"], "unresolved": sums["n"] - sums["resolved"]
            }.get(measure, sums.get(measure, 0))


class Drilldown:
    """The cases behind a figure, newest day first, as this user may see them. Counts and slices like a queryset
    (so Paginator takes it) but walks the fact rows' day index instead of sorting the complaints table."""

    def __init__(self, user, facts, total: int | None):
        self.user, self.facts, self._total = user, facts.order_by("-day", "-complaint_id"), total

    def count(self) -> int:
        if self._total is None:
            self._total = self.facts.count()
        return self._total

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list[Complaint]:
        ids = list(self.facts.values_list("complaint_id", flat=True)[window])
        found = complaints_visible_to(self.user).filter(pk__in=ids).select_related("merchant", "consumer")
        by_id = {c.pk: c for c in found}
        return [by_id[pk] for pk in ids if pk in by_id]

    def iterator(self, *, chunk_size: int = 1000, limit: int = 50_000):
        for start in range(0, limit, chunk_size):
            chunk = self[start:min(start + chunk_size, limit)]
            if not chunk:
                return
            yield from chunk


def drilldown(user, filters: Filters, *, measure: str = "") -> Drilldown:
    """The cases behind a figure (a bucket filter plus, optionally, one measure such as "late")."""
    if measure and measure not in MEASURES:
        raise FilterError("measure", f"measure must be one of {MEASURES}")
    facts = ComplaintFact.objects.filter(filters.q())
    if measure:
        facts = facts.filter(_MEASURE_FACTS[measure])
    if filters.issue:
        facts = facts.filter(complaint_id__in=IssueFact.objects.filter(tag=filters.issue).values("complaint_id"))
    # Staff who read analytics see every case, so the aggregates give the count; anyone else is counted row by row.
    everything = can_see_analytics(user) and (user.is_superuser or user.role in READ_ALL_ROLES)
    total = _measure_total(filters, measure) if everything and not filters.issue else None
    return Drilldown(user, facts, total)


def case_url(complaint_id: int) -> str:
    """The console's page of a case ('' while the console does not offer one)."""
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("complaints:console_case", kwargs={"complaint_id": complaint_id})
    except NoReverseMatch:
        return ""


def redacted_row(complaint: Complaint, *, viewer=None) -> dict:
    """A case as it may be shown outside its parties: personal data in the text replaced by tags. The row links to
    the console's case page only for a `viewer` who may open it (an analyst reads the row without a dead link)."""
    from weiquan.complaints.selectors import works_cases
    from weiquan.insight.redaction import redact

    names = [n for n in (complaint.consumer.display_name, complaint.consumer.get_full_name()) if n]
    return {
        "id": complaint.pk, "url": case_url(complaint.pk) if works_cases(viewer) else "", "reference": complaint.reference,
        "received_at": complaint.received_at,
        "merchant": complaint.merchant.name, "category": complaint.category,
        "category_label": str(complaint.get_category_display()), "status": complaint.status,
        "status_label": str(complaint.get_status_display()), "channel": complaint.channel,
        "priority": complaint.priority,
        "title": redact(complaint.title, party_names=names).text,
        "description": redact(complaint.description, party_names=names).text,
    }


def category_suggestion(text: str) -> dict | None:
    """The triage model's category for a text not yet filed (phone intake): {category, confidence, evidence}, or
    None when the text gives nothing to go on."""
    from weiquan.insight.triage import suggest

    if len((text or "").strip()) < 4:
        return None
    found = suggest(text.strip()[:5000])
    if not found.category:
        return None
    return {"category": found.category, "confidence": found.confidence, "evidence": list(found.evidence)[:5]}
