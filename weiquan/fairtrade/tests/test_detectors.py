"""The detectors on hand-made rows: each rule fires on what it names and not on the honest look-alike."""

from decimal import Decimal

from weiquan.fairtrade.detectors import core
from weiquan.fairtrade.detectors.core import DAY, HOUR, OrderRow, ReviewRow

T = 1_760_000_000.0 - (1_760_000_000.0 % HOUR)  # on the hour


def line(no, buyer, at, price, *, merchant=1, sku="S", segment="", addon=False, category="c", line_no=1):
    return OrderRow(no, line_no, merchant, buyer, sku, category, at, True, None, T - 400 * DAY, f"d-{buyer}",
                    f"a-{buyer}", Decimal(price), None, segment, addon, 1)


def test_near_duplicates_work_on_chinese_without_segmentation():
    texts = {"a": "宝贝质量非常好，物流超级快，强烈推荐！", "b": "宝贝质量非常好，物流超级快，强烈推荐！！",
             "c": "尺码偏小，颜色和图片一样", "d": "好评", "e": "好评"}
    assert core.near_duplicates(texts) == {"a", "b"}  # two-character texts say nothing
    assert core.jaccard(core.shingles("物流很快"), core.shingles("物流 很快!")) == 1.0


def test_a_price_changed_once_in_the_hour_is_not_personal():
    step = [line(f"O{i}", f"b{i}", T + i * 600, "100.00" if i < 2 else "110.00") for i in range(4)]
    assert core.detect_personalised_prices(step, {}) == []
    back_and_forth = [line(f"P{i}", f"b{i}", T + i * 300, "120.00" if i % 2 else "100.00") for i in range(6)]
    (finding,) = core.detect_personalised_prices(back_and_forth, {})
    assert finding.figures["buyers_affected"] == 3 and finding.figures["overcharge_total"] == "60.00"
    assert sorted(finding.rows) == ["P1#1", "P3#1", "P5#1"]
    assert finding.figures["max_spread"] == 0.2
    # A promotion published in that hour explains the difference.
    assert core.detect_personalised_prices(back_and_forth, {(1, "S"): {int(T // HOUR)}}) == []


def test_tie_ins_are_measured_against_the_other_merchants_of_the_category():
    rows = []
    for merchant, tied in ((1, 8), (2, 1), (3, 1), (4, 0)):
        for i in range(20):
            no = f"M{merchant}-{i}"
            rows.append(line(no, f"b{i}", T, "10.00", merchant=merchant))
            if i < tied:
                rows.append(line(no, f"b{i}", T, "3.00", merchant=merchant, sku="INS", addon=True, line_no=2))
    (finding,) = core.detect_tie_ins(rows)
    assert finding.merchant == 1 and len(finding.rows) == 8
    assert (finding.figures["rate"], finding.figures["category_rate"]) == (0.4, 0.05)


def test_deletions_lawful_and_unlawful():
    reviews = [ReviewRow("r1", 1, 1, "b", 1, T, "差", "deleted", "merchant", ""),
               ReviewRow("r2", 1, 1, "b", 2, T, "x", "deleted", "consumer", ""),
               ReviewRow("r3", 1, 1, "b", 1, T, "x", "deleted", "platform_moderation", "illegal_content"),
               ReviewRow("r4", 1, 1, "b", 1, T, "x", "deleted", "platform_moderation", "merchant_asked"),
               ReviewRow("r5", 1, 1, "b", 5, T, "x", "deleted", "platform_other", "")]
    (finding,) = core.detect_deletions(reviews)
    assert finding.signals == {"deleted_by_merchant": ["r1"], "moderation_without_lawful_reason": ["r4"],
                               "deleted_by_platform_other": ["r5"]}
    assert finding.figures == {"deleted": 3, "low_ratings": 2}


def test_rating_jump_needs_the_complaint_rate_not_to_fall():
    now = T + 200 * DAY
    prior = [ReviewRow(f"p{i}", 1, 1, f"b{i}", 3, now - 60 * DAY, "一般") for i in range(25)]
    recent = [ReviewRow(f"r{i}", 1, 1, f"c{i}", 5, now - 5 * DAY, "好") for i in range(25)]
    (finding,) = core.detect_rating_jumps(prior + recent, now, {1: (0.01, 0.02)})
    assert finding.figures["rating_prior"] == 3.0 and finding.figures["rating_recent"] == 5.0
    assert len(finding.rows) == 25
    assert core.detect_rating_jumps(prior + recent, now, {1: (0.02, 0.01)}) == []


def test_a_sale_day_burst_of_honest_reviews_is_not_flagged():
    orders, reviews = [], []
    for i in range(30):
        at = T + i * 600
        orders.append(line(f"O{i}", f"b{i}", at - 5 * DAY, "10.00"))
        reviews.append(ReviewRow(f"R{i}", 1, 1, f"b{i}", 5, at, f"第{i}次评价，尺码合适，颜色{i}号好看"))
    for i in range(10):
        reviews.append(ReviewRow(f"Q{i}", 1, 1, f"q{i}", 4, T - (i + 10) * 10 * DAY, "还行，物流一般"))
    assert core.detect_fake_reviews(reviews, {1: "S"}, core.OrderIndex(orders)) == []
