"""The first edition's articles on 价格 (frozen: see the package docstring)."""

PRICE = [
    {
        "slug": "price-fake-original-price", "topic": "price", "kind": "article",
        "keywords": "价格 虚构原价 先涨后降 价格欺诈 划线价",
        "rule_ids": ["R-PUN-CPL55", "R-CPL28"],
        "title_zh": "虚构原价、先涨后降：价格问题怎么维权",
        "title_en": "Invented original prices and raise-then-cut discounts",
        "summary_zh": "虚构原价、虚假折扣诱导购买，可能构成欺诈；您可以要求退款，查实欺诈的还可主张三倍赔偿。",
        "summary_en": "Invented original prices and fake discounts used to lure buyers may be fraud: you can ask for "
                      "a refund, and for three times the price if fraud is established.",
        "body_zh": "经营者应当明码标价，如实说明价格。常见的价格问题包括：标注从未实际成交过的“原价”或划线价、"
                   "活动前先提价再打折、结算价格高于标示价格、附加未说明的费用。\n\n"
                   "遇到这些情况，请保留活动页面和历史价格截图、订单结算页面。结算价高于标价的，可以要求退还差价；"
                   "以虚假价格诱导交易的，可能构成欺诈，可主张退一赔三。",
        "body_en": "Businesses must mark prices clearly and state them truthfully. Common problems: an “original” or "
                   "struck-through price at which nothing was ever sold; raising the price before a sale to discount "
                   "it; charging more at checkout than the marked price; fees that were not disclosed.\n\n"
                   "Keep screenshots of the promotion, earlier prices and the checkout page. If you were charged "
                   "more than the marked price you can ask for the difference back; false prices used to lure a "
                   "purchase may be fraud, with a refund plus three times the price.",
    },
    {
        "slug": "price-refund-amount-paid", "topic": "price", "kind": "article",
        "keywords": "满减 优惠 部分退货 多退少补 实际支付",
        "rule_ids": ["R-NR-PROMO", "R-NR-REFUND-METHOD"],
        "title_zh": "满减、组合优惠的订单部分退货，退多少钱",
        "title_en": "Partial returns from bundle or spend-threshold offers: how much comes back",
        "summary_zh": "退款以实际支付金额为准；部分退货导致不再满足优惠条件的，按购买时的价格多退少补。",
        "summary_en": "The refund is what you actually paid; if a partial return breaks the offer, prices at purchase "
                      "are settled either way.",
        "body_zh": "无理由退货时，商家应当退还您实际支付的价款。参加满减、套装等促销活动的订单部分退货，"
                   "导致不再符合优惠条件的，按照购买时的实际成交价格结算，多退少补。\n\n"
                   "商家应当在活动页面事先说明规则。规则不清楚、结算方式明显不合理的，您可以投诉，平台会核对订单明细。",
        "body_en": "In a no-reason return the seller refunds what you actually paid. If part of an order bought "
                   "under a spend-threshold or bundle offer is returned and the rest no longer qualifies, the "
                   "order is settled at the prices at the time of purchase, with a top-up or refund either way.\n\n"
                   "The seller must state the offer's rules in advance. If they were unclear or the settlement looks "
                   "unreasonable, complain and the platform will check the order lines.",
    },
    # ---- 个人信息 ------------------------------------------------------------------------------------------------
]
