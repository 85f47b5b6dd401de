"""Plain words for the version-2 blocks, the merchant's and the mediator's renderings, and the grant table."""

from __future__ import annotations

import re

import pytest
from hypothesis import given

from weiquan.rights import RULE_TITLES, assess
from weiquan.rights.explain import explain_in, proposal
from weiquan.rights.grants import GRANTS, LIMITING_RULES, grant_table, granting_rules, grants
from weiquan.rights.tests.test_properties import SETTINGS, no_reason_facts, punitive_facts
from weiquan.rights.tests.test_version_two import durable, guarantee, platform

RULE_ID = re.compile(r"R-[A-Z0-9]+(-[A-Z0-9]+)*")
SNAKE = re.compile(r"\b[a-z]+_[a-z_]+\b")


def texts(facts, language="zh-hans", **options):
    answer = assess(facts)
    return [p for p in explain_in(language, answer, facts, **options)]


def by_topic(points, topic):
    return [p for p in points if p["topic"] == topic]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("audience", ["consumer", "merchant", "mediator"])
@pytest.mark.parametrize("facts", [
    durable("2026-03-02", "2026-04-01"), durable("2026-03-02", "2026-12-01"),
    guarantee("2026-03-05", warranty_months=12), guarantee("2026-03-12", warranty_months=12),
    guarantee("2026-06-01", warranty_months=12, repairs=2), guarantee("2026-06-01", warranty_months=12),
    guarantee("2027-06-01", warranty_months=12, days_in_repair=5),
    platform(knew_or_should_have_known=True), platform(food_seller_licence_unchecked=True),
    platform(defect={"fraud": True, "seller_identifiable_by_platform": False}),
    platform(promised_more_favourable=True),
    platform(affects_life_or_health=True, failed_qualification_check=True), platform(),
], ids=lambda f: str(sorted((f.get("claim") or {}).items()))[:60])
def test_every_new_point_is_in_words_without_codes(facts, audience, language):
    points = texts(facts, language, audience=audience)
    assert points
    for point in points:
        assert not RULE_ID.search(point["text"]), point["text"]
        assert not SNAKE.search(point["text"]), point["text"]
        if language == "en":
            assert not re.search(r"[\u4e00-\u9fff]", point["text"]), point["text"]
        else:
            assert re.search(r"[\u4e00-\u9fff]", point["text"]), point["text"]
        assert all(rule["title"] for rule in point["rules"])


def test_burden_of_proof_in_each_voice():
    facts = durable("2026-03-02", "2026-04-01")
    consumer = by_topic(texts(facts), "burden_of_proof")[0]
    assert consumer["text"] == ("这是耐用商品或装修服务，瑕疵在收货后六个月内（2026-09-02 前）发现：发生争议的，由经营者"
                                "证明商品没有这一瑕疵，您不需要自己证明。")
    assert consumer["rule_ids"] == ["R-CPL23-BURDEN"]
    assert consumer["rules"][0]["article"] == "消费者权益保护法第23条第3款"
    merchant = by_topic(texts(facts, audience="merchant"), "burden_of_proof")[0]
    assert "由您证明商品没有这一瑕疵" in merchant["text"]
    english = by_topic(texts(facts, "en"), "burden_of_proof")[0]
    assert english["text"].startswith("These are durable goods or a decoration service")
    assert "by 2026-09-02" in english["text"]


def test_three_guarantees_in_each_voice():
    facts = guarantee("2026-06-01", warranty_months=12, repairs=2)
    assert by_topic(texts(facts), "three_guarantees")[0]["text"] == \
        "三包有效期内，同一性能故障已修理两次仍不能正常使用：您可以要求免费换货或退货。"
    assert by_topic(texts(facts, audience="merchant"), "three_guarantees")[0]["text"] == \
        "三包有效期内，同一性能故障已修理两次仍不能正常使用：您应当为消费者免费换货或退货。"
    expired = guarantee("2027-03-12", warranty_months=12, days_in_repair=10)
    points = by_topic(texts(expired, "en"), "three_guarantees")
    assert points[0]["tone"] == "no" and "Consumer Rights Protection Law" in points[0]["text"]
    assert points[1]["text"] == "Time spent in repair does not count towards the three-guarantees period."


def test_platform_liability_in_each_voice():
    facts = platform(knew_or_should_have_known=True)
    consumer = by_topic(texts(facts), "platform")[0]
    assert "连带责任" in consumer["text"] and "直接要求平台赔偿" in consumer["text"]
    merchant = by_topic(texts(facts, audience="merchant"), "platform")[0]
    assert "向您追偿" in merchant["text"]
    (none,) = by_topic(texts(platform(), audience="merchant"), "platform")  # the claim is against the merchant
    assert none["text"] == "按目前了解的情况，平台不需要承担赔偿责任：消费者应当向您主张权利，平台协助其维权。"
    # The punitive point no longer repeats the platform line when the platform block speaks.
    unnamed = platform(defect={"fraud": True, "seller_identifiable_by_platform": False})
    lines = [p["text"] for p in texts(unnamed) if "真实名称" in p["text"]]
    assert len(lines) == 1


