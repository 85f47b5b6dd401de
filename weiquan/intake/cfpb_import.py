"""Import a CFPB Consumer Complaint Database export (the 18 published columns) as transferred cases.

- company -> merchant, found or created by a stable external id (``cfpb:`` + a hash of the upper-cased name);
- Product / Sub-product -> a product of that merchant; Product / Issue / Sub-issue -> category and tags
  (``cfpb_mapping``);
- each complaint gets its own placeholder consumer (inactive, no personal data: the CCDB is anonymous and one
  person's complaints cannot be linked, so "one consumer per complaint" is the only honest reading; one per State
  would invent repeat complainants) and a placeholder order (channel ``imported``, amount 0) with one line, because
  every case hangs off an order;
- channel ``transfer``, external_ref ``CFPB-<Complaint ID>`` (idempotent: a second run adds nothing),
  received_at = Date received (12:00 Asia/Shanghai so that the day is the published day), narrative as description,
  company response / timely / disputed and the other published columns kept in ``CfpbRecord``;
- status: "In progress" -> awaiting the merchant; every other response -> closed, the response as close reason.

The file is streamed (constant memory) and written in batches, one transaction each, through the bulk services of
the apps that own the rows (stores: merchants; buyers, orders and products: commerce; cases: complaints; the CFPB
record and the analytics facts: insight); bad rows are reported with their line numbers and skipped.
"""

import csv
import hashlib
import io
import queue
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as dtime
from zoneinfo import ZoneInfo

from django.db import IntegrityError, OperationalError, connection, transaction
from django.utils import timezone

from weiquan.accounts.models import Role
from weiquan.commerce.services import PlaceholderPurchase, placeholder_purchases_create, products_for_import
from weiquan.complaints.models import Channel, Status
from weiquan.complaints.services.bulk_import import ImportedComplaint, complaints_bulk_import
from weiquan.core.bulk import existing_values
from weiquan.insight.imported_cases import imported_cases_add
from weiquan.insight.models import CfpbRecord
from weiquan.intake.cfpb_mapping import map_complaint
from weiquan.merchants.services.stores import merchants_for_platform_stores

SHANGHAI = ZoneInfo("Asia/Shanghai")
COLUMNS = (
    "Date received", "Product", "Sub-product", "Issue", "Sub-issue", "Consumer complaint narrative",
    "Company public response", "Company", "State", "ZIP code", "Tags", "Consumer consent provided?", "Submitted via",
    "Date sent to company", "Company response to consumer", "Timely response?", "Consumer disputed?", "Complaint ID",
)
REQUIRED = ("Date received", "Product", "Company", "Complaint ID")
# Rows per transaction: large enough that per-batch work (queries, commit) is a small share, small enough that
# SQLite's single write lock is held well under a second at a time.
BATCH_SIZE = 2000
SOURCE = "cfpb"


class RowError(ValueError):
    pass


@dataclass
class Row:
    line: int
    cfpb_id: str
    received: date
    sent: date | None
    values: dict


@dataclass
class ImportReport:
    read: int = 0
    imported: int = 0
    skipped_existing: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def rows_per_second(self) -> float:
        return self.read / self.seconds if self.seconds else 0.0


EARLIEST_DATE = date(1990, 1, 1)


def _date(raw: str, column: str, *, required: bool) -> date | None:
    """YYYY-MM-DD, MM/DD/YYYY or MM/DD/YY (as Excel writes it: 20YY); a day outside 1990..tomorrow is a bad row."""
    raw = (raw or "").strip()
    if not raw:
        if required:
            raise RowError(f"{column}: is required")
        return None
    try:
        if "/" in raw:
            month, day, year = raw.split("/")
            if len(year) not in (2, 4) or not year.isdigit():
                raise ValueError(year)
            value = date(int(year) + (2000 if len(year) == 2 else 0), int(month), int(day))
        else:
            value = date.fromisoformat(raw[:10])
    except ValueError:
        raise RowError(f"{column}: not a date (YYYY-MM-DD, MM/DD/YYYY or MM/DD/YY)") from None
    latest = timezone.localdate() + timedelta(days=1)
    if not EARLIEST_DATE <= value <= latest:
        raise RowError(f"{column}: {value.isoformat()} is outside {EARLIEST_DATE.isoformat()}..{latest.isoformat()}")
    return value


def _yes_no(raw: str) -> bool | None:
    value = (raw or "").strip().lower()
    return True if value == "yes" else False if value == "no" else None


