"""Worked examples for the version-2 additions of RIGHTS_API.md, each answer computed by hand in the comment above it.

CPL Art.23(3) burden of proof, the three guarantees (三包) and the platform's liability (ECL Art.38, CPL Art.44).
"""

from __future__ import annotations

import copy

import pytest

from weiquan.rights import InvalidFacts, assess
from weiquan.rights.tests.builders import nr_facts, punitive_facts, warned

V2_BLOCKS = ("burden_of_proof", "three_guarantees", "platform_liability")


def durable(receipt: str, found: str, **purchase) -> dict:
    return {"as_of": found, "purchase": {"receipt_date": receipt, "price_paid": "3999.00", "durable_goods": True,
                                         **purchase},
            "claim": {"quality_defect_found_date": found}}


def guarantee(failure: str, *, sale: str | None = "2026-03-01", receipt: str | None = None, repairs: int = 0,
              **block) -> dict:
    purchase: dict = {"price_paid": "2599.00", "three_guarantees": dict(block)}
    if sale is not None:
        purchase["three_guarantees"]["sale_date"] = sale
    if receipt is not None:
        purchase["receipt_date"] = receipt
    claim: dict = {"performance_failure_date": failure}
    if repairs:
        claim["repairs_for_same_failure"] = repairs
    return {"as_of": failure, "purchase": purchase, "claim": claim}


def errors_of(facts: dict) -> list[tuple[str, ...]]:
    with pytest.raises(InvalidFacts) as caught:
        assess(facts)
    return [tuple(map(str, e["loc"])) for e in caught.value.errors]


# -- CPL Art.23(3): burden of proof ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("receipt", "found", "until", "on_business"), [
    # 2026-03-02 + 6 months = 2026-09-02 (same-numbered day); found that very day: still on the business.
    ("2026-03-02", "2026-09-02", "2026-09-02", True),
    # One day later: the consumer proves the defect.
    ("2026-03-02", "2026-09-03", "2026-09-02", False),
    # 2026-08-31 + 6 months: February 2027 has no 31st, so its last day, 2027-02-28 (R-CAL-MONTH).
    ("2026-08-31", "2027-02-28", "2027-02-28", True),
    ("2026-08-31", "2027-03-01", "2027-02-28", False),
    # Found on the day of receipt.
    ("2026-03-02", "2026-03-02", "2026-09-02", True),
])
def test_burden_of_proof_runs_six_months_from_receipt(receipt, found, until, on_business):
    answer = assess(durable(receipt, found))
    assert answer["burden_of_proof"] == {"on_business": on_business, "until": until,
                                         "legal_basis": ["R-CPL23-BURDEN"]}
    assert "quality_return" in answer  # the CPL Art.24 answer stands beside it


def test_burden_of_proof_needs_durable_goods_and_both_dates():
    assert "burden_of_proof" not in assess(durable("2026-03-02", "2026-04-01", durable_goods=False))
    no_receipt = durable("2026-03-02", "2026-04-01")
    del no_receipt["purchase"]["receipt_date"]
    assert "burden_of_proof" not in assess(no_receipt)
    no_defect = durable("2026-03-02", "2026-04-01")
    no_defect["claim"] = {"no_reason_return_notice_date": "2026-03-05"}
    assert "burden_of_proof" not in assess(no_defect)


# -- the three guarantees -------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("failure", "stage", "remedies", "basis"), [
    # Sold 2026-03-01; the sale day is not counted, so day 7 is 2026-03-08.
    ("2026-03-01", "7d", ["return", "exchange", "repair"], ["R-3B-7D"]),
    ("2026-03-08", "7d", ["return", "exchange", "repair"], ["R-3B-7D"]),
    # Day 8 to day 15 (2026-03-16): exchange or repair.
    ("2026-03-09", "15d", ["exchange", "repair"], ["R-3B-15D"]),
    ("2026-03-16", "15d", ["exchange", "repair"], ["R-3B-15D"]),
    # Day 16 onwards, within 12 months (to 2027-03-01): repair.
    ("2026-03-17", "warranty", ["repair"], ["R-3B-REPAIR"]),
    ("2027-03-01", "warranty", ["repair"], ["R-3B-REPAIR"]),
    # 2027-03-02: the guarantee has run out.
    ("2027-03-02", "expired", [], ["R-3B-REPAIR"]),
])
def test_three_guarantee_stages(failure, stage, remedies, basis):
    answer = assess(guarantee(failure, warranty_months=12))
    assert answer["three_guarantees"] == {"stage": stage, "remedies": remedies, "legal_basis": basis}


