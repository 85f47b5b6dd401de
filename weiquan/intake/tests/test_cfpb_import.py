"""`weiquan import-cfpb`: the shared CFPB sample in, figures out that match an independent computation."""

import csv
import threading
from collections import Counter
from datetime import date, timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connections
from django.utils import timezone

from weiquan.complaints.events import verify_all_chains
from weiquan.complaints.models import Complaint
from weiquan.insight import aggregates
from weiquan.insight.data_paths import CFPB_CSV, shared_file
from weiquan.insight.models import (
    CfpbRecord,
    ComplaintFact,
    DailyComplaintStats,
    DailyIssueStats,
    IssueFact,
    MonthlyComplaintStats,
    MonthlyIssueStats,
)
from weiquan.intake import cfpb_import
from weiquan.intake.cfpb_import import COLUMNS, SHANGHAI, import_cfpb
from weiquan.intake.cfpb_mapping import map_complaint
from weiquan.testing.factories import integration_user

pytestmark = pytest.mark.django_db
SAMPLE = shared_file(CFPB_CSV)
needs_sample = pytest.mark.skipif(not SAMPLE.exists(), reason=f"shared CFPB sample not found at {SAMPLE}")


def independent_figures(path) -> dict[str, tuple[int, float]]:
    """Per company: (complaints, share with Timely response? == Yes), with pandas when it is installed, else with
    the csv module; either way without any of our code."""
    try:
        import pandas as pd
    except ImportError:
        with open(path, encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        counts = Counter(r["Company"] for r in rows)
        timely = Counter(r["Company"] for r in rows if r["Timely response?"] == "Yes")
        return {c: (n, round(timely[c] / n, 4)) for c, n in counts.items()}
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    grouped = frame.groupby("Company")["Timely response?"].agg(["count", lambda s: (s == "Yes").mean()])
    return {c: (int(r.iloc[0]), round(float(r.iloc[1]), 4)) for c, r in grouped.iterrows()}


@needs_sample
def test_sample_import_matches_an_independent_computation(cast, client, analyst):
    report = import_cfpb(str(SAMPLE), actor=cast.platform)
    assert (report.read, report.imported, report.errors) == (6623, 6623, [])
    assert list(verify_all_chains()) == []

    client.force_login(analyst)
    rows = client.get("/api/v1/analytics/complaints", {"group_by": "merchant", "from": "2015-01-01",
                                                      "to": "2020-12-31"}).json()
    ours = {r["label"]: (r["count"], r["on_time_rate"]) for r in rows}
    assert ours == independent_figures(SAMPLE)

    by_month = client.get("/api/v1/analytics/complaints", {"group_by": "month", "from": "2015-01-01",
                                                          "to": "2020-12-31"}).json()
    with open(SAMPLE, encoding="utf-8", newline="") as fh:
        months = Counter(r["Date received"][:7] for r in csv.DictReader(fh))
    assert {r["key"]: r["count"] for r in by_month} == dict(months)
    # A range cutting months in the middle reads whole months from the monthly rows and the ends from the daily.
    partial = client.get("/api/v1/analytics/complaints", {"group_by": "category", "from": "2018-03-15",
                                                          "to": "2019-07-20"}).json()
    with open(SAMPLE, encoding="utf-8", newline="") as fh:
        inside = sum(1 for r in csv.DictReader(fh) if "2018-03-15" <= r["Date received"] <= "2019-07-20")
    assert sum(r["count"] for r in partial) == inside

    # Idempotent: a second run adds nothing.
    again = import_cfpb(str(SAMPLE), actor=cast.platform)
    assert (again.imported, again.skipped_existing) == (0, 6623)
    assert Complaint.objects.count() == 6623


@needs_sample
def test_an_excel_export_with_two_digit_years_gives_the_same_months(cast, client, analyst, tmp_path):
    """The first 800 rows of the sample re-written as Excel writes dates (03/22/19): stored as 2019, never year 19."""
    with open(SAMPLE, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))[:800]
    path = tmp_path / "excel.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS)
        writer.writeheader()
        for row in rows:
            for column in ("Date received", "Date sent to company"):
                if row[column]:
                    year, month, day = row[column][:10].split("-")
                    row[column] = f"{month}/{day}/{year[2:]}"
            writer.writerow(row)
    report = import_cfpb(str(path), actor=cast.platform)
    assert (report.imported, report.errors) == (800, [])
    client.force_login(analyst)
    by_month = client.get("/api/v1/analytics/complaints", {"group_by": "month", "from": "1990-01-01",
                                                          "to": "2020-12-31"}).json()
    originals = Counter(r["Date received"][:7] for r in list(csv.DictReader(open(SAMPLE, encoding="utf-8")))[:800])
    assert {r["key"]: r["count"] for r in by_month} == dict(originals)
    assert all(len(r["key"]) == 7 and r["key"][:2] == "20" for r in by_month)


