"""Properties over generated facts: refunds never exceed what was paid; punitive amounts respect the floors and never
stack; any JSON input either assesses or fails with InvalidFacts."""

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from weiquan.rights import InvalidFacts, assess
from weiquan.rights.schema import CHANNELS, CONFIRMABLE_EXCLUSIONS, INJURIES, STATUTORY_EXCLUSIONS

FLOORS = {"R-PUN-CPL55": Decimal("500.00"), "R-PUN-FSL148": Decimal("1000.00"), "R-PUN-DRUG": Decimal("1000.00")}
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

cents = st.integers(min_value=0, max_value=10_000_000).map(lambda c: f"{Decimal(c) / 100:.2f}")


@st.composite
def no_reason_facts(draw):
    receipt = draw(st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 12, 20)))
    notice = receipt + timedelta(days=draw(st.integers(min_value=0, max_value=12)))
    purchase = {
        "channel": draw(st.sampled_from(CHANNELS)),
        "purpose": draw(st.sampled_from(["personal", "personal", "business"])),
        "statutory_exclusion": draw(st.none() | st.sampled_from(STATUTORY_EXCLUSIONS)),
        "confirmable_exclusion": draw(st.none() | st.sampled_from(CONFIRMABLE_EXCLUSIONS)),
        "exclusion_confirmed_at_purchase": draw(st.booleans()),
        "seller_promises_no_reason_return": draw(st.booleans()),
        "receipt_date": receipt.isoformat(),
    }
    lines = draw(st.none() | st.lists(st.fixed_dictionaries({"paid": cents, "returned": st.booleans()}),
                                      min_size=1, max_size=5))
    if lines is not None:
        purchase["lines"] = lines
    if lines is None or draw(st.booleans()):
        purchase["price_paid"] = draw(cents)
    if draw(st.booleans()):
        purchase["free_shipping_threshold"] = draw(cents)
        purchase["standard_shipping_fee"] = draw(cents)
    purchase["gifts"] = draw(st.lists(st.fixed_dictionaries(
        {"stated_price": st.none() | cents, "returned": st.booleans()}), max_size=3))
    goods = draw(st.fixed_dictionaries({}, optional={
        "package_opened": st.booleans(), "reasonable_testing_only": st.booleans(),
        "labels_intact": st.booleans(), "usage_marks": st.booleans()}))
    return {"as_of": notice.isoformat(), "purchase": purchase, "goods": goods,
            "claim": {"no_reason_return_notice_date": notice.isoformat()}}


@SETTINGS
@given(facts=no_reason_facts())
def test_refund_never_exceeds_what_was_paid(facts):
    section = assess(facts)["no_reason_return"]
    purchase = facts["purchase"]
    if section["refund_amount"] is None:
        assert section["eligible"] is not True or ("price_paid" not in purchase and "lines" not in purchase)
        return
    assert section["eligible"] is True and section["reason"] == "eligible"
    refund = Decimal(section["refund_amount"])
    assert refund >= 0
    if "price_paid" in purchase:
        assert refund <= Decimal(purchase["price_paid"])
    if "lines" in purchase:
        returned = sum((Decimal(line["paid"]) for line in purchase["lines"] if line["returned"]), Decimal(0))
        assert refund <= returned
        base = returned if "price_paid" not in purchase else min(returned, Decimal(purchase["price_paid"]))
    else:
        base = Decimal(purchase["price_paid"])
    deducted = sum((Decimal(d["amount"]) for d in section["deductions"]), Decimal(0))
    assert refund + deducted == base


@SETTINGS
@given(facts=no_reason_facts())
def test_eligibility_uses_the_strict_window(facts):
    section = assess(facts)["no_reason_return"]
    if section["notice_day_index"] > 7:
        assert section["eligible"] is False
    if section["eligible"]:
        assert section["notice_day_index"] <= 7


@st.composite
def punitive_facts(draw):
    defect = {
        "fraud": draw(st.booleans()),
        "food_safety_violation": draw(st.booleans()),
        "drug_fake_or_substandard": draw(st.booleans()),
        "seller_knew": draw(st.booleans()),
        "label_only_no_safety_impact": draw(st.sampled_from([False, False, False, True])),
        "loss": draw(cents),
        "injury": draw(st.sampled_from(INJURIES)),
        "consumer_fabrication": draw(st.sampled_from([False, False, False, True])),
        "seller_identifiable_by_platform": draw(st.booleans()),
    }
    purchase = {"price_paid": draw(cents), "purpose": draw(st.sampled_from(["personal", "personal", "business"])),
                "channel": draw(st.sampled_from(CHANNELS))}
    return {"as_of": "2026-03-09", "purchase": purchase, "claim": {"defect": defect}}


@SETTINGS
@given(facts=punitive_facts())
def test_punitive_amounts_respect_the_floors_and_never_stack(facts):
    section = assess(facts)["punitive"]
    price = Decimal(facts["purchase"]["price_paid"])
    fixed = {rule: Decimal(amount) for rule, amount in section["options"].items() if amount is not None}
    for rule, amount in fixed.items():
        assert amount >= FLOORS[rule]
    if "R-PUN-CPL55" in fixed:
        assert fixed["R-PUN-CPL55"] == max(price * 3, FLOORS["R-PUN-CPL55"])
    if section["route_to_human"] and section["basis"] == "R-PUN-CPL55-INJURY":
        assert section["amount"] is None and section["cap"] is not None
    elif section["basis"] is not None:
        amount = Decimal(section["amount"])
        assert amount >= FLOORS[section["basis"]]
        assert amount == fixed[section["basis"]] == max(fixed.values())
        assert section["reason"] is None
    else:
        assert section["amount"] == "0.00" and section["options"] == {}
        assert section["reason"] in {"consumer_fabrication", "label_only_no_punitive", "no_basis"}
    assert section["legal_basis"]


json_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=12) | \
    st.sampled_from(["2026-03-09", "299.00", "online", "custom", "serious", "customized"])
keys = st.sampled_from(["as_of", "purchase", "goods", "claim", "clocks", "defect", "lines", "gifts", "paid",
                        "returned", "name", "start", "days", "working_days", "price_paid", "receipt_date",
                        "no_reason_return_notice_date", "quality_defect_found_date", "fraud", "x"])
json_values = st.recursive(json_scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
    keys, inner, max_size=5), max_leaves=25)


@SETTINGS
@given(raw=json_values)
def test_any_json_assesses_or_is_rejected_cleanly(raw):
    try:
        answer = assess(raw)
    except InvalidFacts as invalid:
        assert invalid.errors and all(set(e) == {"loc", "msg"} for e in invalid.errors)
    else:
        assert isinstance(answer["warnings"], list) and isinstance(answer["clocks"], list)
