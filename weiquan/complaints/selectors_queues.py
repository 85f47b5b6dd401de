"""Work lists: the console's queues and SLA board, the supervisor's appeals and workload, the merchant's inbox.

Every list starts from `complaints_visible_to(user)` and costs a fixed number of queries whatever the page size:
one aggregate for the counts, one for the page of rows and one per kind of related object the rows show. Counts count
`phase` (never null), not the id: the work indexes of migration 0004 hold every column the counts read but not the
id, so counting an indexed column lets PostgreSQL answer from the index alone (Django allows no COUNT(*) FILTER).
"""

from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import BigIntegerField, Case, CharField, Count, F, Func, Prefetch, Q, QuerySet, Value, When
from django.db.models.lookups import IsNull
from django.utils import timezone

from weiquan.accounts.models import Role
from weiquan.commerce.models import Order
from weiquan.complaints import free_text
from weiquan.complaints.models import Complaint, Decision, Party, Status, processable_q
from weiquan.complaints.search import complaint_search
from weiquan.complaints.selectors import READ_ALL_ROLES, complaints_visible_to
from weiquan.complaints.sla import SHANGHAI
from weiquan.complaints.workflow import OPEN_BEFORE_DECISION
from weiquan.merchants.models import Merchant

PAGE_SIZE = 50
# What a list row shows. Long text and the people's encrypted personal fields stay in the database.
ROW_FIELDS = (
    "id", "reference", "title", "category", "status", "phase", "next_party", "deadline", "clock_paused_at", "priority",
    "channel", "received_at", "merchant_id", "assigned_to_id", "order_id", "consumer_id",
)
# The rows' related objects are fetched by a second query each (prefetch), never joined: a join lets SQLite's planner
# start from the other table and give up the deadline index that serves ORDER BY deadline LIMIT 50.
RELATED = {
    "merchant": lambda: Prefetch("merchant", queryset=Merchant.objects.only("id", "name")),
    "assigned_to": lambda: Prefetch("assigned_to", queryset=get_user_model().objects.only("id", "username")),
    "order": lambda: Prefetch("order", queryset=Order.objects.only("id", "order_no")),
}
SOON = timedelta(hours=4)

# A case is "active" while one of its clocks runs: `phase` names the running clock and is empty exactly when none
# runs (closed, withdrawn, not accepted, or resolved with nothing left to execute). It is one indexable condition,
# which the work indexes of migration 0004 lead with.
ACTIVE = Q(phase__gt="")
ASSIGNABLE_STATUSES = sorted(OPEN_BEFORE_DECISION | {Status.APPEALED})

# "all" (every active case) is where the SLA board's counts lead.
CONSOLE_TABS = ("unassigned", "mine", "awaiting_merchant", "in_mediation", "overdue", "appeals", "all")
BUCKETS = ("overdue", "under_4h", "today", "later", "no_clock")
PARTIES = (Party.PLATFORM, Party.MERCHANT, Party.CONSUMER, Party.NONE)
INBOX_VIEWS = ("todo", "open", "closed", "all")


@dataclass(frozen=True)
class Moment:
    """`now` and the edges the buckets use, in Beijing time."""

    now: datetime
    soon: datetime
    end_of_today: datetime

    @classmethod
    def at(cls, now: datetime | None = None) -> "Moment":
        now = now or timezone.now()
        local = now.astimezone(SHANGHAI)
        tomorrow = datetime.combine(local.date() + timedelta(days=1), time.min, tzinfo=SHANGHAI)
        return cls(now=now, soon=now + SOON, end_of_today=tomorrow - timedelta(microseconds=1))


def _count(filter: Q | None = None) -> Count:
    """COUNT(phase) [FILTER (WHERE ...)]: the number of cases, readable from the work indexes alone."""
    return Count("phase", filter=filter)


def _running() -> Q:
    return Q(deadline__isnull=False, clock_paused_at__isnull=True)


