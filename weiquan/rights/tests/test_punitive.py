"""Punitive compensation rule by rule: CPL Art.55, FSL Art.148, DAL Art.144, IMP Art.49, CPL Art.44."""

import pytest

from weiquan.rights import InvalidFacts, assess
from weiquan.rights.tests.builders import punitive_facts, warned


def pun(price="100.00", **kwargs):
    return assess(punitive_facts(price, **kwargs))["punitive"]


# -- R-PUN-CPL55 ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "price, amount",
    [
        ("0.01", "500.00"),
        ("120.00", "500.00"),
        ("166.66", "500.00"),  # 499.98 < 500
        ("166.67", "500.01"),
        ("1000.00", "3000.00"),
        ("2000.00", "6000.00"),
        ("0.00", "500.00"),
    ],
)
def test_cpl55_three_times_price_with_the_500_floor(price, amount):
    section = pun(price, fraud=True)
    assert section["amount"] == amount
    assert section["basis"] == "R-PUN-CPL55"
    assert section["options"] == {"R-PUN-CPL55": amount}
    assert section["price_refund"] == price
    assert (section["route_to_human"], section["cap"], section["reason"]) == (False, None, None)
    assert section["liable_parties"] == ["seller"]
    assert "R-PUN-CPL55" in section["legal_basis"]


def test_no_fraud_no_cpl55():
    section = pun("2000.00", fraud=False, loss="100.00")
    assert (section["amount"], section["basis"], section["options"], section["reason"]) == (
        "0.00", None, {}, "no_basis")
    assert section["legal_basis"]


def test_cpl55_is_for_personal_consumption():
    answer = assess(punitive_facts("2000.00", purchase={"purpose": "business"}, fraud=True))
    assert answer["punitive"]["reason"] == "no_basis"
    assert warned(answer, "business_purchase")


# -- R-PUN-FSL148 --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "price, loss, amount",
    [
        ("50.00", "0.00", "1000.00"),
        ("99.99", "0.00", "1000.00"),  # 999.90 < 1000
        ("100.00", "0.00", "1000.00"),
        ("100.01", "0.00", "1000.10"),
        ("150.00", "0.00", "1500.00"),
        ("50.00", "600.00", "1800.00"),  # 3 x loss beats 10 x price
        ("200.00", "600.00", "2000.00"),
        ("50.00", "333.33", "1000.00"),  # 999.99 < 1000
    ],
)
def test_fsl148_ten_times_price_or_three_times_loss_with_the_1000_floor(price, loss, amount):
    section = pun(price, food_safety_violation=True, seller_knew=True, loss=loss)
    assert section["amount"] == amount
    assert section["basis"] == "R-PUN-FSL148"
    assert section["options"]["R-PUN-FSL148"] == amount


def test_fsl148_against_a_seller_needs_knowledge():
    answer = assess(punitive_facts("50.00", food_safety_violation=True, seller_knew=False))
    assert answer["punitive"]["reason"] == "no_basis"
    assert answer["punitive"]["price_refund"] == "50.00"
    assert warned(answer, "seller_knowledge_not_shown")


# -- R-PUN-DRUG ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "price, loss, amount",
    [("80.00", "0.00", "1000.00"), ("200.00", "0.00", "2000.00"), ("80.00", "1000.00", "3000.00")],
)
def test_dal144_ten_times_price_or_three_times_loss_with_the_1000_floor(price, loss, amount):
    section = pun(price, drug_fake_or_substandard=True, seller_knew=True, loss=loss)
    assert (section["amount"], section["basis"]) == (amount, "R-PUN-DRUG")


def test_dal144_without_shown_knowledge_applies_with_a_warning():
    answer = assess(punitive_facts("80.00", drug_fake_or_substandard=True))
    assert answer["punitive"]["basis"] == "R-PUN-DRUG"
    assert warned(answer, "drug_seller_knowledge")


# -- bases never stack (R-PUN-ELECT) --------------------------------------------------------------------------------


def test_fraud_and_food_are_alternatives_and_the_higher_is_proposed():
    section = pun("200.00", fraud=True, food_safety_violation=True, seller_knew=True)
    assert section["options"] == {"R-PUN-CPL55": "600.00", "R-PUN-FSL148": "2000.00"}
    assert (section["amount"], section["basis"]) == ("2000.00", "R-PUN-FSL148")
    assert "R-PUN-ELECT" in section["legal_basis"]