def test_the_mediator_sees_the_conditions_for_rescission():
    facts = guarantee("2026-06-01", warranty_months=12, repairs=2, sale=None, receipt="2026-03-02")
    facts["claim"]["quality_defect_found_date"] = "2026-06-01"
    mediator = by_topic(texts(facts, audience="mediator"), "rescission")
    assert len(mediator) == 2
    assert "民法典第五百六十三条、第六百一十条" in mediator[0]["text"]
    assert mediator[1]["rule_ids"] == ["R-3B-REPAIR"]
    assert by_topic(texts(facts), "rescission") == []  # the consumer is not given the mediator's checklist
    within = durable("2026-03-02", "2026-03-05")
    assert by_topic(texts(within, audience="mediator"), "rescission") == []  # day 3: no conditions needed
    english = by_topic(texts(facts, "en", audience="mediator"), "rescission")[0]["text"]
    assert "Civil Code Art.563 and Art.610" in english


def test_merchant_voice_for_a_no_reason_return():
    facts = {"as_of": "2026-03-09", "purchase": {"price_paid": "299.00", "receipt_date": "2026-03-02"},
             "claim": {"no_reason_return_notice_date": "2026-03-09"}}
    merchant = texts(facts, audience="merchant")
    assert by_topic(merchant, "no_reason_return")[0]["text"] == (
        "消费者在七日无理由退货期限内提出退货（最后一天 2026-03-09，提出日 2026-03-09），您应当同意退货并及时提供退货地址。")
    assert by_topic(merchant, "refund")[0]["text"] == (
        "您应当在收到退回商品之日起 7 日内退款 ¥299.00，原路退回；超过 15 日仍未退款的，将受到处罚。")
    english = texts(facts, "en", audience="merchant")
    assert by_topic(english, "refund")[0]["text"].startswith("You must refund ¥299.00")


def test_merchant_voice_for_fraud_if_established():
    facts = {"as_of": "2026-03-09", "purchase": {"price_paid": "100.00"}, "claim": {"defect": {"fraud": True}}}
    point = by_topic(texts(facts, "en", audience="merchant", punitive_if_established=True), "punitive")[0]
    assert point["text"].startswith("If this is established, you must refund the price of ¥100.00")


def test_an_unknown_audience_is_refused():
    with pytest.raises(ValueError):
        texts(durable("2026-03-02", "2026-04-01"), audience="regulator")


def test_punitive_alternatives_are_named_by_law_not_rule_id():
    facts = {"as_of": "2026-03-09", "purchase": {"price_paid": "100.00"},
             "claim": {"defect": {"fraud": True, "food_safety_violation": True, "seller_knew": True}}}
    alternatives = [p["text"] for p in texts(facts) if "不能叠加" in p["text"]][0]
    assert "R-PUN" not in alternatives and "欺诈" in alternatives


# -- the grant table ------------------------------------------------------------------------------------------------

def test_grant_table_names_known_rules_and_bounds():
    table = {row["rule_id"]: row for row in grant_table()}
    assert set(GRANTS) | LIMITING_RULES == set(table)
    assert set(table) <= set(RULE_TITLES)
    assert table["R-CPL24-QUALITY"] == {"rule_id": "R-CPL24-QUALITY", "kinds": ["exchange", "refund", "repair",
                                        "return"], "refund_bound": "paid_and_shipping", "compensation_bound": None,
                                        "quality_return": True, "limits": False}
    assert table["R-PUN-CPL55"]["compensation_bound"] == "engine_amount"
    assert table["R-PUN-CPL55-INJURY"]["kinds"] == ["compensation"]
    assert table["R-3B-15D"]["kinds"] == ["exchange", "repair"]
    assert table["R-NR-COMPLETE"]["limits"] is True and table["R-NR-COMPLETE"]["kinds"] == []
    assert grants("R-PLAT-44") == frozenset()  # says who pays, grants no remedy of its own
    assert granting_rules("refund", ["R-CAL-START", "R-NR-WINDOW", "R-PUN-CPL55"]) == ["R-NR-WINDOW", "R-PUN-CPL55"]


def test_the_proposal_takes_the_three_guarantees_into_account():
    # Day 10 after receipt: CPL Art.24 offers exchange or repair; two failed repairs under the three guarantees
    # open a return, which the consumer wants.
    facts = guarantee("2026-03-12", warranty_months=12, repairs=2, sale="2026-02-01", receipt="2026-03-02")
    facts["purchase"]["price_paid"] = "2599.00"
    facts["claim"]["quality_defect_found_date"] = "2026-03-12"
    rows = proposal(assess(facts), facts, wanted=["return", "refund"])
    assert rows == [{"kind": "return", "amount": "0.00", "rule_ids": ["R-3B-REPAIR"]},
                    {"kind": "refund", "amount": "2599.00", "rule_ids": ["R-3B-REPAIR"]}]


@SETTINGS
@given(facts=no_reason_facts() | punitive_facts())
def test_every_proposed_remedy_rests_on_a_rule_that_grants_it(facts):
    for row in proposal(assess(facts), facts):
        assert granting_rules(row["kind"], row["rule_ids"]), row