def _csv(rows) -> str:
    out = StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow(row)
    return out.getvalue()


def _row(cfpb_id, *, date="2019-09-24", company="ACME COLLECTIONS", narrative="They keep calling me.",
         timely="Yes"):
    return [date, "Debt collection", "I do not know", "Communication tactics", "Frequent or repeated calls",
            narrative, "", company, "FL", "335XX", "", "Consent provided", "Web", date, "Closed with explanation",
            timely, "N/A", cfpb_id]


def test_bad_rows_are_reported_with_line_numbers_and_skipped(cast, tmp_path):
    path = tmp_path / "export.csv"
    multiline = "First line\nsecond line of the narrative"
    path.write_text(_csv([
        _row("1001", narrative=multiline),           # lines 2-3
        _row("1002", date="24 Sept 2019"),           # line 4: bad date
        _row("", company="NO ID INC"),               # line 5: no id
        _row("1003", company=""),                    # line 6: no company
        _row("1001"),                                # line 7: the same id again
        _row("1004", timely="No"),                   # line 8
    ]), encoding="utf-8")
    err = StringIO()
    call_command("import-cfpb", str(path), "--no-progress", stdout=StringIO(), stderr=err)
    messages = err.getvalue()
    assert "line 4: Date received: not a date" in messages
    assert "line 5: Complaint ID: is required" in messages
    assert "line 6: Company: is required" in messages
    assert "line 7: Complaint ID: 1001 repeats an earlier row" in messages
    assert sorted(CfpbRecord.objects.values_list("cfpb_id", flat=True)) == ["1001", "1004"]
    first = Complaint.objects.get(external_ref="CFPB-1001")
    assert first.description == multiline and first.channel == "transfer" and first.status == "closed"
    assert first.category == "personal_dignity"
    assert first.received_at.date().isoformat() == "2019-09-24"
    assert CfpbRecord.objects.get(cfpb_id="1004").timely is False
    assert first.merchant.name == "ACME COLLECTIONS"
    assert Complaint.objects.get(external_ref="CFPB-1004").merchant_id == first.merchant_id
    out = StringIO()
    call_command("import-cfpb", str(path), "--no-progress", stdout=out, stderr=StringIO())
    assert "imported: 0" in out.getvalue() and Complaint.objects.count() == 2


def test_two_digit_years_are_this_century_and_impossible_dates_are_bad_rows(cast, tmp_path):
    path = tmp_path / "excel.csv"
    tomorrow = timezone.localdate() + timedelta(days=1)
    path.write_text(_csv([
        _row("2001", date="03/22/23"),                       # line 2: Excel's two-digit year -> 2023
        _row("2002", date="12/31/1989"),                     # line 3: before 1990
        _row("2003", date=(tomorrow + timedelta(days=1)).isoformat()),  # line 4: the day after tomorrow
        _row("2004", date="02/30/2020"),                     # line 5: no such day
        _row("2005", date="01/02/0023"),                     # line 6: year 23 written out
        _row("2006", date=tomorrow.strftime("%m/%d/%Y")),    # line 7: tomorrow (time zones) is accepted
        _row("2007", date="7/4/1990"),                       # line 8: single-digit month and day
    ]), encoding="utf-8")
    err = StringIO()
    call_command("import-cfpb", str(path), "--no-progress", stdout=StringIO(), stderr=err)
    messages = err.getvalue()
    assert "line 3: Date received: 1989-12-31 is outside 1990-01-01.." in messages
    assert "line 4: Date received: " in messages and "is outside" in messages
    assert "line 5: Date received: not a date" in messages
    assert "line 6: Date received: 0023-01-02 is outside" in messages
    stored = dict(Complaint.objects.filter(external_ref__startswith="CFPB-").values_list("external_ref", "received_at"))
    assert sorted(stored) == ["CFPB-2001", "CFPB-2006", "CFPB-2007"]
    assert stored["CFPB-2001"].astimezone(SHANGHAI).date() == date(2023, 3, 22)
    assert stored["CFPB-2006"].astimezone(SHANGHAI).date() == tomorrow
    assert stored["CFPB-2007"].astimezone(SHANGHAI).date() == date(1990, 7, 4)
    assert CfpbRecord.objects.get(cfpb_id="2001").date_sent == date(2023, 3, 22)
    assert not CfpbRecord.objects.filter(cfpb_id__in=["2002", "2003", "2004", "2005"]).exists()


def test_a_file_without_the_ccdb_columns_is_refused(cast, tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="lacks the CCDB columns"):
        call_command("import-cfpb", str(path), "--no-progress", stdout=StringIO(), stderr=StringIO())
    assert Complaint.objects.count() == 0


