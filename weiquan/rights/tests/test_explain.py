"""Plain-language points and the proposed remedies, checked word for word in both languages."""

import pytest

from weiquan.rights import assess
from weiquan.rights.explain import departs, explain_all, explain_in, proposal
from weiquan.rights.tests.builders import nr_facts, punitive_facts


def texts(language, answer, facts, **options):
    return [p["text"] for p in explain_in(language, answer, facts, **options)]


def by_topic(points, topic):
    return [p for p in points if p["topic"] == topic]


# -- no-reason return ------------------------------------------------------------------------------------------------

def test_eligible_return_in_both_languages():
    facts = nr_facts()
    answer = assess(facts)
    assert texts("zh-hans", answer, facts) == [
        "可以七日无理由退货：期限从签收次日起算，最后一天是 2026-03-09，您在 2026-03-09 提出，在期限内。",
        "应退款 ¥299.00：商家应在收到退回商品之日起 7 日内退款，超过 15 日仍未退款属于违法行为。",
        "退货运费由您承担，另有约定的除外。",
    ]
    assert texts("en", answer, facts) == [
        "You can return the goods without giving a reason: the 7 days run from the day after you signed for them, "
        "the last day is 2026-03-09, and you asked on 2026-03-09, in time.",
        "Refund due: ¥299.00. The seller must refund within 7 days of receiving the returned goods; not refunding "
        "within 15 days is an offence.",
        "You pay the return shipping unless agreed otherwise.",
    ]


def test_each_point_names_its_rules_with_title_and_article():
    facts = nr_facts()
    window = explain_in("zh-hans", assess(facts), facts)[0]
    assert window["rule_ids"] == ["R-NR-WINDOW", "R-CAL-START", "R-NR-ADDRESS"]
    assert window["rules"][:2] == [
        {"id": "R-NR-WINDOW", "title": "签收次日起七日内", "article": "无理由退货办法第10条", "extra": False},
        {"id": "R-CAL-START", "title": "期间自次日起算", "article": "民法典第201条", "extra": False},
    ]
    english = explain_in("en", assess(facts), facts)[0]["rules"][0]
    assert english == {"id": "R-NR-WINDOW", "title": "Seven days from the day after signing",
                       "article": "Interim Measures on 7-Day No-Reason Returns of Goods Bought Online Art. 10",
                       "extra": False}


def test_day_eight_is_out_of_window_with_no_refund_point():
    facts = nr_facts(notice="2026-03-10")
    points = explain_all(assess(facts), facts)
    assert [p["text"] for p in points["zh-hans"]] == [
        "已超过七日无理由退货期限：最后一天是 2026-03-09，您在 2026-03-10 才提出。"]
    assert [p["text"] for p in points["en"]] == [
        "Too late for a no-reason return: the last day was 2026-03-09 and you asked on 2026-03-10."]
    assert points["en"][0]["tone"] == "no"
    assert not by_topic(points["zh-hans"], "refund")


def test_deductions_and_opened_package_are_explained():
    facts = nr_facts(gifts=[{"name": "杯子", "stated_price": "20.00", "returned": False}],
                     goods={"package_opened": True})
    answer = assess(facts)
    zh = explain_in("zh-hans", answer, facts)
    assert [p["text"] for p in zh][1:3] == [
        "拆封查验或为确认功能而合理调试，不影响退货。",
        "应退款 ¥279.00：商家应在收到退回商品之日起 7 日内退款，超过 15 日仍未退款属于违法行为。 已扣除：未退回的赠品 ¥20.00。",
    ]
    assert "R-NR-GIFTS" in zh[2]["rule_ids"]
    assert texts("en", answer, facts)[2].endswith("Deducted: unreturned gift ¥20.00.")


@pytest.mark.parametrize("exclusion, zh, en", [
    ("customized", "按您的要求定作的商品，依法不适用七日无理由退货。",
     "Goods made to your order cannot be returned without a reason."),
    ("fresh_perishable", "鲜活易腐的商品，依法不适用七日无理由退货。",
     "Fresh and perishable goods cannot be returned without a reason."),
])
def test_statutory_exclusions(exclusion, zh, en):
    facts = nr_facts(statutory_exclusion=exclusion)
    answer = assess(facts)
    assert texts("zh-hans", answer, facts) == [zh]
    assert texts("en", answer, facts) == [en]
    assert explain_in("en", answer, facts)[0]["rule_ids"] == ["R-NR-EXCL-STATUTORY"]


def test_unconfirmed_art7_exclusion_does_not_bar_the_return():
    facts = nr_facts(confirmable_exclusion="value_drops_once_activated")
    points = explain_in("zh-hans", assess(facts), facts)
    assert points[1]["text"] == "这类商品只有在您购买时逐单确认后才不适用无理由退货；您没有确认，商家不能以此拒绝。"
    assert points[1]["rule_ids"] == ["R-NR-EXCL-CONFIRMED", "R-IMP19-NR"]


def test_warnings_become_plain_points():
    facts = nr_facts(receipt="2026-03-07", notice="2026-03-16")
    points = explain_in("en", assess(facts), facts)
    warnings = by_topic(points, "warning")
    assert [w["text"] for w in warnings] == [
        "Late on the strict count, but in time if the period is extended past the public holiday; a person has to "
        "decide."]
    assert warnings[0]["tone"] == "warn" and warnings[0]["rule_ids"] == []


# -- quality and punitive --------------------------------------------------------------------------------------------

