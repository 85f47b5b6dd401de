"""The 7-day no-reason return, rule by rule (RULES.md §3), written from the rule text."""

from datetime import date

import pytest

from weiquan.core.calendar import BusinessCalendar
from weiquan.rights import assess
from weiquan.rights.tests.builders import nr_facts, warned


def nr(facts, **kwargs):
    return assess(facts, **kwargs)["no_reason_return"]


# -- R-NR-WINDOW / R-CAL-START -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "notice, index, eligible, reason",
    [
        ("2026-03-02", 0, True, "eligible"),
        ("2026-03-03", 1, True, "eligible"),
        ("2026-03-09", 7, True, "eligible"),
        ("2026-03-10", 8, False, "out_of_window"),
        ("2026-04-30", 59, False, "out_of_window"),
    ],
)
def test_window_counts_from_the_day_after_signing(notice, index, eligible, reason):
    answer = nr(nr_facts(notice=notice))
    assert answer["window_first_day"] == "2026-03-03"
    assert answer["window_last_day"] == "2026-03-09"
    assert answer["notice_day_index"] == index
    assert (answer["eligible"], answer["reason"]) == (eligible, reason)
    assert "R-NR-WINDOW" in answer["legal_basis"]


def test_notice_on_the_signing_day_is_taken_as_in_time_with_a_warning():
    answer = assess(nr_facts(notice="2026-03-02"))
    assert answer["no_reason_return"]["eligible"] is True
    assert warned(answer, "notice_on_receipt_day")


def test_strict_reading_decides_and_the_rolled_one_is_reported():
    # Signed Sat 2026-03-07: day 7 is Sat 03-14, rolled to Mon 03-16. A notice on 03-16 is late on the strict reading.
    answer = assess(nr_facts(receipt="2026-03-07", notice="2026-03-16"))
    section = answer["no_reason_return"]
    assert section["window_last_day"] == "2026-03-14"
    assert section["window_last_day_rolled"] == "2026-03-16"
    assert section["notice_day_index"] == 9
    assert (section["eligible"], section["reason"]) == (False, "out_of_window")
    assert warned(answer, "rolled_reading_differs")
    assert "R-CAL-ROLL" in section["legal_basis"]


def test_day_eight_inside_the_spring_festival_is_late_on_the_strict_reading():
    answer = assess(nr_facts(receipt="2026-02-10", notice="2026-02-18"))
    section = answer["no_reason_return"]
    assert section["window_last_day_rolled"] == "2026-02-24"
    assert section["reason"] == "out_of_window"
    assert warned(answer, "rolled_reading_differs")


def test_late_on_both_readings_gives_no_rolled_warning():
    answer = assess(nr_facts(receipt="2026-02-10", notice="2026-02-25"))
    assert answer["no_reason_return"]["reason"] == "out_of_window"
    assert not warned(answer, "rolled_reading_differs")


def test_window_in_an_unloaded_year_keeps_the_strict_reading_and_warns():
    answer = assess(nr_facts(receipt="2026-12-28", notice="2027-01-04"))
    section = answer["no_reason_return"]
    assert section["window_last_day"] == "2027-01-04"
    assert section["window_last_day_rolled"] is None
    assert section["eligible"] is True
    assert warned(answer, "calendar_year_not_loaded")


def test_missing_receipt_date_leaves_eligibility_open():
    answer = assess({"purchase": {"price_paid": "10.00"}, "claim": {"no_reason_return_notice_date": "2026-03-05"},
                     "as_of": "2026-03-05"})
    section = answer["no_reason_return"]
    assert section["eligible"] is None and section["reason"] is None
    assert "window_last_day" not in section
    assert section["refund_amount"] is None
    assert warned(answer, "receipt_date_missing")


def test_missing_receipt_date_with_incomplete_goods_is_still_refused():
    answer = nr({"purchase": {"price_paid": "10.00"}, "goods": {"labels_intact": False},
                 "claim": {"no_reason_return_notice_date": "2026-03-05"}})
    assert (answer["eligible"], answer["reason"]) == (False, "goods_not_complete")


def test_notice_after_as_of_is_assessed_with_a_warning():
    facts = nr_facts()
    facts["as_of"] = "2026-03-05"
    answer = assess(facts)
    assert answer["no_reason_return"]["eligible"] is True
    assert warned(answer, "date_after_as_of")