def parse_row(line: int, values: dict) -> Row:
    for column in REQUIRED:
        if not (values.get(column) or "").strip():
            raise RowError(f"{column}: is required")
    cfpb_id = values["Complaint ID"].strip()
    if not cfpb_id.isdigit() or len(cfpb_id) > 15:
        raise RowError("Complaint ID: not a number")
    received = _date(values["Date received"], "Date received", required=True)
    assert received is not None  # required=True raised otherwise
    sent = _date(values.get("Date sent to company", ""), "Date sent to company", required=False)
    if len(values["Company"].strip()) > 200:
        raise RowError("Company: longer than 200 characters")
    return Row(line, cfpb_id, received, sent, values)


def read_rows(stream: io.TextIOBase, report: ImportReport) -> Iterator[Row]:
    """Good rows one by one; bad ones go to the report with the line they start on."""
    reader = csv.DictReader(stream)
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise RowError(f"the file lacks the CCDB columns {missing}")
    start = reader.line_num + 1
    for values in reader:
        line, start = start, reader.line_num + 1
        report.read += 1
        if None in values or any(v is None for v in values.values()):
            report.errors.append((line, "wrong number of fields"))
            continue
        try:
            yield parse_row(line, values)
        except RowError as exc:
            report.errors.append((line, str(exc)))


def merchant_external_id(company: str) -> str:
    return "cfpb:" + hashlib.sha256(" ".join(company.upper().split()).encode()).hexdigest()[:24]


class _Caches:
    """What one import looks up or derives once: ids by company and product, and the per-value work that many rows
    share (hashes, the category mapping, the time of a day)."""

    def __init__(self):
        self.merchants: dict[str, int] = {}  # external id -> pk
        self.products: dict[tuple[int, str], int] = {}  # (merchant pk, sku) -> pk
        self.company_keys: dict[str, str] = {}
        self.skus: dict[tuple[str, str], tuple[str, str]] = {}
        self.mappings: dict[tuple[str, str, str], tuple[str, list[str]]] = {}
        self.noons: dict[date, datetime] = {}

    def forget_ids(self) -> None:
        self.merchants.clear()
        self.products.clear()

    def company_key(self, company: str) -> str:
        key = self.company_keys.get(company)
        if key is None:
            key = self.company_keys[company] = merchant_external_id(company)
        return key

    def sku(self, values: dict) -> tuple[str, str]:
        wanted = (values["Product"], values.get("Sub-product", ""))
        found = self.skus.get(wanted)
        if found is None:
            found = self.skus[wanted] = _product_sku(values)
        return found

    def mapping(self, product: str, issue: str, sub_issue: str) -> tuple[str, list[str]]:
        """map_complaint's answer; rows with the same answer share its tag list, which nothing changes."""
        wanted = (product, issue, sub_issue)
        found = self.mappings.get(wanted)
        if found is None:
            found = self.mappings[wanted] = map_complaint(product, issue, sub_issue)
        return found

    def noon(self, day: date) -> datetime:
        found = self.noons.get(day)
        if found is None:
            found = self.noons[day] = _received_at(day)
        return found


def _merchants(rows: list[Row], caches: _Caches) -> None:
    wanted = {caches.company_key(r.values["Company"]): r.values["Company"].strip() for r in rows}
    missing = {k: v for k, v in wanted.items() if k not in caches.merchants}
    if not missing:
        return
    caches.merchants.update(merchants_for_platform_stores(missing))


def _product_sku(values: dict) -> tuple[str, str]:
    product, sub = values["Product"].strip(), values.get("Sub-product", "").strip()
    title = f"{product} / {sub}" if sub else product
    return "cfpb:" + hashlib.sha256(title.encode()).hexdigest()[:20], title[:300]


def _products(rows: list[Row], caches: _Caches, *, actor) -> None:
    wanted = {}
    for r in rows:
        merchant_id = caches.merchants[caches.company_key(r.values["Company"])]
        sku, title = caches.sku(r.values)
        if (merchant_id, sku) not in caches.products:
            wanted[(merchant_id, sku)] = (title, r.values["Product"].strip()[:64])
    if wanted:
        caches.products.update(products_for_import(actor=actor, wanted=wanted))


def _received_at(day: date) -> datetime:
    return datetime.combine(day, dtime(12, 0), tzinfo=SHANGHAI)


_REMEDIES = ["other"]  # shared by every imported case (nothing changes it), so it is encoded once


