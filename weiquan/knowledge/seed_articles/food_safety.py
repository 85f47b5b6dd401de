"""The first edition's articles on 食品安全 (frozen: see the package docstring)."""

FOOD_SAFETY = [
    {
        "slug": "food-safety-tenfold", "topic": "food_safety", "kind": "article",
        "keywords": "食品安全 十倍赔偿 假一赔十 过期食品 一千元",
        "rule_ids": ["R-PUN-FSL148", "R-PUN-FSL148-FIRST"],
        "title_zh": "买到不符合食品安全标准的食品：价款十倍或损失三倍",
        "title_en": "Food that fails safety standards: 10 times the price or 3 times the loss",
        "summary_zh": "生产不符合食品安全标准的食品，或明知不符合仍然销售的，您除要求赔偿损失外，还可以要求价款十倍或损失三倍的赔偿，不足一千元的按一千元。",
        "summary_en": "If food was produced below safety standards, or sold knowing it was, you may claim, beyond your "
                      "losses, 10 times the price or 3 times the loss, and at least CNY 1,000.",
        "body_zh": "生产不符合食品安全标准的食品，或者经营明知是不符合食品安全标准的食品，消费者除要求赔偿损失外，"
                   "还可以向生产者或者经营者要求支付价款十倍或者损失三倍的赔偿金；增加赔偿的金额不足一千元的，为一千元。\n\n"
                   "实行首负责任制：接到您赔偿要求的生产者或经营者应当先行赔付，不得推诿，之后再向责任方追偿。\n\n"
                   "请保存好商品实物、包装、购买凭证，必要时申请检测。过期食品、无生产日期的食品等是常见情形。",
        "body_en": "Where food was produced below food-safety standards, or sold knowing it was below them, the "
                   "consumer may claim, on top of compensation for losses, 10 times the price or 3 times the loss "
                   "from the producer or the seller; if that is less than CNY 1,000, it is CNY 1,000.\n\n"
                   "First responder pays: whichever of producer or seller receives your claim pays first and may "
                   "not pass you on; it recovers from whoever is responsible afterwards.\n\n"
                   "Keep the product, its packaging and proof of purchase, and ask for testing where needed. "
                   "Expired food and food without a production date are common cases.",
        "reply_zh": "{consumer}您好，关于投诉 {reference}：不符合食品安全标准的食品，依法可主张价款十倍或损失三倍的赔偿，"
                    "最低一千元。请保留商品及包装，我们已要求{merchant}在{deadline}前答复。",
        "reply_en": "Dear {consumer}, about complaint {reference}: for food below safety standards the law allows 10 "
                    "times the price or 3 times the loss, at least CNY 1,000. Please keep the product and packaging; "
                    "we have asked {merchant} to answer by {deadline}.",
    },
    {
        "slug": "food-label-flaws", "topic": "food_safety", "kind": "article",
        "keywords": "标签瑕疵 食品标签 字体 错别字 净含量 十倍",
        "rule_ids": ["R-PUN-FSL148-LABEL"],
        "title_zh": "食品标签有瑕疵一定能拿十倍赔偿吗",
        "title_en": "Does every label flaw on food give a tenfold claim?",
        "summary_zh": "不影响食品安全且不会对消费者造成误导的标签、说明书瑕疵，不适用十倍赔偿。",
        "summary_en": "Label or manual flaws that neither affect food safety nor mislead do not give punitive damages.",
        "body_zh": "食品安全法规定，标签、说明书存在不影响食品安全且不会对消费者造成误导的瑕疵的，不适用惩罚性赔偿。\n\n"
                   "司法解释列举的情形包括：文字、符号、字体、字高不规范；不会误导的错别字、多字、漏字；"
                   "净含量、营养成分表的标示格式不规范；无需特殊贮存条件的食品未标贮存条件等。\n\n"
                   "但故意错标强制标示内容、虚标保质期等情形不属于“瑕疵”。拿不准时，可以在投诉中如实描述，由平台调解员判断。",
        "body_en": "The Food Safety Law excludes punitive damages for label or manual flaws that neither affect food "
                   "safety nor mislead consumers.\n\n"
                   "The Supreme People's Court lists examples: non-standard characters, symbols, fonts or character "
                   "heights; typos that do not mislead; non-standard formatting of net content or the nutrition "
                   "table; no storage conditions on food that needs none.\n\n"
                   "Deliberately wrong mandatory information or a false shelf life is not a mere flaw. If unsure, "
                   "describe what you found in your complaint and the mediator will assess it.",
    },
    {
        "slug": "knowing-buyer-food", "topic": "food_safety", "kind": "article",
        "keywords": "知假买假 职业打假 合理生活消费 数量",
        "rule_ids": ["R-PUN-KNOWING", "R-PUN-ELECT", "R-PUN-DRUG"],
        "title_zh": "明知有问题还购买，能否主张惩罚性赔偿",
        "title_en": "Buying food you know is non-compliant: what can you claim?",
        "summary_zh": "购买者明知食品不符合安全标准仍购买的，在合理生活消费需要范围内仍可主张十倍赔偿；超出部分不予支持。",
        "summary_en": "A buyer who knew the food was non-compliant can still claim tenfold damages within reasonable "
                      "household quantities; beyond that, not.",
        "body_zh": "根据最高人民法院 2024 年的司法解释，惩罚性赔偿以实际支付的价款为基数。购买者明知食品不符合安全标准仍然购买，"
                   "在合理生活消费需要范围内主张十倍赔偿的，法院予以支持；是否合理，结合保质期、通常消费习惯等判断，"
                   "短时间内多次购买的合并计算。\n\n"
                   "对假药、劣药，药品管理法同样规定价款十倍或损失三倍、最低一千元的赔偿。"
                   "食品药品的惩罚性赔偿与消费者权益保护法的“退一赔三”只能择一主张。",
        "body_en": "Under the Supreme People's Court's 2024 interpretation, punitive damages are based on the price "
                   "actually paid. A buyer who knew the food was non-compliant and still bought it gets tenfold "
                   "damages within reasonable household consumption, judged by shelf life and normal habits; "
                   "repeated purchases in a short time are added together.\n\n"
                   "For fake or substandard drugs the Drug Administration Law likewise gives 10 times the price or 3 "
                   "times the loss, at least CNY 1,000. These punitive claims and the Consumer Protection Law's "
                   "threefold claim are alternatives: choose one.",
    },
    # ---- 虚假宣传与欺诈 ------------------------------------------------------------------------------------------
]