# -- R-NR-SCOPE ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("channel", ["online", "tv", "phone", "mail"])
def test_distance_channels_are_covered(channel):
    assert nr(nr_facts(channel=channel))["reason"] == "eligible"


def test_offline_sale_is_not_covered():
    answer = nr(nr_facts(channel="offline"))
    assert (answer["eligible"], answer["reason"]) == (False, "not_distance_sale")
    assert "R-NR-SCOPE" in answer["legal_basis"]
    assert answer["refund_amount"] is None and answer["return_shipping_payer"] is None


def test_business_purchase_is_not_covered():
    answer = nr(nr_facts(purpose="business"))
    assert (answer["eligible"], answer["reason"]) == (False, "not_personal_consumption")


# -- reason order --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "purchase, goods, notice, reason",
    [
        ({"purpose": "business", "channel": "offline", "statutory_exclusion": "customized"}, None, "2026-03-20",
         "not_personal_consumption"),
        ({"channel": "offline", "statutory_exclusion": "customized"}, None, "2026-03-20", "not_distance_sale"),
        ({"statutory_exclusion": "customized", "confirmable_exclusion": "value_drops_once_activated",
          "exclusion_confirmed_at_purchase": True}, None, "2026-03-20", "excluded_customized"),
        ({"statutory_exclusion": "newspaper_periodical"}, {"labels_intact": False}, "2026-03-20",
         "excluded_newspaper_periodical"),
        ({"confirmable_exclusion": "safety_health_once_unsealed", "exclusion_confirmed_at_purchase": True}, None,
         "2026-03-20", "excluded_confirmed_at_purchase"),
        ({}, {"labels_intact": False}, "2026-03-20", "out_of_window"),
        ({}, {"labels_intact": False}, "2026-03-09", "goods_not_complete"),
    ],
)
def test_the_first_applicable_reason_wins(purchase, goods, notice, reason):
    answer = nr(nr_facts(notice=notice, goods=goods, **purchase))
    assert (answer["eligible"], answer["reason"]) == (False, reason)
    # The window is reported whatever the outcome.
    assert answer["window_last_day"] == "2026-03-09"


# -- R-NR-EXCL-STATUTORY / R-NR-EXCL-CONFIRMED / R-NR-PROMISE -------------------------------------------------------


@pytest.mark.parametrize(
    "exclusion, reason",
    [
        ("customized", "excluded_customized"),
        ("fresh_perishable", "excluded_fresh_perishable"),
        ("digital_downloaded_or_unsealed", "excluded_digital"),
        ("newspaper_periodical", "excluded_newspaper_periodical"),
    ],
)
def test_statutory_exclusions(exclusion, reason):
    answer = nr(nr_facts(statutory_exclusion=exclusion))
    assert (answer["eligible"], answer["reason"], answer["refund_amount"]) == (False, reason, None)
    assert "R-NR-EXCL-STATUTORY" in answer["legal_basis"]


@pytest.mark.parametrize(
    "category", ["safety_health_once_unsealed", "value_drops_once_activated", "near_expiry_or_defective_disclosed"]
)
def test_art7_goods_are_returnable_without_confirmation(category):
    answer = nr(nr_facts(confirmable_exclusion=category))
    assert answer["reason"] == "eligible"
    assert {"R-NR-EXCL-CONFIRMED", "R-IMP19-NR"} <= set(answer["legal_basis"])


@pytest.mark.parametrize(
    "category", ["safety_health_once_unsealed", "value_drops_once_activated", "near_expiry_or_defective_disclosed"]
)
def test_art7_goods_confirmed_at_purchase_are_excluded(category):
    answer = nr(nr_facts(confirmable_exclusion=category, exclusion_confirmed_at_purchase=True))
    assert (answer["eligible"], answer["reason"]) == (False, "excluded_confirmed_at_purchase")
    assert "R-NR-EXCL-CONFIRMED" in answer["legal_basis"]


def test_a_confirmation_without_a_category_excludes_nothing():
    answer = assess(nr_facts(exclusion_confirmed_at_purchase=True))
    assert answer["no_reason_return"]["reason"] == "eligible"
    assert warned(answer, "confirmation_without_category")


