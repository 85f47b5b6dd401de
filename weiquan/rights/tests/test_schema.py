"""Input validation: unknown keys, types, enums, dates and decimal strings, each reported with its location."""

from datetime import datetime

import pytest

from weiquan.core.calendar import SHANGHAI
from weiquan.rights import InvalidFacts, assess
from weiquan.rights.schema import validate_facts


def errors_of(facts):
    with pytest.raises(InvalidFacts) as info:
        assess(facts)
    for error in info.value.errors:
        assert set(error) == {"loc", "msg"}
        assert isinstance(error["loc"], list) and isinstance(error["msg"], str)
    return info.value.errors


def locs(facts):
    return [error["loc"] for error in errors_of(facts)]


@pytest.mark.parametrize(
    "facts, loc",
    [
        ({"surprise": 1}, ["surprise"]),
        ({"purchase": {"colour": "red"}}, ["purchase", "colour"]),
        ({"goods": {"scratched": True}}, ["goods", "scratched"]),
        ({"claim": {"why": "x"}}, ["claim", "why"]),
        ({"claim": {"defect": {"smell": True}}}, ["claim", "defect", "smell"]),
        ({"purchase": {"lines": [{"paid": "1.00", "returned": True, "qty": 2}]}}, ["purchase", "lines", 0, "qty"]),
        ({"purchase": {"gifts": [{"returned": True, "colour": "red"}]}}, ["purchase", "gifts", 0, "colour"]),
    ],
)
def test_unknown_keys_are_rejected_at_every_level(facts, loc):
    errors = errors_of(facts)
    assert {"loc": loc, "msg": "unknown key"} in errors


@pytest.mark.parametrize(
    "value",
    ["2026-3-9", "20260309", "2026-02-30", "2026-13-01", "09/03/2026", "2026-03-09T00:00:00", 20260309, "", True,
     "1899-12-31", "2200-01-01"],
)
def test_dates_must_be_iso_calendar_dates(value):
    assert locs({"as_of": value}) == [["as_of"]]


@pytest.mark.parametrize(
    "value",
    ["1.005", "-1.00", "1e3", "NaN", "Infinity", " 1.00", "1,000.00", "", "0x10", 1.5, 299, True, "1000000000000.00"],
)
def test_money_must_be_a_two_place_decimal_string(value):
    assert locs({"purchase": {"price_paid": value}}) == [["purchase", "price_paid"]]


@pytest.mark.parametrize("value", ["299", "299.0", "299.00", "0", "0.01", "999999999999.99"])
def test_accepted_money_forms(value):
    assert validate_facts({"purchase": {"price_paid": value}}).purchase.price_paid is not None


@pytest.mark.parametrize(
    "facts, loc",
    [
        ({"purchase": {"channel": "shop"}}, ["purchase", "channel"]),
        ({"purchase": {"purpose": "gift"}}, ["purchase", "purpose"]),
        ({"purchase": {"statutory_exclusion": "used"}}, ["purchase", "statutory_exclusion"]),
        ({"purchase": {"confirmable_exclusion": "anything"}}, ["purchase", "confirmable_exclusion"]),
        ({"claim": {"defect": {"injury": "minor"}}}, ["claim", "defect", "injury"]),
        ({"purchase": {"channel": "ONLINE"}}, ["purchase", "channel"]),
    ],
)
def test_enums(facts, loc):
    assert loc in locs(facts)


@pytest.mark.parametrize(
    "facts, loc",
    [
        ({"goods": {"labels_intact": "yes"}}, ["goods", "labels_intact"]),
        ({"goods": {"usage_marks": 0}}, ["goods", "usage_marks"]),
        ({"goods": {"usage_marks": None}}, ["goods", "usage_marks"]),
        ({"purchase": {"seller_promises_no_reason_return": "true"}}, ["purchase", "seller_promises_no_reason_return"]),
        ({"purchase": {"category": 5}}, ["purchase", "category"]),
        ({"purchase": {"category": "x" * 201}}, ["purchase", "category"]),
        ({"purchase": {"lines": {"paid": "1.00"}}}, ["purchase", "lines"]),
        ({"purchase": {"lines": [{"returned": True}]}}, ["purchase", "lines", 0, "paid"]),
        ({"purchase": {"lines": [{"paid": "1.00"}]}}, ["purchase", "lines", 0, "returned"]),
        ({"purchase": {"lines": ["A"]}}, ["purchase", "lines", 0]),
        ({"purchase": "online"}, ["purchase"]),
        ({"goods": []}, ["goods"]),
        ({"clocks": {"name": "custom"}}, ["clocks"]),
        ({"clocks": [{"name": "nr_refund", "start": "2026-01-01"}] * 101}, ["clocks"]),
    ],
)
def test_types(facts, loc):
    assert loc in locs(facts)


def test_every_error_is_reported_at_once():
    errors = errors_of({"x": 1, "purchase": {"channel": "shop", "price_paid": 3}, "goods": {"usage_marks": "no"}})
    assert len(errors) == 4


def test_top_level_must_be_an_object():
    for raw in ([], "facts", 3, None):
        assert errors_of(raw) == [{"loc": [], "msg": "the facts document must be a JSON object"}]


@pytest.mark.parametrize(
    "facts, loc",
    [
        ({"purchase": {"purchase_date": "2026-03-05", "receipt_date": "2026-03-02"}}, ["purchase", "receipt_date"]),
        ({"purchase": {"receipt_date": "2026-03-02"}, "claim": {"no_reason_return_notice_date": "2026-03-01"}},
         ["claim", "no_reason_return_notice_date"]),
        ({"purchase": {"receipt_date": "2026-03-02"}, "claim": {"quality_defect_found_date": "2026-03-01"}},
         ["claim", "quality_defect_found_date"]),
        ({"claim": {"defect": {"fraud": True}}}, ["purchase", "price_paid"]),
    ],
)
def test_cross_field_checks(facts, loc):
    assert locs(facts) == [loc]


def test_defaults_fill_missing_optional_keys():
    facts = validate_facts({"purchase": {"price_paid": "1.00"}, "claim": {"defect": {}}})
    assert (facts.purchase.channel, facts.purchase.purpose) == ("online", "personal")
    assert facts.purchase.statutory_exclusion is None
    assert facts.purchase.exclusion_confirmed_at_purchase is False
    assert facts.goods.reasonable_testing_only is True and facts.goods.labels_intact is True
    assert facts.goods.package_opened is False
    assert str(facts.claim.defect.loss) == "0.00"
    assert facts.claim.defect.injury == "none"
    assert facts.claim.defect.seller_identifiable_by_platform is True


def test_null_on_an_optional_field_means_absent():
    facts = validate_facts({"as_of": None, "purchase": {"statutory_exclusion": None, "channel": None,
                                                        "lines": None, "gifts": None}, "claim": None})
    assert facts.purchase.channel == "online"
    assert facts.purchase.lines is None and facts.purchase.gifts == ()
    assert facts.claim is None


def test_as_of_defaults_to_today_in_shanghai():
    before = datetime.now(SHANGHAI).date()
    as_of = validate_facts({}).as_of
    assert before <= as_of <= datetime.now(SHANGHAI).date()


def test_empty_facts_give_an_empty_answer():
    assert assess({}) == {"clocks": [], "warnings": []}


def test_invalid_facts_message_names_the_fields():
    with pytest.raises(InvalidFacts) as info:
        assess({"purchase": {"channel": "shop"}})
    assert "purchase.channel" in str(info.value)
    assert isinstance(info.value, ValueError)