def test_quality_within_seven_days():
    facts = {"as_of": "2026-03-05", "purchase": {"price_paid": "299.00", "receipt_date": "2026-03-02"},
             "claim": {"quality_defect_found_date": "2026-03-05"}}
    answer = assess(facts)
    assert texts("zh-hans", answer, facts) == [
        "商品不符合质量要求，且在收货后 7 日内：您可以选择退货、换货或修理，运费等必要费用由商家承担。"]
    assert texts("en", answer, facts) == [
        "The goods fail quality requirements and it is within 7 days of receipt: you may choose a return, an "
        "exchange or a repair, and the seller pays transport and other necessary costs."]


def test_fraud_points_worded_as_a_condition_or_as_established():
    facts = punitive_facts("299.00", fraud=True)
    answer = assess(facts)
    assert texts("zh-hans", answer, facts) == [
        "您可以要求退还货款 ¥299.00，另外要求赔偿 ¥897.00（欺诈：退一赔三，不足五百元按五百元）。"]
    assert texts("zh-hans", answer, facts, punitive_if_established=True) == [
        "如经查实，您可以要求退还货款 ¥299.00，另外要求赔偿 ¥897.00（欺诈：退一赔三，不足五百元按五百元）。"]
    assert texts("en", answer, facts, punitive_if_established=True) == [
        "If this is established, you can claim back the price of ¥299.00 and compensation of ¥897.00 "
        "(Fraud: 3x the price, CNY 500 at least)."]
    assert texts("en", answer, facts) == [
        "You can claim back the price of ¥299.00 and compensation of ¥897.00 (Fraud: 3x the price, CNY 500 at "
        "least)."]
    assert explain_in("en", answer, facts)[0]["rule_ids"] == ["R-PUN-CPL55", "R-IMP49"]


def test_injury_is_routed_to_a_court_with_its_ceiling():
    facts = punitive_facts("100.00", injury="serious", seller_knew=True, loss="3000.00")
    points = explain_in("zh-hans", assess(facts), facts)
    assert points[0]["text"].endswith("具体金额由法院确定（上限 ¥6,000.00）。")
    assert points[0]["rule_ids"] == ["R-PUN-CPL55-INJURY"]


def test_clock_points_show_due_and_rolled_days():
    facts = {"as_of": "2026-09-30", "clocks": [{"name": "nr_refund", "start": "2026-09-24"}]}
    answer = assess(facts)
    assert answer["clocks"][0]["due"] == "2026-10-01"
    assert texts("zh-hans", answer, facts) == ["商家退款期限：截止 2026-10-01（如遇节假日顺延至 2026-10-08）"]
    assert texts("en", answer, facts) == [
        "Seller's refund deadline: due 2026-10-01 (moved to 2026-10-08 if extended past the public holiday)"]


# -- proposal --------------------------------------------------------------------------------------------------------

def test_proposal_for_an_eligible_return_is_the_return_and_the_refund():
    facts = nr_facts()
    rows = proposal(assess(facts), facts)
    assert [(r["kind"], r["amount"]) for r in rows] == [("return", "0.00"), ("refund", "299.00")]
    assert rows[0]["rule_ids"] == ["R-NR-WINDOW"]
    assert "R-NR-REFUND-7D" in rows[1]["rule_ids"] and all(r.startswith("R-NR-") for r in rows[1]["rule_ids"])


def test_no_proposal_out_of_window_or_when_the_consumer_wants_no_money_back():
    late = nr_facts(notice="2026-03-10")
    assert proposal(assess(late), late) == []
    facts = nr_facts()
    assert proposal(assess(facts), facts, wanted=["apology"]) == []


def test_quality_proposal_follows_what_the_consumer_wants():
    facts = {"as_of": "2026-03-05", "purchase": {"price_paid": "299.00", "receipt_date": "2026-03-02"},
             "claim": {"quality_defect_found_date": "2026-03-05"}}
    answer = assess(facts)
    assert proposal(answer, facts, wanted=["refund"]) == [
        {"kind": "return", "amount": "0.00", "rule_ids": ["R-CPL24-QUALITY"]},
        {"kind": "refund", "amount": "299.00", "rule_ids": ["R-CPL24-QUALITY"]},
    ]
    assert proposal(answer, facts, wanted=["repair"]) == [
        {"kind": "repair", "amount": "0.00", "rule_ids": ["R-CPL24-QUALITY"]}]
    late = {**facts, "as_of": "2026-03-20", "claim": {"quality_defect_found_date": "2026-03-20"}}
    assert proposal(assess(late), late, wanted=["refund"]) == [
        {"kind": "exchange", "amount": "0.00", "rule_ids": ["R-CPL24-QUALITY"]}]


def test_punitive_proposal_only_when_established():
    facts = punitive_facts("299.00", fraud=True)
    answer = assess(facts)
    assert proposal(answer, facts) == [
        {"kind": "refund", "amount": "299.00", "rule_ids": ["R-PUN-CPL55"]},
        {"kind": "compensation", "amount": "897.00", "rule_ids": ["R-PUN-CPL55"]},
    ]
    assert proposal(answer, facts, include_punitive=False) == []
    injury = punitive_facts("100.00", injury="serious", seller_knew=True, loss="3000.00")
    assert proposal(assess(injury), injury) == []  # a court sets the amount


def test_departs_compares_kinds_and_amounts_in_any_order():
    proposed = [{"kind": "return", "amount": "0.00"}, {"kind": "refund", "amount": "299.00"}]
    assert not departs([{"kind": "refund", "amount": "299"}, {"kind": "return", "amount": "0"}], proposed)
    assert departs([{"kind": "refund", "amount": "299.00"}], proposed)
    assert departs([{"kind": "return", "amount": "0.00"}, {"kind": "refund", "amount": "250.00"}], proposed)
    assert departs([], proposed)
    assert not departs([], [])
