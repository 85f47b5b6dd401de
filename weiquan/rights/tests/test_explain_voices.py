"""The merchant is told the same law as the consumer: for every worked example, every voice gives the same points
(codes, topics, rule IDs) in the same order; only the wording and its tone differ."""

import pytest
from django.utils import translation

from weiquan.rights import assess, explain_consumer, explain_merchant
from weiquan.rights.explain import explain
from weiquan.rights.tests.examples import load_scenarios

EXTRA_FACTS = [  # what the worked examples leave out: an unknown price, deductions, fabrication, several bases
    {"as_of": "2026-03-09", "purchase": {"receipt_date": "2026-03-02", "price_paid": "0.00"},
     "claim": {"no_reason_return_notice_date": "2026-03-05"}},
    {"as_of": "2026-03-09", "purchase": {"receipt_date": "2026-03-02", "price_paid": "120.00",
                                          "lines": [{"sku": "A", "paid": "80.00", "returned": True},
                                                    {"sku": "B", "paid": "40.00", "returned": False}],
                                          "free_shipping_threshold": "99.00", "standard_shipping_fee": "10.00",
                                          "gifts": [{"name": "mug", "stated_price": "20.00", "returned": False}]},
     "claim": {"no_reason_return_notice_date": "2026-03-05"}},
    {"as_of": "2026-03-09", "purchase": {"price_paid": "100.00"},
     "claim": {"defect": {"fraud": True, "consumer_fabrication": True}}},
    {"as_of": "2026-03-09", "purchase": {"price_paid": "100.00", "category": "food"},
     "claim": {"defect": {"fraud": True, "food_safety_violation": True, "seller_knew": True,
                          "seller_identifiable_by_platform": False}}},
]
CASES = [(s["id"], s["facts"]) for s in load_scenarios()] + [(f"extra-{i}", f) for i, f in enumerate(EXTRA_FACTS)]


def test_both_voices_word_the_same_points():
    assert set(explain_consumer.TEXTS) == set(explain_merchant.TEXTS)
    for code in explain_consumer.TEXTS:
        consumer, merchant = str(explain_consumer.TEXTS[code][1]), str(explain_merchant.TEXTS[code][1])
        assert consumer.count("%(") == merchant.count("%("), code  # the same values fill both


def _shape(points):
    return [(p["topic"], p.get("code"), p["rule_ids"]) for p in points]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("case_id, facts", CASES, ids=[c[0] for c in CASES])
def test_the_merchant_reads_the_consumers_points_in_its_own_voice(case_id, facts, language):
    answer = assess(facts)
    with translation.override(language):
        for established in (False, True):
            consumer = explain(answer, facts, punitive_if_established=established)
            merchant = explain(answer, facts, punitive_if_established=established, audience="merchant")
            assert _shape(merchant) == _shape(consumer)
            for ours, theirs in zip(consumer, merchant, strict=True):
                if ours["topic"] not in ("clock", "warning"):
                    assert ours["text"] != theirs["text"] or ours.get("code") == "pun_elect", ours["text"]
                for value in ("¥", "2026-"):  # amounts and dates are the same in both
                    assert ours["text"].count(value) == theirs["text"].count(value), (ours["text"], theirs["text"])


def test_a_fabricated_claim_is_not_told_to_the_merchant_as_more_than_the_law_says():
    facts = EXTRA_FACTS[2]
    (point,) = [p for p in explain(assess(facts), facts, audience="merchant") if p["topic"] == "punitive"]
    assert point["text"] == "消费者捏造事实或调换商品的，不能获得惩罚性赔偿。"
