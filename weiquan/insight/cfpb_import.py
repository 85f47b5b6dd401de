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

The file is streamed (constant memory), written in batches (one transaction each) through the complaints app's bulk
path, and bad rows are reported with their line numbers and skipped.
"""

import csv
import hashlib
import io
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from datetime import time as dtime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import connection, transaction

from weiquan.accounts.models import Role
from weiquan.commerce.models import Order, OrderLine, Product
from weiquan.complaints.models import Channel, Status
from weiquan.complaints.services.bulk_import import (
    ImportedComplaint,
    complaints_bulk_import,
    reserve_ids,
    rows_insert,
)
from weiquan.insight.aggregates import KEY, insert_facts
from weiquan.insight.cfpb_mapping import map_complaint
from weiquan.insight.models import CfpbRecord
from weiquan.merchants.models import Merchant

SHANGHAI = ZoneInfo("Asia/Shanghai")
COLUMNS = (
    "Date received", "Product", "Sub-product", "Issue", "Sub-issue", "Consumer complaint narrative",
    "Company public response", "Company", "State", "ZIP code", "Tags", "Consumer consent provided?", "Submitted via",
    "Date sent to company", "Company response to consumer", "Timely response?", "Consumer disputed?", "Complaint ID",
)
REQUIRED = ("Date received", "Product", "Company", "Complaint ID")
PLACEHOLDER_ORDER_CHANNEL = "imported"
SOURCE = "cfpb"


class RowError(ValueError):
    pass


@dataclass
class Row:
    line: int
    cfpb_id: str
    received: date
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


def _date(raw: str, column: str, *, required: bool) -> date | None:
    raw = (raw or "").strip()
    if not raw:
        if required:
            raise RowError(f"{column}: is required")
        return None
    try:
        if "/" in raw:
            month, day, year = raw.split("/")
            return date(int(year), int(month), int(day))
        return date.fromisoformat(raw[:10])
    except ValueError:
        raise RowError(f"{column}: not a date (YYYY-MM-DD or MM/DD/YYYY)") from None


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
    _date(values.get("Date sent to company", ""), "Date sent to company", required=False)
    if len(values["Company"].strip()) > 200:
        raise RowError("Company: longer than 200 characters")
    return Row(line, cfpb_id, received, values)


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
    def __init__(self):
        self.merchants: dict[str, int] = {}
        self.products: dict[tuple[int, str], int] = {}


def _merchants(rows: list[Row], caches: _Caches) -> None:
    wanted = {merchant_external_id(r.values["Company"]): r.values["Company"].strip() for r in rows}
    missing = {k: v for k, v in wanted.items() if k not in caches.merchants}
    if not missing:
        return
    found = dict(Merchant.objects.filter(external_id__in=list(missing)).values_list("external_id", "pk"))
    new = [Merchant(external_id=k, name=v, legal_name=v) for k, v in missing.items() if k not in found]
    if new:
        Merchant.objects.bulk_create(new, ignore_conflicts=True)
        found = dict(Merchant.objects.filter(external_id__in=list(missing)).values_list("external_id", "pk"))
    caches.merchants.update(found)


def _product_sku(values: dict) -> tuple[str, str]:
    product, sub = values["Product"].strip(), values.get("Sub-product", "").strip()
    title = f"{product} / {sub}" if sub else product
    return "cfpb:" + hashlib.sha256(title.encode()).hexdigest()[:20], title[:300]


def _products(rows: list[Row], caches: _Caches) -> None:
    wanted = {}
    for r in rows:
        merchant_id = caches.merchants[merchant_external_id(r.values["Company"])]
        sku, title = _product_sku(r.values)
        if (merchant_id, sku) not in caches.products:
            wanted[(merchant_id, sku)] = (title, r.values["Product"].strip()[:64])
    if not wanted:
        return
    merchant_ids = {m for m, _ in wanted}
    skus = {s for _, s in wanted}

    def load():
        for m, s, pk in Product.objects.filter(merchant_id__in=merchant_ids, sku__in=skus).values_list(
                "merchant_id", "sku", "pk"):
            caches.products[(m, s)] = pk

    load()
    new = [Product(merchant_id=m, sku=s, title=t, category=c) for (m, s), (t, c) in wanted.items()
           if (m, s) not in caches.products]
    if new:
        Product.objects.bulk_create(new, ignore_conflicts=True)
        load()


def _received_at(day: date) -> datetime:
    return datetime.combine(day, dtime(12, 0), tzinfo=SHANGHAI)


def _write_batch(rows: list[Row], *, actor, caches: _Caches) -> int:
    User = get_user_model()
    with transaction.atomic():
        known = set(CfpbRecord.objects.filter(cfpb_id__in=[r.cfpb_id for r in rows]).values_list("cfpb_id", flat=True))
        rows = [r for r in rows if r.cfpb_id not in known]
        if not rows:
            return 0
        _merchants(rows, caches)
        _products(rows, caches)
        user_ids = reserve_ids(User, len(rows))
        rows_insert(User, [
            {"id": pk, "username": f"cfpb-{r.cfpb_id}", "external_id": f"cfpb:{r.cfpb_id}", "role": Role.CONSUMER,
             "password": "!cfpb-placeholder", "is_active": False}
            for pk, r in zip(user_ids, rows, strict=True)
        ])
        order_ids, line_ids = reserve_ids(Order, len(rows)), reserve_ids(OrderLine, len(rows))
        order_rows, line_rows, items, details = [], [], [], []
        for r, user_id, order_id, line_id in zip(rows, user_ids, order_ids, line_ids, strict=True):
            v = r.values
            merchant_id = caches.merchants[merchant_external_id(v["Company"])]
            sku, product_title = _product_sku(v)
            product_id = caches.products[(merchant_id, sku)]
            received_at = _received_at(r.received)
            order_rows.append({"id": order_id, "order_no": f"CFPB-{r.cfpb_id}", "consumer_id": user_id,
                               "merchant_id": merchant_id, "channel": PLACEHOLDER_ORDER_CHANNEL,
                               "total_paid": Decimal("0"), "placed_at": received_at})
            line_rows.append({"id": line_id, "order_id": order_id, "line_no": 1, "product_id": product_id,
                              "title": product_title, "quantity": 1, "unit_price": Decimal("0"),
                              "paid_amount": Decimal("0")})
            category, tags = map_complaint(v["Product"].strip(), v.get("Issue", "").strip(),
                                           v.get("Sub-issue", "").strip())
            response = v.get("Company response to consumer", "").strip()
            narrative = v.get("Consumer complaint narrative", "").strip()
            summary = " / ".join(p.strip() for p in (v["Product"], v.get("Sub-product", ""), v.get("Issue", ""),
                                                      v.get("Sub-issue", "")) if p and p.strip())
            items.append(ImportedComplaint(
                consumer_id=user_id, order_id=order_id, merchant_id=merchant_id, line_ids=[line_id],
                category=category, title=(v.get("Issue", "").strip() or v["Product"].strip())[:200],
                description=narrative or summary, received_at=received_at, external_ref=f"CFPB-{r.cfpb_id}",
                status=Status.AWAITING_MERCHANT if response == "In progress" else Status.CLOSED,
                close_reason=response, first_response_on_time=_yes_no(v.get("Timely response?", "")),
                channel=Channel.TRANSFER,
            ))
            details.append((user_id, merchant_id, product_id, category, tags, response))
        rows_insert(Order, order_rows)
        rows_insert(OrderLine, line_rows)
        complaint_ids = complaints_bulk_import(actor=actor, items=items, source=SOURCE)
        records, facts, issues = [], [], []
        for r, complaint_id, (user_id, merchant_id, product_id, category, tags, response) in zip(
                rows, complaint_ids, details, strict=True):
            v = r.values
            timely, disputed = _yes_no(v.get("Timely response?", "")), _yes_no(v.get("Consumer disputed?", ""))
            state = v.get("State", "").strip()[:8]
            records.append({
                "complaint_id": complaint_id, "cfpb_id": r.cfpb_id, "product": v["Product"].strip()[:120],
                "sub_product": v.get("Sub-product", "").strip()[:120], "issue": v.get("Issue", "").strip()[:200],
                "sub_issue": v.get("Sub-issue", "").strip()[:200], "company": v["Company"].strip()[:200],
                "state": state, "zip_code": v.get("ZIP code", "").strip()[:10], "tags": v.get("Tags", "").strip()[:60],
                "consent": v.get("Consumer consent provided?", "").strip()[:40],
                "submitted_via": v.get("Submitted via", "").strip()[:20],
                "date_sent": _date(v.get("Date sent to company", ""), "Date sent to company", required=False),
                "company_response": response[:60],
                "company_public_response": v.get("Company public response", "").strip()[:200],
                "timely": timely, "disputed": disputed, "issue_tags": tags,
            })
            fact = {
                "complaint_id": complaint_id, "day": r.received, "merchant_id": merchant_id,
                "product_id": product_id, "category": category, "channel": Channel.TRANSFER, "region": state,
                "consumer_id": user_id, "response_measured": timely is not None, "response_on_time": bool(timely),
                "resolved": response.startswith("Closed"), "appealed": bool(disputed),
            }
            facts.append(fact)
            bucket = {k: fact[k] for k in KEY}
            issues.extend({"complaint_id": complaint_id, "tag": t, **bucket} for t in tags)
        record_ids = reserve_ids(CfpbRecord, len(records))
        rows_insert(CfpbRecord, [{**row, "id": pk} for pk, row in zip(record_ids, records, strict=True)])
        insert_facts(facts, issues)
    return len(rows)


def _progress(out, report: ImportReport, position: int, total: int, started: float) -> None:
    elapsed = time.monotonic() - started
    share = position / total if total else 0
    bar = "#" * int(share * 30)
    rate = report.read / elapsed if elapsed else 0
    out.write(f"\r[{bar:<30}] {share:6.1%} {report.read} rows, {report.imported} new, "
              f"{len(report.errors)} bad, {rate:,.0f} rows/s")
    out.flush()


def import_cfpb(path: str, *, actor, batch_size: int = 1000, progress=None,
                on_error: Callable[[int, str], None] | None = None) -> ImportReport:
    """Stream `path` into the database. `progress` is a writable stream (stderr) or None."""
    if actor is None or actor.role not in (Role.INTEGRATION, Role.ADMIN):
        raise PermissionError("only the platform integration or an admin imports cases")
    report = ImportReport()
    caches = _Caches()
    started = time.monotonic()
    if connection.vendor == "sqlite":
        # A bigger page cache for this connection: index pages of a large table stay in memory between batches.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -262144")  # KiB: 256 MiB
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
                written = _write_batch(batch, actor=actor, caches=caches)
                report.imported += written
                report.skipped_existing += len(batch) - written
                batch, seen = [], set()  # across batches, the database tells what is already there
                if progress is not None:
                    _progress(progress, report, raw.tell(), total, started)
            while on_error and reported < len(report.errors):
                on_error(*report.errors[reported])
                reported += 1
        if batch:
            written = _write_batch(batch, actor=actor, caches=caches)
            report.imported += written
            report.skipped_existing += len(batch) - written
        while on_error and reported < len(report.errors):
            on_error(*report.errors[reported])
            reported += 1
    report.seconds = time.monotonic() - started
    if progress is not None:
        _progress(progress, report, total, total, started)
        progress.write("\n")
    return report