def test_cpl55_wins_when_higher():
    section = pun("10.00", fraud=True, food_safety_violation=True, seller_knew=True, loss="0.00")
    assert section["options"] == {"R-PUN-CPL55": "500.00", "R-PUN-FSL148": "1000.00"}
    assert section["amount"] == "1000.00"
    section = pun("1000.00", fraud=True, drug_fake_or_substandard=True, seller_knew=True)
    assert section["options"] == {"R-PUN-CPL55": "3000.00", "R-PUN-DRUG": "10000.00"}
    assert section["amount"] == "10000.00"


# -- R-PUN-FSL148-LABEL / R-IMP49 ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "defect",
    [
        {"food_safety_violation": True, "seller_knew": True},
        {"food_safety_violation": True, "seller_knew": False},
        {"fraud": True},
        {"drug_fake_or_substandard": True, "seller_knew": True},
    ],
)
def test_label_only_flaws_bar_every_basis(defect):
    section = pun("60.00", label_only_no_safety_impact=True, **defect)
    assert (section["amount"], section["basis"], section["options"], section["reason"]) == (
        "0.00", None, {}, "label_only_no_punitive")
    assert "R-PUN-FSL148-LABEL" in section["legal_basis"]


# -- R-PUN-ABUSE ---------------------------------------------------------------------------------------------------


def test_consumer_fabrication_wins_over_everything():
    section = pun("500.00", fraud=True, food_safety_violation=True, seller_knew=True, consumer_fabrication=True,
                  label_only_no_safety_impact=True)
    assert (section["amount"], section["basis"], section["options"], section["reason"]) == (
        "0.00", None, {}, "consumer_fabrication")
    assert "R-PUN-ABUSE" in section["legal_basis"]
    assert section["liable_parties"] == []


# -- R-PUN-CPL55-INJURY --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("injury", ["serious", "death"])
def test_injury_with_knowledge_routes_to_a_person_with_a_cap(injury):
    section = pun("300.00", injury=injury, seller_knew=True, loss="10000.00")
    assert section["amount"] is None
    assert section["basis"] == "R-PUN-CPL55-INJURY"
    assert section["options"] == {"R-PUN-CPL55-INJURY": None}
    assert section["cap"] == "20000.00"
    assert section["route_to_human"] is True
    assert section["reason"] is None
    assert "R-PUN-CPL55-INJURY" in section["legal_basis"]


def test_injury_with_fraud_lists_both_and_leaves_the_choice_to_a_person():
    answer = assess(punitive_facts("300.00", fraud=True, injury="serious", seller_knew=True, loss="10000.00"))
    section = answer["punitive"]
    assert section["options"] == {"R-PUN-CPL55": "900.00", "R-PUN-CPL55-INJURY": None}
    assert (section["amount"], section["route_to_human"], section["cap"]) == (None, True, "20000.00")
    assert warned(answer, "injury_basis_with_alternatives")


def test_injury_without_knowledge_has_no_punitive_basis():
    answer = assess(punitive_facts("300.00", injury="serious", loss="10000.00"))
    assert answer["punitive"]["reason"] == "no_basis"
    assert warned(answer, "injury_without_knowledge")


# -- R-PLAT-44 -----------------------------------------------------------------------------------------------------


def test_platform_answers_when_it_cannot_identify_the_seller():
    section = pun("120.00", fraud=True, seller_identifiable_by_platform=False)
    assert sorted(section["liable_parties"]) == ["platform", "seller"]
    assert "R-PLAT-44" in section["legal_basis"]
    assert section["amount"] == "500.00"


def test_food_platform_rule_is_cited_for_food():
    section = pun("50.00", food_safety_violation=True, seller_knew=True, seller_identifiable_by_platform=False)
    assert {"R-PLAT-44", "R-PUN-PLATFORM-FOOD"} <= set(section["legal_basis"])


def test_platform_rule_needs_an_online_sale():
    answer = assess(punitive_facts("120.00", purchase={"channel": "offline"}, fraud=True,
                                   seller_identifiable_by_platform=False))
    assert answer["punitive"]["liable_parties"] == ["seller"]
    assert warned(answer, "platform_rule_not_applicable")


# -- price --------------------------------------------------------------------------------------------------------


def test_price_from_lines_when_price_paid_is_absent():
    facts = punitive_facts(None, purchase={"lines": [{"paid": "100.00", "returned": True},
                                                     {"paid": "100.00", "returned": False}]}, fraud=True)
    assert assess(facts)["punitive"]["amount"] == "600.00"


def test_a_defect_needs_a_price():
    with pytest.raises(InvalidFacts) as info:
        assess(punitive_facts(None, fraud=True))
    assert info.value.errors == [{"loc": ["purchase", "price_paid"], "msg": "is required when claim.defect is given"}]


def test_punitive_absent_without_a_defect_block():
    assert "punitive" not in assess({"purchase": {"price_paid": "1.00"}, "claim": {}})
