"""Quality returns under CPL Art.24 (R-CPL24-QUALITY), a route separate from the no-reason return (R-NR-QUALITY)."""

import pytest

from weiquan.rights import assess
from weiquan.rights.tests.builders import warned


def quality(found, *, receipt="2026-03-02", **purchase):
    body = {"price_paid": "500.00", **purchase}
    if receipt is not None:
        body["receipt_date"] = receipt
    return assess({"as_of": "2026-04-01", "purchase": body, "claim": {"quality_defect_found_date": found}})


@pytest.mark.parametrize("found", ["2026-03-02", "2026-03-03", "2026-03-09"])
def test_within_seven_days_of_receipt_return_is_unconditional(found):
    section = quality(found)["quality_return"]
    assert section["return_without_conditions"] is True
    assert sorted(section["remedies"]) == ["exchange", "repair", "return"]
    assert section["transport_costs_payer"] == "seller"
    assert "R-CPL24-QUALITY" in section["legal_basis"]


@pytest.mark.parametrize("found", ["2026-03-10", "2026-03-31"])
def test_after_seven_days_exchange_or_repair(found):
    answer = quality(found)
    section = answer["quality_return"]
    assert section["return_without_conditions"] is False
    assert sorted(section["remedies"]) == ["exchange", "repair"]
    assert section["transport_costs_payer"] == "seller"
    assert warned(answer, "rescission_not_assessed")


def test_excluded_goods_can_still_be_returned_for_quality():
    answer = assess({
        "as_of": "2026-03-05",
        "purchase": {"price_paid": "880.00", "receipt_date": "2026-03-02", "statutory_exclusion": "customized"},
        "claim": {"no_reason_return_notice_date": "2026-03-04", "quality_defect_found_date": "2026-03-04"},
    })
    assert answer["no_reason_return"]["reason"] == "excluded_customized"
    assert answer["quality_return"]["return_without_conditions"] is True


def test_quality_route_is_open_offline():
    assert quality("2026-03-05", channel="offline")["quality_return"]["return_without_conditions"] is True


def test_missing_receipt_date_leaves_the_unconditional_return_open():
    answer = quality("2026-03-05", receipt=None)
    section = answer["quality_return"]
    assert section["return_without_conditions"] is None
    assert sorted(section["remedies"]) == ["exchange", "repair"]
    assert warned(answer, "receipt_date_missing")


def test_quality_without_a_purchase_block():
    answer = assess({"claim": {"quality_defect_found_date": "2026-03-05"}, "as_of": "2026-03-05"})
    assert answer["quality_return"]["return_without_conditions"] is None


def test_strict_day_eight_over_a_holiday_warns_about_the_rolled_reading():
    # Signed 2026-02-10: day 7 is 02-17 (Spring Festival), rolled to 02-24; found on 02-20.
    answer = quality("2026-02-20", receipt="2026-02-10")
    assert answer["quality_return"]["return_without_conditions"] is False
    assert warned(answer, "rolled_reading_differs")


def test_absent_without_a_found_date():
    answer = assess({"purchase": {"price_paid": "1.00"}, "claim": {}})
    assert "quality_return" not in answer