@pytest.mark.parametrize(
    "purchase",
    [
        {"statutory_exclusion": "customized"},
        {"statutory_exclusion": "fresh_perishable"},
        {"confirmable_exclusion": "value_drops_once_activated", "exclusion_confirmed_at_purchase": True},
    ],
)
def test_seller_promise_overrides_exclusions(purchase):
    answer = nr(nr_facts(seller_promises_no_reason_return=True, **purchase))
    assert (answer["eligible"], answer["reason"], answer["refund_amount"]) == (True, "eligible", "299.00")
    assert "R-NR-PROMISE" in answer["legal_basis"]


@pytest.mark.parametrize(
    "purchase, goods, notice, reason",
    [
        ({"statutory_exclusion": "customized"}, None, "2026-03-10", "out_of_window"),
        ({"statutory_exclusion": "customized"}, {"usage_marks": True}, "2026-03-09", "goods_not_complete"),
        ({"purpose": "business", "statutory_exclusion": "customized"}, None, "2026-03-09",
         "not_personal_consumption"),
    ],
)
def test_seller_promise_does_not_cure_other_grounds(purchase, goods, notice, reason):
    answer = nr(nr_facts(seller_promises_no_reason_return=True, notice=notice, goods=goods, **purchase))
    assert (answer["eligible"], answer["reason"]) == (False, reason)


# -- R-NR-COMPLETE -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "goods",
    [
        {"accessories_complete": False},
        {"labels_intact": False},
        {"usage_marks": True},
        {"activated_or_personal_data": True},
        {"food_or_cosmetic_seal_broken": True},
        {"package_opened": True, "reasonable_testing_only": False},
    ],
)
def test_goods_not_complete(goods):
    answer = nr(nr_facts(goods=goods))
    assert (answer["eligible"], answer["reason"], answer["refund_amount"]) == (False, "goods_not_complete", None)
    assert "R-NR-COMPLETE" in answer["legal_basis"]


def test_opening_and_reasonable_testing_keep_goods_complete():
    answer = nr(nr_facts(goods={"package_opened": True, "reasonable_testing_only": True}))
    assert answer["reason"] == "eligible"
    assert "R-NR-COMPLETE" in answer["legal_basis"]


def test_use_beyond_testing_warns_that_a_person_should_confirm():
    assert warned(assess(nr_facts(goods={"reasonable_testing_only": False})), "assumed_use_beyond_testing")


# -- refund, deductions, shipping (R-NR-REFUND-7D, R-NR-GIFTS, R-NR-SHIPPING, R-NR-PROMO) ---------------------------


def test_eligible_refund_is_the_price_with_return_shipping_on_the_consumer():
    answer = nr(nr_facts(price="299.00"))
    assert answer["refund_amount"] == "299.00"
    assert answer["deductions"] == []
    assert answer["return_shipping_payer"] == "consumer"
    assert answer["refund_due_rule"] == "R-NR-REFUND-7D"
    assert {"R-NR-REFUND-7D", "R-NR-SHIPPING"} <= set(answer["legal_basis"])


def test_unreturned_gift_is_charged_at_its_stated_price():
    answer = nr(nr_facts(gifts=[{"name": "mug", "stated_price": "20.00", "returned": False},
                                {"name": "pen", "stated_price": "5.00", "returned": True}]))
    assert answer["refund_amount"] == "279.00"
    assert answer["deductions"] == [{"kind": "gift", "amount": "20.00"}]
    assert "R-NR-GIFTS" in answer["legal_basis"]


def test_unreturned_gift_without_a_stated_price_costs_nothing():
    answer = assess(nr_facts(gifts=[{"name": "mug", "returned": False}]))
    assert answer["no_reason_return"]["refund_amount"] == "299.00"
    assert warned(answer, "gift_without_stated_price")


def test_lost_free_shipping_on_a_partial_return():
    facts = nr_facts(price="159.00", free_shipping_threshold="99.00", standard_shipping_fee="10.00",
                     lines=[{"sku": "A", "paid": "99.00", "returned": True},
                            {"sku": "B", "paid": "60.00", "returned": False}])
    answer = nr(facts)
    assert answer["refund_amount"] == "89.00"
    assert answer["deductions"] == [{"kind": "lost_free_shipping", "amount": "10.00"}]


def test_free_shipping_kept_when_what_is_kept_still_meets_the_threshold():
    facts = nr_facts(price="200.00", free_shipping_threshold="99.00", standard_shipping_fee="10.00",
                     lines=[{"sku": "A", "paid": "99.00", "returned": True},
                            {"sku": "B", "paid": "101.00", "returned": False}])
    answer = nr(facts)
    assert answer["refund_amount"] == "99.00"
    assert answer["deductions"] == []