@pytest.mark.parametrize(("repairs", "remedies"), [(0, ["repair"]), (1, ["repair"]), (2, ["exchange", "return"]),
                                                   (5, ["exchange", "return"])])
def test_two_failed_repairs_open_exchange_or_return(repairs, remedies):
    answer = assess(guarantee("2026-06-01", warranty_months=12, repairs=repairs))
    assert answer["three_guarantees"]["stage"] == "warranty"
    assert answer["three_guarantees"]["remedies"] == remedies


def test_repairs_do_not_change_the_first_fifteen_days():
    # Two repairs in the first week still leave the 7-day choice of return, exchange or repair.
    assert assess(guarantee("2026-03-05", warranty_months=12, repairs=2))["three_guarantees"]["stage"] == "7d"


def test_days_in_repair_extend_the_warranty():
    # 2026-03-01 + 12 months = 2027-03-01, plus 10 days in repair = 2027-03-11.
    inside = assess(guarantee("2027-03-11", warranty_months=12, days_in_repair=10))["three_guarantees"]
    assert inside == {"stage": "warranty", "remedies": ["repair"], "legal_basis": ["R-3B-REPAIR", "R-IMP18-WARRANTY"]}
    outside = assess(guarantee("2027-03-12", warranty_months=12, days_in_repair=10))["three_guarantees"]
    assert outside == {"stage": "expired", "remedies": [], "legal_basis": ["R-3B-REPAIR", "R-IMP18-WARRANTY"]}


def test_month_end_warranty_and_a_longer_card_period():
    # 2026-01-31 + 1 month = 2026-02-28 (last day of February).
    assert assess(guarantee("2026-02-28", sale="2026-01-31", warranty_months=1))["three_guarantees"]["stage"] == \
        "warranty"
    assert assess(guarantee("2026-03-01", sale="2026-01-31", warranty_months=1))["three_guarantees"]["stage"] == \
        "expired"
    # A 3-year card: 2026-03-01 + 36 months = 2029-03-01.
    assert assess(guarantee("2029-03-01", warranty_months=36))["three_guarantees"]["stage"] == "warranty"


def test_sale_date_defaults_to_receipt():
    # Received 2026-03-02 (the delivery of a distance sale); day 7 is 2026-03-09.
    answer = assess(guarantee("2026-03-09", sale=None, receipt="2026-03-02", warranty_months=12))
    assert answer["three_guarantees"]["stage"] == "7d"
    answer = assess(guarantee("2026-03-10", sale=None, receipt="2026-03-02", warranty_months=12))
    assert answer["three_guarantees"]["stage"] == "15d"


def test_warranty_months_left_out_uses_twelve_with_a_warning():
    answer = assess(guarantee("2027-03-01"))
    assert answer["three_guarantees"]["stage"] == "warranty"
    assert warned(answer, "warranty_months_assumed")
    assert not warned(assess(guarantee("2026-03-05")), "warranty_months_assumed")  # stage 7d does not depend on it


def test_three_guarantee_input_errors():
    assert errors_of(guarantee("2026-03-05", sale=None)) == [("purchase", "three_guarantees", "sale_date")]
    assert errors_of(guarantee("2026-02-28")) == [("claim", "performance_failure_date")]
    assert errors_of(guarantee("2026-03-05", warranty_months=0)) == [("purchase", "three_guarantees",
                                                                      "warranty_months")]
    assert errors_of(guarantee("2026-03-05", days_in_repair=-1)) == [("purchase", "three_guarantees",
                                                                      "days_in_repair")]
    assert errors_of(guarantee("2026-03-05", colour="red")) == [("purchase", "three_guarantees", "colour")]
    bad = guarantee("2026-03-05")
    bad["claim"]["repairs_for_same_failure"] = "two"
    assert errors_of(bad) == [("claim", "repairs_for_same_failure")]


def test_failure_without_the_block_warns_and_answers_nothing():
    facts = {"as_of": "2026-03-09", "purchase": {"receipt_date": "2026-03-02"},
             "claim": {"performance_failure_date": "2026-03-05"}}
    answer = assess(facts)
    assert "three_guarantees" not in answer and warned(answer, "three_guarantees_missing")
    block_only = guarantee("2026-03-05")
    del block_only["claim"]["performance_failure_date"]
    assert "three_guarantees" not in assess(block_only)


def test_three_guarantees_stand_beside_the_quality_return():
    # Received and sold 2026-03-02, failure found on day 10 (2026-03-12): CPL Art.24 no longer gives an unconditional
    # return (day 7 was 2026-03-09), and the three guarantees are in the 15-day stage (exchange or repair).
    facts = guarantee("2026-03-12", sale=None, receipt="2026-03-02", warranty_months=12)
    facts["claim"]["quality_defect_found_date"] = "2026-03-12"
    answer = assess(facts)
    assert answer["quality_return"]["return_without_conditions"] is False
    assert answer["quality_return"]["remedies"] == ["exchange", "repair"]
    assert answer["three_guarantees"]["stage"] == "15d"


