"""`weiquan import-orders FILE.csv`: bulk order history, one row per order line, through `order_upsert`.

Rows of one order must be adjacent (a file sorted by order_no is). The file is read as a stream, one order at a time,
so its size does not matter. A bad row skips its whole order (an order imported without one of its lines would be
wrong), is reported with its line number, and the import goes on. Re-importing the same file changes nothing.
Error messages name columns, never their values: the file carries personal data.
"""

import csv
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from weiquan.accounts.models import Role
from weiquan.commerce.services import INTEGRATION_ROLES, LineData, OrderData, OrderImportError, order_upsert
from weiquan.core.money import to_money

ORDER_COLUMNS = (
    "order_no", "consumer_external_id", "consumer_name", "consumer_phone", "consumer_address", "merchant_external_id",
    "merchant_name", "channel", "placed_at", "paid_at", "shipped_at", "received_at", "total_paid", "shipping_fee",
)
LINE_COLUMNS = ("line_no", "sku", "title", "category", "quantity", "unit_price", "paid_amount")
COLUMNS = ORDER_COLUMNS + LINE_COLUMNS
REQUIRED = ("order_no", "consumer_external_id", "merchant_external_id", "placed_at", "total_paid", "line_no", "sku",
            "title", "quantity", "unit_price", "paid_amount")


class RowError(ValueError):
    def __init__(self, column: str, problem: str):
        super().__init__(f"{column}: {problem}")


@dataclass
class OrderRows:
    order_no: str
    first_line: int
    rows: list[tuple[int, dict]] = field(default_factory=list)


def _stamp(row: dict, column: str) -> datetime | None:
    raw = (row.get(column) or "").strip()
    if not raw:
        return None
    try:
        value = datetime.fromisoformat(raw)
    except ValueError:
        raise RowError(column, "not an ISO-8601 timestamp") from None
    if value.tzinfo is None:
        raise RowError(column, "needs a UTC offset, such as +08:00")
    return value


def _money(row: dict, column: str, default: str | None = None) -> Decimal:
    raw = (row.get(column) or "").strip() or default
    if raw is None:
        raise RowError(column, "is required")
    try:
        return to_money(raw)
    except ValueError:
        raise RowError(column, "not an amount") from None


def _whole(row: dict, column: str) -> int:
    try:
        return int((row.get(column) or "").strip())
    except ValueError:
        raise RowError(column, "not a whole number") from None


def _order_data(group: OrderRows) -> OrderData:
    first = group.rows[0][1]
    lines = []
    for line_number, row in group.rows:
        try:
            for column in REQUIRED:
                if not (row.get(column) or "").strip():
                    raise RowError(column, "is required")
            for column in ORDER_COLUMNS:
                if (row.get(column) or "").strip() != (first.get(column) or "").strip():
                    raise RowError(column, f"differs from line {group.first_line} of the same order")
            lines.append(LineData(
                line_no=_whole(row, "line_no"), sku=row["sku"].strip(), title=row["title"].strip(),
                quantity=_whole(row, "quantity"), unit_price=_money(row, "unit_price"),
                paid_amount=_money(row, "paid_amount"), category=(row.get("category") or "").strip(),
            ))
        except RowError as exc:
            raise RowError(f"line {line_number}: {exc}", "order skipped") from None
    try:
        placed_at = _stamp(first, "placed_at")
        return OrderData(
            order_no=group.order_no, consumer_external_id=first["consumer_external_id"].strip(),
            merchant_external_id=first["merchant_external_id"].strip(),
            merchant_name=(first.get("merchant_name") or "").strip(), total_paid=_money(first, "total_paid"),
            placed_at=placed_at, lines=tuple(lines), consumer_name=(first.get("consumer_name") or "").strip(),
            consumer_phone=(first.get("consumer_phone") or "").strip(),
            consumer_address=(first.get("consumer_address") or "").strip(),
            shipping_fee=_money(first, "shipping_fee", default="0"),
            channel=(first.get("channel") or "").strip() or "online",
            paid_at=_stamp(first, "paid_at"), shipped_at=_stamp(first, "shipped_at"),
            received_at=_stamp(first, "received_at"),
        )
    except RowError as exc:
        raise RowError(f"line {group.first_line}: {exc}", "order skipped") from None