def bucket_q(bucket: str, moment: Moment) -> Q:
    """Cases whose running clock falls in `bucket`; a tighter bucket wins (a deadline 2 h away is '< 4 h')."""
    if bucket == "overdue":
        return _running() & Q(deadline__lt=moment.now)
    if bucket == "under_4h":
        return _running() & Q(deadline__gte=moment.now, deadline__lt=moment.soon)
    if bucket == "today":
        return _running() & Q(deadline__gte=moment.soon, deadline__lte=moment.end_of_today)
    if bucket == "later":
        return _running() & Q(deadline__gte=moment.soon, deadline__gt=moment.end_of_today)
    if bucket == "no_clock":
        return Q(deadline__isnull=True) | Q(clock_paused_at__isnull=False)
    raise ValueError(f"unknown bucket {bucket!r}")


def bucket_of(complaint: Complaint, moment: Moment) -> str:
    """The same buckets for one row already in memory (for highlighting)."""
    if complaint.deadline is None or complaint.clock_paused_at is not None:
        return "no_clock"
    if complaint.deadline < moment.now:
        return "overdue"
    if complaint.deadline < moment.soon:
        return "under_4h"
    if complaint.deadline <= moment.end_of_today:
        return "today"
    return "later"


class _ScanHint(Func):
    """The column, written `+column` on SQLite so that its planner does not pick that column's index.

    For "unassigned" it would otherwise read the (assigned_to, status) index and sort thousands of rows, where walking
    the deadline index stops after one page; for the SLA board's GROUP BY next_party it would walk next_party's index
    through the whole table instead of the active cases' work index. Other databases get the plain column.
    """

    template = "%(expressions)s"

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, template="+%(expressions)s", **extra)


def tab_q(tab: str, user, moment: Moment, *, for_page: bool = False) -> Q:
    if tab == "unassigned":
        if for_page:
            hint = _ScanHint(F("assigned_to_id"), output_field=BigIntegerField())
            return Q(status__in=ASSIGNABLE_STATUSES) & Q(IsNull(hint, True))
        return Q(status__in=ASSIGNABLE_STATUSES, assigned_to__isnull=True)
    if tab == "mine":
        return ACTIVE & Q(assigned_to_id=user.pk)
    if tab == "awaiting_merchant":
        return Q(status=Status.AWAITING_MERCHANT)
    if tab == "in_mediation":
        return Q(status=Status.IN_MEDIATION)
    if tab == "overdue":
        return ACTIVE & bucket_q("overdue", moment)
    if tab == "appeals":
        return Q(status=Status.APPEALED)
    if tab == "all":
        return ACTIVE
    raise ValueError(f"unknown tab {tab!r}")


@dataclass
class QueueFilters:
    """Clean values (the page's form validates them first)."""

    category: str = ""
    merchant: str = ""
    channel: str = ""
    priority: str = ""
    date_from: date | None = None
    date_to: date | None = None
    q: str = ""
    next_party: str = ""
    bucket: str = ""
    assignee: int | None = None
    status: str = ""
    due_on: date | None = None
    due_from: date | None = None

    def active(self) -> bool:
        return any(v not in ("", None) for v in self.__dict__.values())


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=SHANGHAI)


def apply_filters(qs: QuerySet, filters: QueueFilters, moment: Moment) -> QuerySet:
    if filters.category:
        qs = qs.filter(category=filters.category)
    if filters.merchant:
        qs = qs.filter(merchant__name__icontains=filters.merchant)
    if filters.channel:
        qs = qs.filter(channel=filters.channel)
    if filters.priority:
        qs = qs.filter(priority=filters.priority)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.date_from:
        qs = qs.filter(received_at__gte=_day_start(filters.date_from))
    if filters.date_to:
        qs = qs.filter(received_at__lt=_day_start(filters.date_to + timedelta(days=1)))
    if filters.next_party:
        qs = qs.filter(next_party=filters.next_party)
    if filters.bucket:
        qs = qs.filter(bucket_q(filters.bucket, moment))
    if filters.due_on:
        qs = qs.filter(due_on_q(filters.due_on, moment))
    if filters.due_from:  # the SLA board's "later" column: due on that day or after
        qs = qs.filter(_running() & Q(deadline__gte=max(_day_start(filters.due_from), moment.now)))
    if filters.assignee:
        qs = qs.filter(assigned_to_id=filters.assignee)
    if filters.q:  # search is processing: a restricted person's cases are not found (R-PIPL-DELETE)
        qs = complaint_search(qs.filter(processable_q()), filters.q)
    return qs


def by_deadline(qs: QuerySet) -> QuerySet:
    return qs.order_by(F("deadline").asc(nulls_last=True), "id")


