"""The price-honesty rule at its boundaries (pure function; no database)."""

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from weiquan.quality.pricing import Point, check_reference_price

SH = ZoneInfo("Asia/Shanghai")
START = datetime(2026, 6, 18, 0, 0, tzinfo=SH)  # a 618 promotion starts at midnight


def check(reference: str, *points: tuple[timedelta, str]):
    return check_reference_price(reference_price=Decimal(reference), promotion_starts_at=START,
                                 points=[Point(i, START - ago, Decimal(p)) for i, (ago, p) in enumerate(points)])


def test_reference_equal_to_the_lowest_in_7_days_is_honest():
    verdict = check("299.00", (timedelta(days=6), "299.00"), (timedelta(days=2), "329.00"))
    assert (verdict.violation, verdict.basis, verdict.basis_price) == (False, "lowest_7d", Decimal("299.00"))


def test_one_cent_above_the_lowest_is_a_violation():
    verdict = check("299.01", (timedelta(days=6), "299.00"), (timedelta(days=2), "329.00"))
    assert (verdict.violation, verdict.basis_price) == (True, Decimal("299.00"))
    assert verdict.evidence(Decimal("299.01"))["excess"] == "0.01"


def test_a_sale_exactly_7_days_before_counts():
    verdict = check("399.00", (timedelta(days=7), "259.00"), (timedelta(days=1), "399.00"))
    assert (verdict.violation, verdict.basis_price) == (True, Decimal("259.00"))


def test_a_sale_one_microsecond_earlier_does_not_count():
    verdict = check("399.00", (timedelta(days=7, microseconds=1), "259.00"), (timedelta(days=1), "399.00"))
    assert (verdict.violation, verdict.basis, verdict.basis_price) == (False, "lowest_7d", Decimal("399.00"))


def test_a_sale_at_the_start_of_the_promotion_is_a_promotion_price_not_a_basis():
    verdict = check_reference_price(reference_price=Decimal("399.00"), promotion_starts_at=START, points=[
        Point(1, START, Decimal("199.00")), Point(2, START - timedelta(days=3), Decimal("399.00"))])
    assert (verdict.violation, verdict.basis_price) == (False, Decimal("399.00"))


def test_without_sales_in_the_window_the_last_sale_before_it_is_the_basis():
    verdict = check("499.00", (timedelta(days=30), "459.00"), (timedelta(days=9), "479.00"))
    assert (verdict.violation, verdict.basis, verdict.basis_price) == (True, "last_transaction", Decimal("479.00"))
    assert check("479.00", (timedelta(days=30), "459.00"), (timedelta(days=9), "479.00")).violation is False


def test_no_sale_at_all_is_a_price_nobody_paid():
    verdict = check("999.00")
    assert (verdict.violation, verdict.basis, verdict.basis_price) == (True, "no_transaction", None)


def test_window_and_evidence_are_reported():
    verdict = check("350.00", (timedelta(days=3), "300.00"))
    evidence = verdict.evidence(Decimal("350.00"))
    assert evidence["window_start"] == "2026-06-11T00:00:00+08:00"
    assert evidence["window_end"] == "2026-06-18T00:00:00+08:00"
    assert evidence["basis_point"]["price"] == "300.00" and len(evidence["points"]) == 1


def test_naive_times_are_refused():
    with pytest.raises(ValueError):
        check_reference_price(reference_price=Decimal("1"), promotion_starts_at=datetime(2026, 6, 18), points=[])