def _write_batch(rows: list[Row], *, actor, caches: _Caches) -> int:
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Foreign keys checked as each statement ends rather than all at COMMIT, so that the buckets this batch
            # adds to (its last statements) stay locked for less time.
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        known = existing_values(CfpbRecord, "cfpb_id", [r.cfpb_id for r in rows])
        # In Complaint ID order: two writers that meet on the same new cases then queue instead of deadlocking.
        rows = sorted((r for r in rows if r.cfpb_id not in known), key=lambda r: r.cfpb_id)
        if not rows:
            return 0
        _merchants(rows, caches)
        _products(rows, caches, actor=actor)
        placed = []  # per row: (merchant id, product id, product title, received at)
        for r in rows:
            merchant_id = caches.merchants[caches.company_key(r.values["Company"])]
            sku, product_title = caches.sku(r.values)
            placed.append((merchant_id, caches.products[(merchant_id, sku)], product_title, caches.noon(r.received)))
        purchases = placeholder_purchases_create(actor=actor, source=SOURCE, purchases=[
            PlaceholderPurchase(key=r.cfpb_id, merchant_id=m, product_id=p, title=t, placed_at=at)
            for r, (m, p, t, at) in zip(rows, placed, strict=True)
        ])
        items, details = [], []
        for r, (user_id, order_id, line_id), (merchant_id, product_id, _, received_at) in zip(
                rows, purchases, placed, strict=True):
            v = r.values
            product = v["Product"].strip()
            sub_product = v.get("Sub-product", "").strip()
            issue, sub_issue = v.get("Issue", "").strip(), v.get("Sub-issue", "").strip()
            category, tags = caches.mapping(product, issue, sub_issue)
            response = v.get("Company response to consumer", "").strip()
            narrative = v.get("Consumer complaint narrative", "").strip()
            summary = " / ".join(p for p in (product, sub_product, issue, sub_issue) if p)
            timely = _yes_no(v.get("Timely response?", ""))
            items.append(ImportedComplaint(
                consumer_id=user_id, order_id=order_id, merchant_id=merchant_id, line_ids=[line_id],
                category=category, title=(issue or product)[:200], description=narrative or summary,
                received_at=received_at, external_ref=f"CFPB-{r.cfpb_id}",
                status=Status.AWAITING_MERCHANT if response == "In progress" else Status.CLOSED,
                close_reason=response, first_response_on_time=timely, channel=Channel.TRANSFER,
                remedies_wanted=_REMEDIES,
            ))
            details.append((user_id, merchant_id, product_id, category, tags, response, timely, product,
                            sub_product, issue, sub_issue))
        complaint_ids = complaints_bulk_import(actor=actor, items=items, source=SOURCE)
        records, facts, issues = [], [], []
        for r, complaint_id, (user_id, merchant_id, product_id, category, tags, response, timely, product,
                              sub_product, issue, sub_issue) in zip(rows, complaint_ids, details, strict=True):
            v = r.values
            disputed = _yes_no(v.get("Consumer disputed?", ""))
            state = v.get("State", "").strip()[:8]
            records.append({
                "complaint_id": complaint_id, "cfpb_id": r.cfpb_id, "product": product[:120],
                "sub_product": sub_product[:120], "issue": issue[:200], "sub_issue": sub_issue[:200],
                "company": v["Company"].strip()[:200], "state": state, "zip_code": v.get("ZIP code", "").strip()[:10],
                "tags": v.get("Tags", "").strip()[:60], "consent": v.get("Consumer consent provided?", "").strip()[:40],
                "submitted_via": v.get("Submitted via", "").strip()[:20], "date_sent": r.sent,
                "company_response": response[:60],
                "company_public_response": v.get("Company public response", "").strip()[:200],
                "timely": timely, "disputed": disputed, "issue_tags": tags,
            })
            day = r.received
            facts.append({
                "complaint_id": complaint_id, "day": day, "merchant_id": merchant_id,
                "product_id": product_id, "category": category, "channel": Channel.TRANSFER, "region": state,
                "consumer_id": user_id, "response_measured": timely is not None, "response_on_time": bool(timely),
                "resolved": response.startswith("Closed"), "appealed": bool(disputed),
            })
            for tag in tags:
                issues.append({"complaint_id": complaint_id, "tag": tag, "day": day, "merchant_id": merchant_id,
                               "product_id": product_id, "category": category, "channel": Channel.TRANSFER,
                               "region": state})
        imported_cases_add(cfpb_records=records, facts=facts, issues=issues)
    return len(rows)


def _progress(out, report: ImportReport, position: int, total: int, started: float) -> None:
    elapsed = time.monotonic() - started
    share = position / total if total else 0
    bar = "#" * int(share * 30)
    rate = report.read / elapsed if elapsed else 0
    out.write(f"\r[{bar:<30}] {share:6.1%} {report.read} rows, {report.imported} new, "
              f"{len(report.errors)} bad, {rate:,.0f} rows/s")
    out.flush()