def newest_first(qs: QuerySet) -> QuerySet:
    return qs.order_by("-id")


PAGE_SIZES = (50, 100, 200)
# The queue's sortable columns (name -> order); "-name" sorts the other way. The deadline is the default.
SORTS: dict[str, tuple[Any, ...]] = {
    "deadline": (F("deadline").asc(nulls_last=True), "id"),
    "received": ("received_at", "id"),
    "reference": ("reference",),
    "merchant": ("merchant__name", "id"),
    "priority": (Case(When(priority="urgent", then=Value(0)), When(priority="high", then=Value(1)),
                      When(priority="normal", then=Value(2)), default=Value(3)), "id"),
    "status": ("status", "id"),
}


def sorted_by(sort: str):
    """An order function for `_page` from a column name ("-" first for descending); unknown names keep the default."""
    name = sort.lstrip("-")
    if name not in SORTS:
        return by_deadline
    keys = SORTS[name]

    def order(qs: QuerySet) -> QuerySet:
        if sort.startswith("-"):
            return qs.order_by(*[k.desc(nulls_last=True) if hasattr(k, "desc") else (
                k if k == "id" else f"-{k}") for k in keys])
        return qs.order_by(*keys)

    return order


@dataclass
class WorkPage:
    rows: list[Complaint]
    counts: dict[str, int]
    total: int
    page: int
    pages: int
    moment: Moment
    extra: dict = field(default_factory=dict)

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def _page(qs: QuerySet, *, total: int, page: int, moment: Moment, counts: dict, related=(),
          order=by_deadline, size: int = PAGE_SIZE) -> WorkPage:
    size = size if size in PAGE_SIZES else PAGE_SIZE
    pages = max(1, -(-total // size))
    page = min(max(1, page), pages)
    start = (page - 1) * size
    prefetch = [RELATED[name]() for name in related]
    rows = list(order(qs).only(*ROW_FIELDS).prefetch_related(*prefetch)[start:start + size]) if total else []
    for row in rows:
        row.bucket = bucket_of(row, moment)
    return WorkPage(rows=rows, counts=counts, total=total, page=page, pages=pages, moment=moment)


def console_queue(user, *, tab: str, filters: QueueFilters, page: int = 1, now: datetime | None = None,
                  size: int = PAGE_SIZE, sort: str = "deadline") -> WorkPage:
    """One tab of the console's queue, with every tab's count under the same filters (2 queries)."""
    if tab not in CONSOLE_TABS:
        raise ValueError(f"unknown tab {tab!r}")
    moment = Moment.at(now)
    filtered = apply_filters(complaints_visible_to(user), filters, moment)
    counts = filtered.filter(ACTIVE).aggregate(
        **{name: _count(tab_q(name, user, moment)) for name in CONSOLE_TABS}
    )
    return _page(filtered.filter(tab_q(tab, user, moment, for_page=True)), total=counts[tab], page=page, moment=moment,
                 counts=counts, related=("merchant", "assigned_to"), size=size, order=sorted_by(sort))


def bucket_case(moment: Moment) -> Case:
    """The bucket of each row as one CASE (the same edges as bucket_q), for grouping."""
    return Case(
        When(Q(deadline__isnull=True) | Q(clock_paused_at__isnull=False), then=Value("no_clock")),
        When(deadline__lt=moment.now, then=Value("overdue")),
        When(deadline__lt=moment.soon, then=Value("under_4h")),
        When(deadline__lte=moment.end_of_today, then=Value("today")),
        default=Value("later"), output_field=CharField(),
    )


def sla_board(user, *, now: datetime | None = None) -> dict:
    """Active cases by who owes the next move and how much time is left: {party: {bucket: n, "total": n}} (1 query).

    One pass over the covering work index, grouped by party and bucket: one CASE per row costs less than a filtered
    count per cell.
    """
    moment = Moment.at(now)
    rows = (
        complaints_visible_to(user).filter(ACTIVE)
        # grouped by "+next_party" on SQLite, so that its planner reads the work index rather than next_party's
        .annotate(party=_ScanHint(F("next_party"), output_field=CharField()), bucket=bucket_case(moment))
        .order_by().values("party", "bucket").annotate(n=_count())
    )
    board = {party: {b: 0 for b in BUCKETS} for party in PARTIES}
    for row in rows:
        board.setdefault(row["party"], {b: 0 for b in BUCKETS})[row["bucket"]] = row["n"]
    for counts in board.values():
        counts["total"] = sum(counts[b] for b in BUCKETS)  # the buckets partition the active cases
    return {"rows": board, "totals": {b: sum(r[b] for r in board.values()) for b in (*BUCKETS, "total")},
            "moment": moment}


BOARD_DAYS = 7


def due_on_q(day: date, moment: Moment) -> Q:
    """Running clocks that fall due on `day` (Beijing) and are not yet overdue: the SLA board's day columns."""
    start = max(_day_start(day), moment.now)
    return _running() & Q(deadline__gte=start, deadline__lt=_day_start(day + timedelta(days=1)))


def board_days(moment: Moment) -> list[date]:
    today = moment.now.astimezone(SHANGHAI).date()
    return [today + timedelta(days=n) for n in range(BOARD_DAYS)]


def sla_days(user, *, now: datetime | None = None) -> dict:
    """Active cases by who owes the next move and the day their clock runs out, for the next BOARD_DAYS days (1 query).

    {"days": [date...], "rows": {party: {"overdue": n, date: n, ..., "later": n, "no_clock": n, "total": n}},
     "totals": {same keys}}. The columns partition the active cases: overdue, one per day (today counts only what
    is still to come), later than the last day, and paused or without a clock.
    """
    moment = Moment.at(now)
    days = board_days(moment)
    edges = [_day_start(day + timedelta(days=1)) for day in days]
    column = Case(
        When(Q(deadline__isnull=True) | Q(clock_paused_at__isnull=False), then=Value("no_clock")),
        When(deadline__lt=moment.now, then=Value("overdue")),
        *[When(deadline__lt=edge, then=Value(day.isoformat())) for day, edge in zip(days, edges, strict=True)],
        default=Value("later"), output_field=CharField(),
    )
    keys = ["overdue", *[day.isoformat() for day in days], "later", "no_clock"]
    rows = (
        complaints_visible_to(user).filter(ACTIVE)
        .annotate(party=_ScanHint(F("next_party"), output_field=CharField()), column=column)
        .order_by().values("party", "column").annotate(n=_count())
    )
    board = {party: dict.fromkeys(keys, 0) for party in PARTIES}
    for row in rows:
        board.setdefault(row["party"], dict.fromkeys(keys, 0))[row["column"]] = row["n"]
    for counts in board.values():
        counts["total"] = sum(counts[k] for k in keys)
    return {"days": days, "keys": keys, "rows": board, "moment": moment,
            "totals": {k: sum(r[k] for r in board.values()) for k in (*keys, "total")}}


APPEALS_SHOWN = 100


def appeals_for_review(user, *, now: datetime | None = None) -> WorkPage:
    """Appealed cases this supervisor may review (never one whose decision they made), soonest deadline first.

    The first APPEALS_SHOWN of them, with the total (2 queries, plus one per related object kind).
    """
    moment = Moment.at(now)
    qs = (
        complaints_visible_to(user).filter(status=Status.APPEALED)
        .exclude(appeal__decision__decided_by_id=user.pk)
    )
    total = qs.count()
    rows = list(
        by_deadline(qs).select_related("appeal__decision__decided_by")
        .only(*ROW_FIELDS, "appeal__id", "appeal__decision__id", "appeal__decision__decided_by__id",
              "appeal__decision__decided_by__username")
        .prefetch_related(RELATED["merchant"](), RELATED["assigned_to"]())[:APPEALS_SHOWN]
    ) if total else []
    for row in rows:
        row.bucket = bucket_of(row, moment)
    return WorkPage(rows=rows, counts={"appeals": total}, total=total, page=1, pages=1, moment=moment)


def staff_workload(user, *, now: datetime | None = None) -> list[dict]:
    """Per agent and supervisor: active cases assigned, how many are overdue, decisions this month (3 queries).

    The workload is the whole department's, so only someone who sees every case gets it.
    """
    if not (user.is_superuser or user.role in READ_ALL_ROLES):
        return []
    moment = Moment.at(now)
    local = moment.now.astimezone(SHANGHAI)
    month_start = datetime(local.year, local.month, 1, tzinfo=SHANGHAI)
    staff = list(
        get_user_model().objects.filter(is_active=True, role__in=[Role.AGENT, Role.SUPERVISOR])
        .order_by("role", "username").only("pk", "username", "role")
    )
    load = {
        row["assigned_to_id"]: row for row in
        complaints_visible_to(user).filter(ACTIVE, assigned_to__isnull=False).order_by().values("assigned_to_id")
        .annotate(open=_count(), overdue=_count(bucket_q("overdue", moment)))
    }
    decided = dict(
        Decision.objects.filter(created_at__gte=month_start)
        .order_by().values("decided_by_id").annotate(n=Count("pk")).values_list("decided_by_id", "n")
    )
    return [
        {"user": person, "open": load.get(person.pk, {}).get("open", 0),
         "overdue": load.get(person.pk, {}).get("overdue", 0), "decided_this_month": decided.get(person.pk, 0)}
        for person in staff
    ]


def merchant_owes(moment: Moment, bucket: str) -> Q:
    return ACTIVE & Q(next_party=Party.MERCHANT) & bucket_q(bucket, moment)


def inbox_view_q(view: str) -> Q:
    if view == "todo":
        return ACTIVE & Q(next_party=Party.MERCHANT)
    if view == "open":
        return ACTIVE
    if view == "closed":
        return ~ACTIVE
    if view == "all":
        return Q()
    raise ValueError(f"unknown view {view!r}")


def merchant_inbox(user, *, view: str = "open", filters: QueueFilters | None = None, page: int = 1,
                   now: datetime | None = None) -> WorkPage:
    """The merchant's own complaints by deadline, with the counts at the top (2 queries).

    Counts: overdue and due today are the moves the merchant itself owes; awaiting response is every case waiting
    for its first answer; open is every active case.
    """
    moment = Moment.at(now)
    filters = filters or QueueFilters()
    nothing_left = False
    if filters.q:  # never matched on the consumer's personal data, which the merchant sees masked
        text, dropped = free_text.merchant_search_text(filters.q)
        filters, nothing_left = replace(filters, q=text), dropped and not text
    filtered = apply_filters(complaints_visible_to(user), filters, moment)
    if nothing_left:
        filtered = filtered.none()
    due_today = ACTIVE & Q(next_party=Party.MERCHANT) & (bucket_q("under_4h", moment) | bucket_q("today", moment))
    counts = filtered.aggregate(
        overdue=_count(merchant_owes(moment, "overdue")),
        due_today=_count(due_today),
        awaiting_response=_count(Q(status=Status.AWAITING_MERCHANT)),
        open=_count(ACTIVE),
        todo=_count(inbox_view_q("todo")),
        closed=_count(~ACTIVE),
        all=_count(),
    )
    # Finished cases have no deadline left: they are listed newest first.
    work = _page(filtered.filter(inbox_view_q(view)), total=counts[view], page=page, moment=moment, counts=counts,
                 related=("order",), order=newest_first if view == "closed" else by_deadline)
    for row in work.rows:
        row.merchant_owes = row.next_party == Party.MERCHANT and row.is_open  # type: ignore[attr-defined]
    free_text.mask_titles_for_merchant(work.rows)
    return work


INTAKE_ROLES = frozenset({Role.AGENT, Role.SUPERVISOR, Role.ADMIN})


def intake_orders(user, *, order_no: str = "", consumer=None, limit: int = 20) -> list:
    """Orders a phone agent may file against: by order number, or the caller's recent orders (staff only)."""
    if not getattr(user, "is_authenticated", False) or not (user.is_superuser or user.role in INTAKE_ROLES):
        return []
    qs = Order.objects.select_related("merchant", "consumer").order_by("-placed_at", "-id")
    if order_no:
        qs = qs.filter(order_no=order_no.strip())
    elif consumer is not None:
        qs = qs.filter(consumer=consumer)
    else:
        return []
    return list(qs[:limit])


def intake_order_get(user, order_no: str):
    """The order with its lines for the intake form; Order.DoesNotExist for anyone but staff or an unknown number."""
    if not getattr(user, "is_authenticated", False) or not (user.is_superuser or user.role in INTAKE_ROLES):
        raise Order.DoesNotExist
    return Order.objects.select_related("merchant", "consumer").prefetch_related("lines").get(order_no=order_no)
