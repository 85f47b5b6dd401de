"""Work lists: the console's queues and SLA board, the supervisor's appeals and workload, the merchant's inbox.

Every list starts from `complaints_visible_to(user)` and costs a fixed number of queries whatever the page size:
one aggregate for the counts, one for the page of rows and one per kind of related object the rows show. Counts count
`phase` (never null), not the id: the work indexes of migration 0004 hold every column the counts read but not the
id, so counting an indexed column lets PostgreSQL answer from the index alone (Django allows no COUNT(*) FILTER).
"""

from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import BigIntegerField, Case, CharField, Count, F, Func, Prefetch, Q, QuerySet, Value, When
from django.db.models.expressions import OrderBy
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
from weiquan.core import counting
from weiquan.core.counting import bounded_counts, count_label
from weiquan.merchants.models import Merchant

PAGE_SIZE = 50
# What a list row shows. Long text and the people's encrypted personal fields stay in the database.
ROW_FIELDS = (
    "id", "reference", "title", "category", "status", "phase", "next_party", "deadline", "clock_paused_at", "priority",
    "channel", "received_at", "merchant_id", "assigned_to_id", "order_id", "consumer_id",
    "text_sealed",  # whether the merchant still reads a finished case's title (free_text.merchant_reads)
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
    # Every tab is a set of running cases, and says so (ACTIVE): the partial indexes of migration 0016 serve a query
    # only when it names their condition.
    if tab == "unassigned":
        if for_page:
            hint = _ScanHint(F("assigned_to_id"), output_field=BigIntegerField())
            return ACTIVE & Q(status__in=ASSIGNABLE_STATUSES) & Q(IsNull(hint, True))
        return ACTIVE & Q(status__in=ASSIGNABLE_STATUSES, assigned_to__isnull=True)
    if tab == "mine":
        return ACTIVE & Q(assigned_to_id=user.pk)
    if tab == "awaiting_merchant":
        return ACTIVE & Q(status=Status.AWAITING_MERCHANT)
    if tab == "in_mediation":
        return ACTIVE & Q(status=Status.IN_MEDIATION)
    if tab == "overdue":
        return ACTIVE & bucket_q("overdue", moment)
    if tab == "appeals":
        return ACTIVE & Q(status=Status.APPEALED)
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


# A store-name filter that names up to this many stores goes to the database as their ids (one small query first).
STORE_IDS_INLINE = 200


def _store_name_q(text: str) -> Q:
    """Cases of the stores whose name contains `text`. As a join the database guessed about 30 cases for one matching
    store, whichever it was (a large store holds 13,000 running cases), and sorted them all; given the ids, it plans
    for those stores' real volumes. A filter matching more stores than STORE_IDS_INLINE stays a join."""
    ids = list(Merchant.objects.filter(name__icontains=text).order_by().values_list("pk", flat=True)
               [:STORE_IDS_INLINE + 1])
    return Q(merchant__name__icontains=text) if len(ids) > STORE_IDS_INLINE else Q(merchant_id__in=ids)


def apply_filters(qs: QuerySet, filters: QueueFilters, moment: Moment) -> QuerySet:
    if filters.category:
        qs = qs.filter(category=filters.category)
    if filters.merchant:
        qs = qs.filter(_store_name_q(filters.merchant))
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


def _reversed(key):
    if isinstance(key, OrderBy):
        key = key.copy()
        key.reverse_ordering()
        return key
    return key.desc() if hasattr(key, "desc") else f"-{key}"


def sorted_by(sort: str):
    """An order function for `_page` from a column name ("-" first for descending); unknown names keep the default."""
    name = sort.lstrip("-")
    if name not in SORTS:
        return by_deadline
    keys = SORTS[name]

    def order(qs: QuerySet) -> QuerySet:
        if sort.startswith("-"):  # the exact reverse (nulls too), so that one index serves both directions
            return qs.order_by(*[_reversed(k) for k in keys])
        return qs.order_by(*keys)

    order.ids_first = name in IDS_FIRST  # type: ignore[attr-defined]
    return order


# Sorts whose page is found as ids first, then its rows by id. Sorted by store name, the database walks the stores
# by name and sorts each store's running cases by id: a large store's 13,000 cases, read from an index alone when
# only their ids are asked for (10 ms), from the table when whole rows are (90 ms).
IDS_FIRST = frozenset({"merchant"})


def _rows(qs: QuerySet, order, start: int, end: int, prefetch: list) -> list:
    if not getattr(order, "ids_first", False):
        return list(order(qs).only(*ROW_FIELDS).prefetch_related(*prefetch)[start:end])
    ids = list(order(qs).values_list("pk", flat=True)[start:end])
    found = Complaint.objects.filter(pk__in=ids).order_by().only(*ROW_FIELDS).prefetch_related(*prefetch).in_bulk()
    return [found[pk] for pk in ids]


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
    def more(self) -> bool:
        """More rows than the bound: the total is a lower bound and the pages stop at the bound."""
        return self.total > counting.COUNT_CAP

    @property
    def total_label(self) -> str:
        return count_label(self.total)

    @property
    def count_labels(self) -> dict[str, str]:
        return {name: count_label(value) for name, value in self.counts.items()}

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def _page(qs: QuerySet, *, total: int, page: int, moment: Moment, counts: dict, related=(),
          order=by_deadline, size: int = PAGE_SIZE) -> WorkPage:
    size = size if size in PAGE_SIZES else PAGE_SIZE
    pages = max(1, -(-min(total, counting.COUNT_CAP) // size))
    page = min(max(1, page), pages)
    start = (page - 1) * size
    prefetch = [RELATED[name]() for name in related]
    end = min(start + size, counting.COUNT_CAP)
    rows = _rows(qs, order, start, end, prefetch) if total else []
    for row in rows:
        row.bucket = bucket_of(row, moment)
    return WorkPage(rows=rows, counts=counts, total=total, page=page, pages=pages, moment=moment)


def console_queue(user, *, tab: str, filters: QueueFilters, page: int = 1, now: datetime | None = None,
                  size: int = PAGE_SIZE, sort: str = "deadline") -> WorkPage:
    """One tab of the console's queue, with every tab's bounded count under the same filters (2 queries)."""
    if tab not in CONSOLE_TABS:
        raise ValueError(f"unknown tab {tab!r}")
    moment = Moment.at(now)
    filtered = apply_filters(complaints_visible_to(user), filters, moment)
    tabs = {name: filtered.filter(tab_q(name, user, moment, for_page=name == tab)) for name in CONSOLE_TABS}
    counts = bounded_counts(tabs)
    return _page(tabs[tab], total=counts[tab], page=page, moment=moment,
                 counts=counts, related=("merchant", "assigned_to"), size=size, order=sorted_by(sort))


BOARD_DAYS = 7


def due_on_q(day: date, moment: Moment) -> Q:
    """Running clocks that fall due on `day` (Beijing) and are not yet overdue: the SLA board's day columns."""
    start = max(_day_start(day), moment.now)
    return _running() & Q(deadline__gte=start, deadline__lt=_day_start(day + timedelta(days=1)))


def board_days(moment: Moment) -> list[date]:
    today = moment.now.astimezone(SHANGHAI).date()
    return [today + timedelta(days=n) for n in range(BOARD_DAYS)]


def _clock_counts(user, moment: Moment) -> tuple[list[datetime], dict[tuple[str, str], int]]:
    """Active cases by party and slice of time left, in one pass over the running cases (1 query).

    The slices are cut at every edge either table of the SLA board uses (now + 4 h, and the start of each of the
    next BOARD_DAYS days), so each slice lies wholly in one bucket and one day column and both tables are sums of
    slices: ({party, slice}: n) where slice is "no_clock", "overdue", "later" or the index of the slice's lower edge.
    """
    days = board_days(moment)
    edges = sorted({moment.soon, *(_day_start(day + timedelta(days=1)) for day in days)})
    lower = [moment.now, *edges]
    slice_of = Case(
        When(Q(deadline__isnull=True) | Q(clock_paused_at__isnull=False), then=Value("no_clock")),
        When(deadline__lt=moment.now, then=Value("overdue")),
        *[When(deadline__lt=edge, then=Value(str(i))) for i, edge in enumerate(edges)],
        default=Value(str(len(edges))), output_field=CharField(),
    )
    rows = (
        complaints_visible_to(user).filter(ACTIVE)
        # grouped by "+next_party" on SQLite, so that its planner reads the work index rather than next_party's
        .annotate(party=_ScanHint(F("next_party"), output_field=CharField()), slice=slice_of)
        .order_by().values("party", "slice").annotate(n=_count())
    )
    return lower, {(row["party"], row["slice"]): row["n"] for row in rows}


def _bucket_at(start: datetime, moment: Moment) -> str:
    if start < moment.soon:
        return "under_4h"
    return "today" if start <= moment.end_of_today else "later"


def _column_at(start: datetime, days: list[date]) -> str:
    for day in days:
        if start < _day_start(day + timedelta(days=1)):
            return day.isoformat()
    return "later"


def _board(counts: dict[tuple[str, str], int], keys: list[str], key_of) -> dict:
    """{party: {key: n, ..., "total": n}} from the slice counts; key_of(slice) names the column a slice adds to."""
    board: dict[str, dict[str, int]] = {str(party): dict.fromkeys(keys, 0) for party in PARTIES}
    for (party, slice_), n in counts.items():
        board.setdefault(party, dict.fromkeys(keys, 0))[key_of(slice_)] += n
    for cells in board.values():
        cells["total"] = sum(cells[k] for k in keys)  # the columns partition the active cases
    return {"rows": board, "totals": {k: sum(r[k] for r in board.values()) for k in (*keys, "total")}}


SLA_BOARD_CACHE_KEY = "complaints:sla-overview:all"


def sla_overview(user, *, now: datetime | None = None) -> tuple[dict, dict]:
    """(sla_board, sla_days) from one pass over the running cases: the board page's two tables (1 query).

    Staff who see every case see the same board: it is counted at most once per SLA_BOARD_CACHE_SECONDS and shared
    (each table carries the moment it was counted at, which the page shows).
    """
    shared = now is None and settings.SLA_BOARD_CACHE_SECONDS > 0 and (
        user.is_superuser or getattr(user, "role", None) in READ_ALL_ROLES)
    if shared:
        cached = cache.get(SLA_BOARD_CACHE_KEY)
        if cached is not None:
            return cached
    overview = _sla_overview(user, Moment.at(now))
    if shared:
        cache.set(SLA_BOARD_CACHE_KEY, overview, settings.SLA_BOARD_CACHE_SECONDS)
    return overview


def _sla_overview(user, moment: Moment) -> tuple[dict, dict]:
    days = board_days(moment)
    lower, counts = _clock_counts(user, moment)

    def bucket(slice_: str) -> str:
        return slice_ if slice_ in ("no_clock", "overdue") else _bucket_at(lower[int(slice_)], moment)

    def column(slice_: str) -> str:
        return slice_ if slice_ in ("no_clock", "overdue") else _column_at(lower[int(slice_)], days)

    board = {**_board(counts, list(BUCKETS), bucket), "moment": moment}
    keys = ["overdue", *[day.isoformat() for day in days], "later", "no_clock"]
    by_day = {**_board(counts, keys, column), "days": days, "keys": keys, "moment": moment}
    return board, by_day


def sla_board(user, *, now: datetime | None = None) -> dict:
    """Active cases by who owes the next move and how much time is left: {"rows": {party: {bucket: n, "total": n}},
    "totals": {bucket: n, "total": n}, "moment": ...} (1 query)."""
    return sla_overview(user, now=now)[0]


def sla_days(user, *, now: datetime | None = None) -> dict:
    """Active cases by who owes the next move and the day their clock runs out, for the next BOARD_DAYS days (1 query).

    {"days": [date...], "rows": {party: {"overdue": n, date: n, ..., "later": n, "no_clock": n, "total": n}},
     "totals": {same keys}}. The columns partition the active cases: overdue, one per day (today counts only what
    is still to come), later than the last day, and paused or without a clock.
    """
    return sla_overview(user, now=now)[1]


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


def _merchant_search(user, filters: QueueFilters) -> tuple[QueueFilters, Q | None]:
    """A merchant's search, never matched on the consumer's personal data (which the merchant sees masked): the
    filters to apply and one more condition (None: nothing may match). One of its own order numbers finds its case."""
    term = filters.q.strip()
    own_order = Q(order__order_no=term) & processable_q()  # search is processing: no restricted person's case
    if term and len(term.split()) == 1 and complaints_visible_to(user).filter(own_order).exists():
        return replace(filters, q=""), own_order
    text, dropped = free_text.merchant_search_text(filters.q)
    if dropped and not text:
        return filters, None
    return replace(filters, q=text), free_text.whole_numbers_q(text)


def merchant_inbox(user, *, view: str = "open", filters: QueueFilters | None = None, page: int = 1,
                   now: datetime | None = None) -> WorkPage:
    """The merchant's own complaints by deadline, with the (bounded) counts at the top (2 queries).

    Counts: overdue and due today are the moves the merchant itself owes; awaiting response is every case waiting
    for its first answer; open is every active case.
    """
    moment = Moment.at(now)
    filters = filters or QueueFilters()
    searched: Q | None = Q()
    if filters.q:
        filters, searched = _merchant_search(user, filters)
    filtered = apply_filters(complaints_visible_to(user), filters, moment)
    filtered = filtered.filter(searched) if searched is not None else filtered.none()
    due_today = ACTIVE & Q(next_party=Party.MERCHANT) & (bucket_q("under_4h", moment) | bucket_q("today", moment))
    counted = {
        "overdue": merchant_owes(moment, "overdue"), "due_today": due_today,
        "awaiting_response": Q(status=Status.AWAITING_MERCHANT),
        **{name: inbox_view_q(name) for name in INBOX_VIEWS},
    }
    lists = {name: filtered.filter(condition) for name, condition in counted.items()}
    counts = bounded_counts(lists)
    # Finished cases have no deadline left: they are listed newest first.
    work = _page(lists[view], total=counts[view], page=page, moment=moment, counts=counts,
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