def _write_batch_once_more(rows: list[Row], *, actor, caches: _Caches) -> int:
    """`_write_batch`, tried again once if another writer committed some of the same cases first (their unique keys
    then clash) or the server broke a deadlock: the second time, the database lists them as already there."""
    try:
        return _write_batch(rows, actor=actor, caches=caches)
    except (IntegrityError, OperationalError) as exc:
        if isinstance(exc, OperationalError) and getattr(exc.__cause__, "sqlstate", None) != "40P01":
            raise  # only a deadlock is worth another try
        caches.forget_ids()  # merchants or products made in the rolled-back transaction are gone with it
        return _write_batch(rows, actor=actor, caches=caches)


class _Writers:
    """Writes batches one after the other in this thread, or in `workers` threads of their own, each with its own
    database connection and transactions (PostgreSQL: the server's work on one batch, most of the time, overlaps
    another's). At most `workers` batches wait, so memory stays bounded."""

    def __init__(self, *, actor, workers: int, report: ImportReport):
        self.actor, self.report = actor, report
        self.lock = threading.Lock()
        self.failure: BaseException | None = None  # the first a writer thread met; the others stop writing
        self.failure_raised = False
        self.caches = _Caches()
        self.queue: queue.Queue | None = None
        self.threads: list[threading.Thread] = []
        if workers > 1:
            self.queue = queue.Queue(maxsize=workers)
            self.threads = [threading.Thread(target=self._work, daemon=True) for _ in range(workers)]
            for thread in self.threads:
                thread.start()

    def submit(self, batch: list[Row]) -> None:
        if self.queue is None:
            self._count(batch, _write_batch_once_more(batch, actor=self.actor, caches=self.caches))
            return
        self._raise_failure()
        self.queue.put(batch)

    def finish(self) -> None:
        """Wait for the batches in hand; raise what a writer raised."""
        for _ in self.threads:  # threads exist only with a queue
            assert self.queue is not None
            self.queue.put(None)
        for thread in self.threads:
            thread.join()
        self.threads = []
        self._raise_failure()

    def _count(self, batch: list[Row], written: int) -> None:
        with self.lock:
            self.report.imported += written
            self.report.skipped_existing += len(batch) - written

    def _raise_failure(self) -> None:
        if self.failure is not None and not self.failure_raised:
            self.failure_raised = True
            raise self.failure

    def _work(self) -> None:
        caches = _Caches()  # per thread: ids that another thread's open transaction made are not visible here
        assert self.queue is not None  # a writer thread is started only with its queue
        try:
            while (batch := self.queue.get()) is not None:
                if self.failure is not None:
                    continue  # drain, so that the reader never waits on a full queue
                try:
                    self._count(batch, _write_batch_once_more(batch, actor=self.actor, caches=caches))
                except BaseException as exc:  # noqa: BLE001 - handed to the reading thread, which raises it
                    self.failure = exc
        finally:
            connection.close()


def import_cfpb(path: str, *, actor, batch_size: int | None = None, progress=None,
                on_error: Callable[[int, str], None] | None = None, workers: int | None = None) -> ImportReport:
    """Stream `path` into the database, `batch_size` rows per transaction (default BATCH_SIZE). `progress` is a
    writable stream (stderr) or None.

    `workers`: batches written at the same time, each in its own connection; PostgreSQL only (default 2). SQLite
    has one writer at a time, and inside a transaction other connections would not see the caller's rows: 1."""
    if actor is None or actor.role not in (Role.INTEGRATION, Role.ADMIN):
        raise PermissionError("only the platform integration or an admin imports cases")
    batch_size = batch_size or BATCH_SIZE
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        workers = 1
    elif workers is None:
        workers = 2
    report = ImportReport()
    started = time.monotonic()
    if connection.vendor == "sqlite":
        # A bigger page cache for this connection: index pages of a large table stay in memory between batches.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -262144")  # KiB: 256 MiB
    writers = _Writers(actor=actor, workers=workers, report=report)
    try:
        with open(path, "rb") as raw:
            total = raw.seek(0, 2)
            raw.seek(0)
            stream = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
            batch: list[Row] = []
            seen: set[str] = set()
            reported = 0
            for row in read_rows(stream, report):
                if row.cfpb_id in seen:
                    report.errors.append((row.line, f"Complaint ID: {row.cfpb_id} repeats an earlier row"))
                    continue
                seen.add(row.cfpb_id)
                batch.append(row)
                if len(batch) >= batch_size:
                    writers.submit(batch)
                    batch, seen = [], set()  # across batches, the database tells what is already there
                    if progress is not None:
                        _progress(progress, report, raw.tell(), total, started)
                while on_error and reported < len(report.errors):
                    on_error(*report.errors[reported])
                    reported += 1
            if batch:
                writers.submit(batch)
            while on_error and reported < len(report.errors):
                on_error(*report.errors[reported])
                reported += 1
    finally:
        writers.finish()
    report.seconds = time.monotonic() - started
    if progress is not None:
        _progress(progress, report, total, total, started)
        progress.write("\n")
    return report
