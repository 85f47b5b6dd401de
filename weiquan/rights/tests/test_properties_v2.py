"""Properties of the version-2 blocks over generated facts: the three-guarantee stages follow the day count, the
platform's liability is the first that applies, and a request without the new keys never shows a new block."""

from __future__ import annotations

import calendar as stdlib_calendar
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from weiquan.rights import assess
from weiquan.rights.tests.test_properties import SETTINGS, no_reason_facts, punitive_facts

STAGES = ("7d", "15d", "warranty", "expired")
CONDUCT_KEYS = ("knew_or_should_have_known", "took_necessary_measures", "affects_life_or_health",
                "failed_qualification_check", "food_seller_licence_unchecked", "promised_more_favourable")


def months_later(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, stdlib_calendar.monthrange(year, month + 1)[1]))


@st.composite
def guarantee_facts(draw):
    sale = draw(st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31)))
    months = draw(st.integers(min_value=1, max_value=60))
    in_repair = draw(st.integers(min_value=0, max_value=200))
    failure = sale + timedelta(days=draw(st.integers(min_value=0, max_value=2200)))
    repairs = draw(st.integers(min_value=0, max_value=4))
    return {"as_of": failure.isoformat(),
            "purchase": {"three_guarantees": {"sale_date": sale.isoformat(), "warranty_months": months,
                                              "days_in_repair": in_repair}},
            "claim": {"performance_failure_date": failure.isoformat(), "repairs_for_same_failure": repairs}}


@SETTINGS
@given(facts=guarantee_facts())
def test_stage_follows_the_day_count(facts):
    block = facts["purchase"]["three_guarantees"]
    sale, failure = date.fromisoformat(block["sale_date"]), date.fromisoformat(facts["claim"]["performance_failure_date"])
    answer = assess(facts)["three_guarantees"]
    days = (failure - sale).days
    warranty_end = months_later(sale, block["warranty_months"]) + timedelta(days=block["days_in_repair"])
    expected = "7d" if days <= 7 else "15d" if days <= 15 else "warranty" if failure <= warranty_end else "expired"
    assert answer["stage"] == expected
    remedies = {"7d": ["return", "exchange", "repair"], "15d": ["exchange", "repair"], "expired": [],
                "warranty": ["exchange", "return"] if facts["claim"]["repairs_for_same_failure"] >= 2 else ["repair"]}
    assert answer["remedies"] == remedies[expected]
    assert answer["legal_basis"]


@SETTINGS
@given(facts=guarantee_facts(), later=st.integers(min_value=1, max_value=400))
def test_a_later_failure_never_reaches_an_earlier_stage(facts, later):
    first = assess(facts)["three_guarantees"]["stage"]
    failure = date.fromisoformat(facts["claim"]["performance_failure_date"]) + timedelta(days=later)
    facts["claim"]["performance_failure_date"] = failure.isoformat()
    assert STAGES.index(assess(facts)["three_guarantees"]["stage"]) >= STAGES.index(first)


@st.composite
def platform_facts(draw):
    facts = draw(punitive_facts())
    facts["claim"]["platform"] = draw(st.fixed_dictionaries({}, optional={key: st.booleans() for key in CONDUCT_KEYS}))
    return facts


@SETTINGS
@given(facts=platform_facts())
def test_platform_liability_is_the_first_that_applies(facts):
    answer = assess(facts)
    conduct, defect = facts["claim"]["platform"], facts["claim"]["defect"]
    on = {key: conduct.get(key, False) for key in CONDUCT_KEYS}
    unnamed = facts["purchase"]["channel"] == "online" and not defect["seller_identifiable_by_platform"]
    if (on["knew_or_should_have_known"] and not on["took_necessary_measures"]) or on["food_seller_licence_unchecked"]:
        expected = "joint_and_several"
    elif unnamed or on["promised_more_favourable"]:
        expected = "direct"
    elif on["affects_life_or_health"] and on["failed_qualification_check"]:
        expected = "corresponding"
    else:
        expected = "none"
    assert answer["platform_liability"]["liability"] == expected
    punitive = answer["punitive"]
    if punitive["reason"] != "consumer_fabrication":
        platform_answers = expected == "joint_and_several" or (expected == "direct" and unnamed)
        assert ("platform" in punitive["liable_parties"]) is platform_answers


@SETTINGS
@given(facts=no_reason_facts() | punitive_facts())
def test_version_one_requests_get_no_version_two_block(facts):
    answer = assess(facts)
    assert not {"burden_of_proof", "three_guarantees", "platform_liability"} & set(answer)