# -- platform liability ---------------------------------------------------------------------------------------------

def platform(channel: str = "online", defect: dict | None = None, **conduct) -> dict:
    claim: dict = {"platform": conduct}
    if defect is not None:
        claim["defect"] = defect
    return {"as_of": "2026-03-09", "purchase": {"channel": channel, "price_paid": "100.00"}, "claim": claim}


@pytest.mark.parametrize(("conduct", "defect", "channel", "liability", "basis"), [
    ({"knew_or_should_have_known": True}, None, "online", "joint_and_several", ["R-PLAT-38", "R-PLAT-44"]),
    ({"knew_or_should_have_known": True, "took_necessary_measures": True}, None, "online", "none",
     ["R-PLAT-38", "R-PLAT-44"]),
    ({"food_seller_licence_unchecked": True}, None, "online", "joint_and_several", ["R-PUN-PLATFORM-FOOD"]),
    ({}, {"seller_identifiable_by_platform": False}, "online", "direct", ["R-PLAT-44"]),
    ({}, {"seller_identifiable_by_platform": False}, "tv", "none", ["R-PLAT-38", "R-PLAT-44"]),
    ({"promised_more_favourable": True}, None, "online", "direct", ["R-PLAT-44"]),
    ({"affects_life_or_health": True, "failed_qualification_check": True}, None, "online", "corresponding",
     ["R-PLAT-38"]),
    ({"affects_life_or_health": True}, None, "online", "none", ["R-PLAT-38", "R-PLAT-44"]),
    ({}, None, "online", "none", ["R-PLAT-38", "R-PLAT-44"]),
    # The first that applies wins: knowledge without measures before a promise or a health risk.
    ({"knew_or_should_have_known": True, "promised_more_favourable": True, "affects_life_or_health": True,
      "failed_qualification_check": True}, None, "online", "joint_and_several", ["R-PLAT-38", "R-PLAT-44"]),
    ({"promised_more_favourable": True, "affects_life_or_health": True, "failed_qualification_check": True}, None,
     "online", "direct", ["R-PLAT-44"]),
])
def test_platform_liability_first_that_applies(conduct, defect, channel, liability, basis):
    answer = assess(platform(channel, defect, **conduct))
    assert answer["platform_liability"] == {"liability": liability, "legal_basis": basis}


@pytest.mark.parametrize(("conduct", "identifiable", "parties"), [
    ({"knew_or_should_have_known": True}, True, ["seller", "platform"]),
    ({"food_seller_licence_unchecked": True}, True, ["seller", "platform"]),
    ({}, False, ["seller", "platform"]),  # direct because the seller cannot be named
    ({"promised_more_favourable": True}, True, ["seller"]),  # direct only through its promise
    ({"affects_life_or_health": True, "failed_qualification_check": True}, True, ["seller"]),  # corresponding
    ({}, True, ["seller"]),
])
def test_punitive_names_the_platform_only_when_it_answers(conduct, identifiable, parties):
    # Fraud on a CNY 100.00 purchase: 3 x 100 = 300, below the floor, so CNY 500.00.
    answer = assess(platform(defect={"fraud": True, "seller_identifiable_by_platform": identifiable}, **conduct))
    assert answer["punitive"]["amount"] == "500.00"
    assert answer["punitive"]["liable_parties"] == parties
    if "platform" in parties:
        assert set(answer["platform_liability"]["legal_basis"]) <= set(answer["punitive"]["legal_basis"])


def test_platform_input_errors():
    assert errors_of(platform(knew_or_should_have_known="yes")) == [("claim", "platform",
                                                                     "knew_or_should_have_known")]
    assert errors_of(platform(verified=True)) == [("claim", "platform", "verified")]


# -- version 1 stays version 1 --------------------------------------------------------------------------------------

@pytest.mark.parametrize("facts", [
    nr_facts(),
    punitive_facts(fraud=True, seller_identifiable_by_platform=False),
    durable("2026-03-02", "2026-03-20", durable_goods=False),
])
def test_requests_without_new_keys_get_the_version_one_answer(facts):
    answer = assess(facts)
    assert not set(V2_BLOCKS) & set(answer)
    with_defaults = copy.deepcopy(facts)
    with_defaults["purchase"]["durable_goods"] = False
    with_defaults.setdefault("claim", {})["repairs_for_same_failure"] = 0
    assert assess(with_defaults) == answer