def test_mapping_table():
    assert map_complaint("Debt collection", "Communication tactics", "Frequent or repeated calls") == (
        "personal_dignity", ["debt_collection", "communication_tactics", "frequent_or_repeated_calls"])
    assert map_complaint("Credit card or prepaid card", "Fees or interest", "")[0] == "price"
    assert map_complaint("Mortgage", "Something new", "")[0] == "contract"
    assert map_complaint("Crypto thing", "Other", "") == ("other", ["crypto_thing", "other"])


def _sample_rows(count: int) -> tuple[list[str], list[list[str]]]:
    with open(SAMPLE, encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        return header, [row for _, row in zip(range(count), reader, strict=False)]


def _replica(path, header, rows, *, copies: int = 1, id_offset: int = 0) -> None:
    """`rows` `copies` times, copy k with its Complaint IDs moved by k * 10,000,000 (same days, companies and
    products, so that later copies add to the buckets earlier ones made)."""
    id_col = header.index("Complaint ID")
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        for copy in range(copies):
            for row in rows:
                row = list(row)
                row[id_col] = str(int(row[id_col]) + copy * 10_000_000 + id_offset)
                writer.writerow(row)


def _figures() -> dict:
    """Every fact and bucket row, without their ids."""
    tables = (ComplaintFact, IssueFact, DailyComplaintStats, DailyIssueStats, MonthlyComplaintStats,
              MonthlyIssueStats)
    return {model.__name__: sorted(tuple(sorted(row.items())) for row in model.objects.values(
        *(f.attname for f in model._meta.concrete_fields if f.attname != "id"))) for model in tables}


@needs_sample
def test_buckets_added_batch_by_batch_equal_a_recount(cast, tmp_path):
    header, rows = _sample_rows(150)
    path = tmp_path / "replica.csv"
    _replica(path, header, rows, copies=2)
    report = import_cfpb(str(path), actor=cast.platform, batch_size=37)
    assert (report.read, report.imported, report.errors) == (300, 300, [])
    assert list(verify_all_chains()) == []
    added = _figures()
    assert len(added["ComplaintFact"]) == 300
    assert sum(DailyComplaintStats.objects.values_list("complaints", flat=True)) == 300
    assert sum(MonthlyComplaintStats.objects.values_list("complaints", flat=True)) == 300
    # The second copy added to buckets the first made (same days, companies and products).
    assert max(DailyComplaintStats.objects.values_list("complaints", flat=True)) >= 2
    # Recomputed from the cases themselves, every fact and bucket comes out the same.
    aggregates.rebuild_all()
    assert _figures() == added


def test_a_batch_that_meets_cases_another_import_just_wrote_is_tried_again(cast, tmp_path, monkeypatch):
    path = tmp_path / "export.csv"
    path.write_text(_csv([_row("2001"), _row("2002"), _row("2003", company="OTHER BANK")]), encoding="utf-8")
    assert import_cfpb(str(path), actor=cast.platform).imported == 3
    real, calls = cfpb_import.existing_values, []

    def stale_then_real(model, field_name, values):
        """The first look misses what is there, as when another import commits between the look and the writes."""
        calls.append(values)
        return set() if len(calls) == 1 else real(model, field_name, values)

    monkeypatch.setattr(cfpb_import, "existing_values", stale_then_real)
    again = import_cfpb(str(path), actor=cast.platform)
    assert (again.imported, again.skipped_existing, len(calls)) == (0, 3, 2)
    assert Complaint.objects.count() == 3 and CfpbRecord.objects.count() == 3
    assert sum(DailyComplaintStats.objects.values_list("complaints", flat=True)) == 3


@pytest.mark.postgres
@pytest.mark.skipif(settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
                    reason="concurrent writers need PostgreSQL (SQLite has one writer at a time); "
                           "run with DATABASE_URL=postgres://...")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@needs_sample
def test_two_imports_at_once_store_each_case_once(tmp_path):
    """Both start with the same 120 cases, then go on to 60 of their own; each writes with two connections."""
    header, rows = _sample_rows(240)
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    _replica(first, header, rows[:180])
    _replica(second, header, rows[:120] + rows[180:])
    actor = integration_user()
    barrier, reports, failures = threading.Barrier(2), [], []

    def run(path):
        try:
            barrier.wait(timeout=10)
            reports.append(import_cfpb(str(path), actor=actor, batch_size=20, workers=2))
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            failures.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(path,)) for path in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert failures == []
    assert sum(r.imported for r in reports) == 240 and sum(r.skipped_existing for r in reports) == 120
    assert Complaint.objects.count() == 240 and CfpbRecord.objects.values("cfpb_id").distinct().count() == 240
    assert list(verify_all_chains()) == []
    added = _figures()
    assert sum(DailyComplaintStats.objects.values_list("complaints", flat=True)) == 240
    aggregates.rebuild_all()
    assert _figures() == added
