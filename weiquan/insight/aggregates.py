"""Incrementally maintained analytics: one fact row per complaint, summed into daily buckets.

A case event rebuilds the case's fact row from the case itself, then adds to the bucket(s) the difference between the
new fact and the stored one (leaving a bucket subtracts, entering adds), in the same transaction as the fact row is
replaced. The stored fact row is what was counted: replaying an event finds it equal and adds nothing, and two
workers on the same case queue on its row lock (or, for a new case, on its primary key), so the second one sees the
first one's fact. The work per case is therefore flat however full its buckets are; `rebuild_all` still recomputes
everything from the facts (decision 0005).
"""

import json
import re
from collections import Counter
from collections.abc import Iterable
from datetime import timedelta
from operator import itemgetter
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import TruncMonth

from weiquan.complaints.models import Appeal, Complaint, Decision, Phase, SlaBreach
from weiquan.insight.models import (
    CfpbRecord,
    ComplaintFact,
    DailyComplaintStats,
    DailyIssueStats,
    IssueFact,
    MonthlyComplaintStats,
    MonthlyIssueStats,
    Triage,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
KEY = ("day", "merchant_id", "product_id", "category", "channel", "region")
MEASURES = ("repeat", "urgent", "response_measured", "response_on_time", "resolved", "appealed", "overturned")
CFPB_RESOLVED = ("Closed with explanation", "Closed with non-monetary relief", "Closed with monetary relief", "Closed")

_MUNICIPALITIES = ("北京", "天津", "上海", "重庆")
_PROVINCE = re.compile(r"^\s*(.{2,8}?(?:省|自治区|特别行政区))")


def province_of(address: str) -> str:
    """The province (or municipality) an address starts with; '' when it names none. Nothing else is kept."""
    address = (address or "").strip()
    for city in _MUNICIPALITIES:
        if address.startswith(city):
            return city
    match = _PROVINCE.match(address)
    if match:
        name = match.group(1)
        return name[:-1] if name.endswith("省") else name
    return ""


def _key_of(fact: ComplaintFact) -> tuple:
    return tuple(getattr(fact, f) for f in KEY)


def _with_fact_inputs(queryset):
    """The case rows with what their facts need from related rows, in one query: the product of the first order
    line, whether the consumer had an earlier case, whether the merchant let the response deadline pass, and
    whether a CFPB record exists."""
    lines = Complaint.lines.through.objects.filter(complaint_id=OuterRef("pk")).order_by("orderline__line_no")
    earlier = Complaint.objects.filter(consumer_id=OuterRef("consumer_id")).filter(
        Q(received_at__lt=OuterRef("received_at")) | Q(received_at=OuterRef("received_at"), pk__lt=OuterRef("pk")))
    return queryset.select_related("consumer").only(
        "received_at", "merchant_id", "category", "channel", "consumer_id", "first_response_on_time", "resolved_at",
        "rating", "appeal_used", "consumer__address",
    ).annotate(
        first_product=Subquery(lines.values("orderline__product_id")[:1]),
        has_earlier=Exists(earlier),
        response_breached=Exists(SlaBreach.objects.filter(complaint_id=OuterRef("pk"),
                                                          phase=Phase.MERCHANT_RESPONSE)),
        has_cfpb=Exists(CfpbRecord.objects.filter(complaint_id=OuterRef("pk"))),
    )


def build_facts(complaints) -> dict[int, tuple[ComplaintFact, list[str]]]:
    """What each case contributes (and its issue tags). `complaints` are rows of `_with_fact_inputs`; the related
    rows are read once for all of them."""
    ids = [c.pk for c in complaints]
    cfpbs = {r.complaint_id: r for r in CfpbRecord.objects.filter(
        complaint_id__in=[c.pk for c in complaints if c.has_cfpb])} if any(c.has_cfpb for c in complaints) else {}
    triages = {t["complaint_id"]: t for t in Triage.objects.filter(complaint_id__in=ids).values(
        "complaint_id", "urgent", "tags")}
    return {c.pk: _fact(c, cfpbs.get(c.pk), triages.get(c.pk)) for c in complaints}


def build_fact(complaint: Complaint) -> tuple[ComplaintFact, list[str]]:
    """One case's fact and issue tags, read from the case and its related rows."""
    return build_facts(list(_with_fact_inputs(Complaint.objects.filter(pk=complaint.pk))))[complaint.pk]


def _fact(complaint, cfpb, triage: dict | None) -> tuple[ComplaintFact, list[str]]:
    if cfpb is not None:
        region = cfpb.state
    else:
        # Decrypted here only to keep the province; the address itself is never stored by insight.
        region = province_of(complaint.consumer.address)
    measured = complaint.first_response_on_time is not None
    on_time = bool(complaint.first_response_on_time)
    if not measured and complaint.response_breached:
        measured, on_time = True, False  # the merchant let the deadline pass without a word
    resolved = complaint.resolved_at is not None
    seconds = None
    if resolved:
        seconds = max(0, int((complaint.resolved_at - complaint.received_at).total_seconds()))
    appealed, overturned = complaint.appeal_used, False
    if appealed:
        appeal = Appeal.objects.filter(complaint_id=complaint.pk).select_related("decision").first()
        review = Decision.objects.filter(complaint_id=complaint.pk, is_appeal_review=True).order_by("-id").first()
        overturned = bool(appeal and review and review.outcome != appeal.decision.outcome)
    if cfpb is not None:
        if cfpb.timely is not None:
            measured, on_time = True, cfpb.timely
        resolved = resolved or cfpb.company_response in CFPB_RESOLVED
        appealed = appealed or bool(cfpb.disputed)
    urgent = bool(triage and triage["urgent"])
    tags = list(cfpb.issue_tags) if cfpb is not None else list((triage or {}).get("tags") or [])
    fact = ComplaintFact(
        complaint_id=complaint.pk, day=complaint.received_at.astimezone(SHANGHAI).date(),
        merchant_id=complaint.merchant_id, product_id=complaint.first_product or 0,
        category=complaint.category, channel=complaint.channel, region=region[:32], consumer_id=complaint.consumer_id,
        repeat=complaint.has_earlier, urgent=urgent, response_measured=measured, response_on_time=on_time,
        resolved=resolved, resolution_seconds=seconds, rating=complaint.rating, appealed=appealed,
        overturned=overturned,
    )
    return fact, sorted(set(tags))


def issue_facts(fact: ComplaintFact, tags: Iterable[str]) -> list[IssueFact]:
    return [IssueFact(complaint_id=fact.complaint_id, tag=tag[:40], **{k: getattr(fact, k) for k in KEY})
            for tag in tags]


def _bucket_filter(keys: Iterable[tuple]) -> Q:
    query = Q(pk__in=[])
    for key in keys:
        query |= Q(**dict(zip(KEY, key, strict=True)))
    return query


def _sums(queryset):
    return queryset.values(*KEY).annotate(
        n=Count("pk"), **{f"s_{m}": Count("pk", filter=Q(**{m: True})) for m in MEASURES},
        resolution_n=Count("resolution_seconds"), resolution_s=Sum("resolution_seconds"),
        rating_n=Count("rating"), rating_s=Sum("rating"),
    )


def _stats_row(row: dict) -> DailyComplaintStats:
    return DailyComplaintStats(
        **{k: row[k] for k in KEY}, complaints=row["n"], **{m: row[f"s_{m}"] for m in MEASURES},
        resolution_count=row["resolution_n"], resolution_seconds=row["resolution_s"] or 0,
        rating_count=row["rating_n"], rating_sum=row["rating_s"] or 0,
    )


UPDATE_FIELDS = ["complaints", *MEASURES, "resolution_count", "resolution_seconds", "rating_count", "rating_sum"]


def recompute_buckets(keys: set[tuple], *, chunk: int = 200) -> int:
    """Set each bucket to the sums of its fact rows (deleting empty ones). Returns the buckets written."""
    written = 0
    ordered = sorted(keys, key=lambda k: tuple(str(v) for v in k))
    for start in range(0, len(ordered), chunk):
        part = ordered[start:start + chunk]
        rows = {tuple(r[k] for k in KEY): r for r in _sums(ComplaintFact.objects.filter(_bucket_filter(part)))}
        stats = [_stats_row(row) for row in rows.values()]
        if stats:
            DailyComplaintStats.objects.bulk_create(
                stats, update_conflicts=True, unique_fields=list(KEY), update_fields=UPDATE_FIELDS,
            )
        empty = [k for k in part if k not in rows]
        if empty:
            DailyComplaintStats.objects.filter(_bucket_filter(empty)).delete()
        DailyIssueStats.objects.filter(_bucket_filter(part)).delete()
        DailyIssueStats.objects.bulk_create([
            DailyIssueStats(**{k: r[k] for k in KEY}, tag=r["tag"], complaints=r["n"])
            for r in IssueFact.objects.filter(_bucket_filter(part)).values(*KEY, "tag").annotate(n=Count("pk"))
        ])
        written += len(part)
    recompute_months({(k[0].replace(day=1), *k[1:]) for k in keys})
    return written


MONTH_KEY = ("month", *KEY[1:])


def _next_month(first):
    return (first.replace(day=28) + timedelta(days=4)).replace(day=1)


def _month_filter(keys) -> Q:
    query = Q(pk__in=[])
    for month, *rest in keys:
        query |= Q(day__gte=month, day__lt=_next_month(month), **dict(zip(KEY[1:], rest, strict=True)))
    return query


def recompute_months(month_keys: set[tuple], *, chunk: int = 200) -> None:
    """Set monthly rows to the sums of their daily rows (the same recompute-not-increment rule)."""
    ordered = sorted(month_keys, key=lambda k: tuple(str(v) for v in k))
    sums = {f: Sum(f) for f in UPDATE_FIELDS}
    for start in range(0, len(ordered), chunk):
        part = ordered[start:start + chunk]
        daily = DailyComplaintStats.objects.filter(_month_filter(part)).annotate(month=TruncMonth("day"))
        rows = {}
        for r in daily.values("month", *KEY[1:]).annotate(**{f"s_{f}": v for f, v in sums.items()}):
            rows[(_as_date(r["month"]), *(r[k] for k in KEY[1:]))] = r
        stats = [MonthlyComplaintStats(**dict(zip(MONTH_KEY, k, strict=True)),
                                       **{f: r[f"s_{f}"] or 0 for f in UPDATE_FIELDS}) for k, r in rows.items()]
        if stats:
            MonthlyComplaintStats.objects.bulk_create(stats, update_conflicts=True, unique_fields=list(MONTH_KEY),
                                                      update_fields=UPDATE_FIELDS)
        empty = [k for k in part if k not in rows]
        if empty:
            MonthlyComplaintStats.objects.filter(_month_rows(empty)).delete()
        MonthlyIssueStats.objects.filter(_month_rows(part)).delete()
        issues = DailyIssueStats.objects.filter(_month_filter(part)).annotate(month=TruncMonth("day")).values(
            "month", *KEY[1:], "tag").annotate(n=Sum("complaints"))
        MonthlyIssueStats.objects.bulk_create([
            MonthlyIssueStats(month=_as_date(r["month"]), **{k: r[k] for k in KEY[1:]}, tag=r["tag"],
                              complaints=r["n"]) for r in issues])


def _month_rows(keys) -> Q:
    query = Q(pk__in=[])
    for month, *rest in keys:
        query |= Q(month=month, **dict(zip(KEY[1:], rest, strict=True)))
    return query


def _as_date(value):
    return value.date() if hasattr(value, "date") and callable(value.date) else value


def _figures(get) -> list[int]:
    """One case's contribution to its bucket, in UPDATE_FIELDS order; `get(name)` reads the fact (row or dict)."""
    seconds, rating = get("resolution_seconds"), get("rating")
    return [1, *[int(bool(get(m))) for m in MEASURES], int(seconds is not None), seconds or 0,
            int(rating is not None), rating or 0]


def _fact_figures(fact: ComplaintFact) -> list[int]:
    return _figures(lambda name: getattr(fact, name))


def _accumulate(table: dict, key: tuple, values: list[int], sign: int = 1) -> None:
    row = table.get(key)
    signed = [sign * v for v in values]
    table[key] = signed if row is None else [a + b for a, b in zip(row, signed, strict=True)]


def _month(key: tuple) -> tuple:
    return (key[0].replace(day=1), *key[1:])


def refresh_complaints(complaint_ids: Iterable[int]) -> int:
    """Rebuild the facts of these cases and move their buckets by the difference (old and new). Safe to repeat."""
    ids = sorted(set(complaint_ids))
    if not ids:
        return 0
    with transaction.atomic():
        # A restricted consumer's cases are left out (R-PIPL-DELETE).
        built = build_facts(list(_with_fact_inputs(Complaint.objects.processable().filter(pk__in=ids))))
        old = {f.pk: f for f in ComplaintFact.objects.select_for_update().filter(pk__in=ids).order_by("pk")}
        old_tags: dict[int, list[str]] = {}
        for complaint_id, tag in IssueFact.objects.filter(complaint_id__in=ids).values_list("complaint_id", "tag"):
            old_tags.setdefault(complaint_id, []).append(tag)
        daily: dict[tuple, list[int]] = {}
        issues: Counter = Counter()
        changed = []
        for complaint_id in ids:
            new_fact, tags = built.get(complaint_id, (None, []))
            before, before_tags = old.get(complaint_id), sorted(old_tags.get(complaint_id, []))
            new_tags = sorted(tag[:40] for tag in tags)
            if (before is not None and new_fact is not None and _same(before, new_fact)
                    and before_tags == new_tags):
                continue
            changed.append(complaint_id)
            if before is not None:
                _accumulate(daily, _key_of(before), _fact_figures(before), -1)
                issues.subtract({(*_key_of(before), tag): 1 for tag in before_tags})
            if new_fact is not None:
                _accumulate(daily, _key_of(new_fact), _fact_figures(new_fact))
                issues.update({(*_key_of(new_fact), tag): 1 for tag in new_tags})
        if not changed:
            return 0
        # The fact rows first: a second worker adding the same new case waits here on its primary key, then fails
        # and retries (seeing this fact), so no case is ever added twice.
        replaced = [i for i in changed if i in old]  # a new case has no rows to delete: no statement for it
        if replaced:
            ComplaintFact.objects.filter(pk__in=replaced).delete()
        ComplaintFact.objects.bulk_create([built[i][0] for i in changed if i in built])
        if any(old_tags.get(i) for i in changed):
            IssueFact.objects.filter(complaint_id__in=changed).delete()
        issue_rows = [row for i in changed if i in built for row in issue_facts(*built[i])]
        if issue_rows:
            IssueFact.objects.bulk_create(issue_rows)
        _move_buckets(daily, {k: v for k, v in issues.items() if v})
    return len(changed)


def _same(a: ComplaintFact, b: ComplaintFact) -> bool:
    fields = (*KEY, "consumer_id", "repeat", "urgent", "response_measured", "response_on_time", "resolved",
              "resolution_seconds", "rating", "appealed", "overturned")
    return all(getattr(a, f) == getattr(b, f) for f in fields)


def _move_buckets(daily: dict[tuple, list[int]], issues: dict[tuple, int]) -> None:
    """Add the differences to the daily and monthly buckets; drop the buckets left with no case."""
    daily = {k: v for k, v in daily.items() if any(v)}
    monthly: dict[tuple, list[int]] = {}
    for key, values in daily.items():
        _accumulate(monthly, _month(key), values)
    month_issues: Counter = Counter()
    for key, n in issues.items():
        month_issues[(*_month(key[:-1]), key[-1])] += n
    _shift(DailyComplaintStats, KEY, UPDATE_FIELDS, {k: v for k, v in daily.items()})
    _shift(MonthlyComplaintStats, MONTH_KEY, UPDATE_FIELDS, {k: v for k, v in monthly.items() if any(v)})
    _shift(DailyIssueStats, (*KEY, "tag"), ["complaints"], {k: [v] for k, v in issues.items()})
    _shift(MonthlyIssueStats, (*MONTH_KEY, "tag"), ["complaints"], {k: [v] for k, v in month_issues.items() if v})
    if any(v[0] < 0 for v in daily.values()):  # a case left a bucket: drop the buckets it emptied
        DailyComplaintStats.objects.filter(_bucket_filter(k for k, v in daily.items() if v[0] < 0),
                                           complaints__lte=0).delete()
        MonthlyComplaintStats.objects.filter(_month_rows(k for k, v in monthly.items() if v[0] < 0),
                                             complaints__lte=0).delete()
    if any(n < 0 for n in issues.values()):
        DailyIssueStats.objects.filter(complaints__lte=0).filter(_bucket_filter(k[:-1] for k, n in issues.items()
                                                                                 if n < 0)).delete()
        MonthlyIssueStats.objects.filter(complaints__lte=0).filter(_month_rows(k[:-1] for k, n in month_issues.items()
                                                                               if n < 0)).delete()


def _shift(model, key: tuple[str, ...], fields: list[str], changes: dict[tuple, list[int]]) -> None:
    """Add each change to its bucket. A change that takes something away concerns a bucket the case was counted in,
    which exists: a plain UPDATE (an upsert's proposed row would fail the non-negative checks). The rest: upserts."""
    taking = {k: v for k, v in changes.items() if min(v) < 0}
    for bucket in sorted(taking, key=lambda k: tuple(str(v) for v in k)):
        model.objects.filter(**dict(zip(key, bucket, strict=True))).update(
            **{f: F(f) + v for f, v in zip(fields, taking[bucket], strict=True) if v})
    _add(model, key, fields, [(*k, *v) for k, v in changes.items() if k not in taking])


def _add(model, key: tuple[str, ...], fields: list[str], rows: list[tuple]) -> None:
    """Add each row (its key's values, then its figures) to its bucket: INSERT ... ON CONFLICT ... DO UPDATE SET
    n = n + excluded.n, one row per bucket. Buckets are written in key order, so two imports adding to the same
    buckets queue instead of deadlocking."""
    if not rows:
        return
    from weiquan.core.bulk import execute_values

    table = model._meta.db_table
    updates = ", ".join(f"{f} = {table}.{f} + excluded.{f}" for f in fields)
    head = f"INSERT INTO {table} ({', '.join([*key, *fields])})"
    tail = f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET {updates}"
    rows = sorted(rows)
    if connection.vendor != "postgresql":
        execute_values(connection, head, rows, tail=tail)  # SQLite: a prepared statement per row, in C
        return
    # PostgreSQL: one statement per table and batch, its rows as one JSON array (planned once; no SQL text to build
    # or parse per row, and JSON is the cheapest parameter to encode).
    columns = ", ".join(f"(r->>{i})::{_cast_type(model._meta.get_field(name))}" for i, name in enumerate((*key, *fields)))
    with connection.cursor() as cursor:
        cursor.execute(f"{head} SELECT {columns} FROM jsonb_array_elements(%s::jsonb) AS r {tail}",
                       [json.dumps(rows, default=str)])


def _cast_type(field) -> str:
    """The type to read a JSON value as; text for text columns, so that an over-long value fails on insert as in
    any other INSERT (a cast to varchar(n) would cut it silently)."""
    return "text" if field.get_internal_type() == "CharField" else field.db_type(connection)


def insert_facts(facts: list[dict], issues: list[dict]) -> int:
    """The bulk import's path: facts of brand-new cases (dicts of ComplaintFact / IssueFact attributes), added to
    their buckets in the caller's transaction.

    Adding is exact here, and cheap: these cases did not exist before this transaction and are inserted exactly once
    (the import is idempotent by external reference), so no earlier contribution can be counted twice.
    """
    from weiquan.core.bulk import rows_insert

    rows_insert(ComplaintFact, facts)
    rows_insert(IssueFact, issues)
    key_of, issue_key_of = itemgetter(*KEY), itemgetter(*KEY, "tag")
    sums: dict[tuple, list[int]] = {}
    for f in facts:
        _accumulate(sums, key_of(f), _figures(f.get))
    _move_buckets(sums, dict(Counter(map(issue_key_of, issues))))
    return len(sums)


def rebuild_all(*, batch: int = 2000) -> int:
    """Recompute every fact and bucket from the cases (repair, backfill after a migration). Returns the cases."""
    done = 0
    last = 0
    while True:
        ids = list(Complaint.objects.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:batch])
        if not ids:
            break
        refresh_complaints(ids)
        done, last = done + len(ids), ids[-1]
    with transaction.atomic():  # a repair trusts no running total: every bucket is summed again from the facts
        keys = set(ComplaintFact.objects.values_list(*KEY).distinct()) | set(
            DailyComplaintStats.objects.values_list(*KEY))
        recompute_buckets(keys)
        DailyComplaintStats.objects.exclude(complaints__gt=0).delete()
        MonthlyComplaintStats.objects.exclude(complaints__gt=0).delete()
    return done