def test_exactly_at_the_threshold_keeps_free_shipping():
    facts = nr_facts(price="198.00", free_shipping_threshold="99.00", standard_shipping_fee="10.00",
                     lines=[{"sku": "A", "paid": "99.00", "returned": True},
                            {"sku": "B", "paid": "99.00", "returned": False}])
    assert nr(facts)["deductions"] == []


def test_order_that_never_earned_free_shipping_has_nothing_to_deduct():
    facts = nr_facts(price="50.00", free_shipping_threshold="99.00", standard_shipping_fee="10.00")
    assert nr(facts)["refund_amount"] == "50.00"


def test_returning_the_whole_order_loses_free_shipping():
    facts = nr_facts(price="159.00", free_shipping_threshold="99.00", standard_shipping_fee="10.00")
    answer = nr(facts)
    assert answer["refund_amount"] == "149.00"
    assert answer["deductions"] == [{"kind": "lost_free_shipping", "amount": "10.00"}]


def test_lost_free_shipping_without_a_fee_warns():
    answer = assess(nr_facts(price="159.00", free_shipping_threshold="99.00"))
    assert answer["no_reason_return"]["refund_amount"] == "159.00"
    assert warned(answer, "shipping_fee_missing")


def test_gift_and_shipping_deductions_together():
    facts = nr_facts(price="159.00", free_shipping_threshold="99.00", standard_shipping_fee="10.00",
                     lines=[{"sku": "A", "paid": "99.00", "returned": True},
                            {"sku": "B", "paid": "60.00", "returned": False}],
                     gifts=[{"name": "sample", "stated_price": "15.50", "returned": False}])
    answer = nr(facts)
    assert answer["refund_amount"] == "73.50"
    assert sorted(d["kind"] for d in answer["deductions"]) == ["gift", "lost_free_shipping"]


def test_deductions_never_take_the_refund_below_zero():
    answer = assess(nr_facts(price="12.00", gifts=[{"name": "x", "stated_price": "30.00", "returned": False}]))
    section = answer["no_reason_return"]
    assert section["refund_amount"] == "0.00"
    assert section["deductions"] == [{"kind": "gift", "amount": "12.00"}]
    assert warned(answer, "deductions_exceed_refund")


def test_per_line_refund_without_price_paid():
    facts = nr_facts(price=None, lines=[{"sku": "A", "paid": "30.10", "returned": True},
                                        {"sku": "B", "paid": "20.05", "returned": True},
                                        {"sku": "C", "paid": "99.00", "returned": False}])
    assert nr(facts)["refund_amount"] == "50.15"


def test_lines_that_do_not_add_up_warn_and_never_refund_more_than_paid():
    facts = nr_facts(price="80.00", lines=[{"paid": "99.00", "returned": True}, {"paid": "1.00", "returned": False}])
    answer = assess(facts)
    assert answer["no_reason_return"]["refund_amount"] == "80.00"
    assert warned(answer, "lines_do_not_add_up")


def test_no_line_returned_refunds_nothing():
    answer = assess(nr_facts(price="10.00", lines=[{"paid": "10.00", "returned": False}]))
    assert answer["no_reason_return"]["refund_amount"] == "0.00"
    assert warned(answer, "no_line_returned")


def test_missing_price_leaves_the_refund_open():
    answer = assess(nr_facts(price=None))
    assert answer["no_reason_return"]["eligible"] is True
    assert answer["no_reason_return"]["refund_amount"] is None
    assert warned(answer, "price_missing")


def test_block_absent_without_a_notice_date():
    facts = nr_facts()
    del facts["claim"]
    assert "no_reason_return" not in assess(facts)


def test_notice_without_a_purchase_block_warns():
    answer = assess({"claim": {"no_reason_return_notice_date": "2026-03-09"}, "as_of": "2026-03-09"})
    assert "no_reason_return" not in answer
    assert warned(answer, "purchase_missing")


def test_a_custom_calendar_is_used_for_the_rolled_reading():
    # A staff-corrected calendar that declares Monday 2026-03-09 a day off moves the rolled last day to 03-10.
    cal = BusinessCalendar({2026: [date(2026, 3, 9)]}, {})
    answer = nr(nr_facts(), calendar=cal)
    assert answer["window_last_day_rolled"] == "2026-03-10"