def _groups(reader: csv.DictReader) -> Iterator[OrderRows | tuple[int, str]]:
    """Adjacent rows with the same order_no; a (line, message) tuple for a row that cannot belong to any order."""
    current: OrderRows | None = None
    finished: set[str] = set()
    for row in reader:
        line_number = reader.line_num
        if None in row:
            yield line_number, "more fields than the header names; row skipped"
            continue
        order_no = (row.get("order_no") or "").strip()
        if not order_no:
            yield line_number, "order_no: is required; row skipped"
            continue
        if current is not None and order_no == current.order_no:
            current.rows.append((line_number, row))
            continue
        if current is not None:
            finished.add(current.order_no)
            yield current
        if order_no in finished:
            current = None
            yield line_number, f"order {order_no}: its rows must be adjacent; this row is skipped"
            continue
        current = OrderRows(order_no, line_number, [(line_number, row)])
    if current is not None:
        yield current


class Command(BaseCommand):
    help = "Import order history from a CSV file (one row per order line); '-' reads standard input."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the CSV file (UTF-8, header row with the documented column names)")
        parser.add_argument("--as", dest="username", default=None,
                            help="the integration or admin account the orders come from (default: the first "
                                 "integration account)")

    def handle(self, *args, file: str, username: str | None, **options):
        actor = self._actor(username)
        if file == "-":
            counts = self._import(sys.stdin, actor)
        else:
            try:
                with open(file, encoding="utf-8-sig", newline="") as handle:
                    counts = self._import(handle, actor)
            except OSError as exc:
                raise CommandError(f"cannot read {file}: {exc.strerror}") from None
        self.stdout.write(
            f"orders created: {counts['created']}, updated: {counts['updated']}, "
            f"lines: {counts['lines']}, skipped orders: {counts['skipped']}, bad rows: {counts['bad_rows']}"
        )

    def _actor(self, username: str | None):
        users = get_user_model().objects.filter(is_active=True)
        if username:
            actor = users.filter(username=username).first()
            if actor is None:
                raise CommandError(f"no active user named {username!r}")
        else:
            actor = users.filter(role=Role.INTEGRATION).order_by("pk").first()
            if actor is None:
                raise CommandError("no integration account exists; create one or name an admin with --as")
        if actor.role not in INTEGRATION_ROLES and not actor.is_superuser:
            raise CommandError(f"{actor.username!r} is not an integration or admin account")
        return actor

    def _import(self, handle, actor) -> dict[str, int]:
        reader = csv.DictReader(handle)
        missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
        if missing:
            raise CommandError(f"the header lacks the column(s): {', '.join(missing)}")
        counts = dict.fromkeys(("created", "updated", "lines", "skipped", "bad_rows"), 0)
        for item in _groups(reader):
            if isinstance(item, tuple):
                line_number, message = item
                self.stderr.write(f"line {line_number}: {message}")
                counts["bad_rows"] += 1
                continue
            try:
                data = _order_data(item)
                _order, created = order_upsert(actor=actor, data=data)
            except RowError as exc:
                self.stderr.write(f"order {item.order_no}: {exc}")
                counts["skipped"] += 1
                counts["bad_rows"] += 1
                continue
            except (OrderImportError, DatabaseError) as exc:
                problem = exc if isinstance(exc, OrderImportError) else "the database refused it"
                self.stderr.write(f"order {item.order_no} (line {item.first_line}): {problem}; order skipped")
                counts["skipped"] += 1
                continue
            counts["created" if created else "updated"] += 1
            counts["lines"] += len(data.lines)
        return counts
