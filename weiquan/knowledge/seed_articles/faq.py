"""The first edition's articles on 常见问题（FAQ） (frozen: see the package docstring)."""

FAQ = [
    {
        "slug": "faq-seven-days-holiday", "topic": "no_reason", "kind": "faq",
        "keywords": "七天无理由 节假日 顺延 最后一天",
        "rule_ids": ["R-NR-WINDOW", "R-CAL-ROLL"],
        "title_zh": "七天的最后一天赶上节假日，能顺延吗？",
        "title_en": "If the 7th day falls on a public holiday, is it extended?",
        "summary_zh": "民法典规定期间最后一天是法定休假日的，以休假日结束的次日为最后一天；是否适用于七天无理由退货尚无定论，建议在节前提出。",
        "summary_en": "The Civil Code moves a period ending on a statutory rest day to the next day; whether that "
                      "applies to the 7-day return is not settled, so ask before the holiday.",
        "body_zh": "民法典规定，期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日。"
                   "这一规则是否适用于七日无理由退货期限，目前没有定论。\n\n"
                   "稳妥的做法是在节假日前提出退货申请。平台的计算会同时显示不顺延和顺延两种结果。",
        "body_en": "The Civil Code says that when a period's last day is a statutory rest day, the period ends on "
                   "the day after the rest period. Whether that applies to the 7-day no-reason return is not "
                   "settled.\n\n"
                   "The safe course is to ask for the return before the holiday. The platform's calculation shows "
                   "both the strict and the extended date.",
    },
    {
        "slug": "faq-fresh-food-quality", "topic": "food_safety", "kind": "faq",
        "keywords": "生鲜 水果 坏了 变质 退款",
        "rule_ids": ["R-NR-EXCL-STATUTORY", "R-CPL24-QUALITY"],
        "title_zh": "生鲜不能无理由退货，收到就坏了怎么办？",
        "title_en": "Fresh food cannot be returned without reason; what if it arrived spoiled?",
        "summary_zh": "生鲜只是不适用无理由退货；收到时已变质属于质量问题，可以要求退款、补发或赔偿。",
        "summary_en": "Fresh food is only excluded from no-reason returns; food spoiled on arrival is a quality "
                      "problem, so you can ask for a refund, a replacement or compensation.",
        "body_zh": "鲜活易腐商品不适用七天无理由退货，但这不影响质量问题的退换。收到时已经腐烂、变质、数量不足的，"
                   "属于商品不符合质量要求，您可以要求退款、补发或赔偿。\n\n"
                   "请在签收当时拍照或录像，注明收货时间，并尽快联系商家。",
        "body_en": "Fresh and perishable goods are excluded from the 7-day no-reason return, but that does not touch "
                   "quality claims. Food that arrived rotten, spoiled or short is not of the required quality: you "
                   "can ask for a refund, a replacement or compensation.\n\n"
                   "Take photos or a video on delivery, note the time, and contact the seller quickly.",
    },
    {
        "slug": "faq-merchant-no-reply", "topic": "process", "kind": "faq",
        "keywords": "商家不理 不回复 超时 逾期",
        "rule_ids": ["R-ECL61", "R-ECL59"],
        "title_zh": "商家一直不回复怎么办？",
        "title_en": "What if the merchant never answers?",
        "summary_zh": "商家超过答复时限的，案件自动进入平台调解，由平台依据证据作出处理决定。",
        "summary_en": "When the merchant misses its deadline the case goes to platform mediation, and the platform "
                      "decides on the evidence.",
        "body_zh": "每个案件都有商家答复时限。商家逾期未答复的，案件会进入平台调解，调解员可以依据现有证据作出处理决定，"
                   "逾期记录也会计入商家的服务考核。\n\n"
                   "您无需反复催促，案件页面会显示当前的处理方和时限。",
        "body_en": "Every case gives the merchant a deadline to answer. If it passes without an answer the case goes "
                   "to platform mediation, where the mediator can decide on the evidence available; the missed "
                   "deadline also counts in the merchant's service record.\n\n"
                   "You need not chase: the case page shows who acts next and by when.",
    },
    {
        "slug": "faq-appeal-decision", "topic": "process", "kind": "faq",
        "keywords": "申诉 不服 处理决定 复核",
        "rule_ids": ["R-CPL39-PATHS"],
        "title_zh": "对平台的处理决定不服，可以申诉吗？",
        "title_en": "Can I appeal the platform's decision?",
        "summary_zh": "可以。在申诉期内提出一次申诉，由未参与原处理的主管复核；您仍可向市场监管部门投诉或向法院起诉。",
        "summary_en": "Yes: once, within the appeal window, reviewed by a supervisor who did not handle the case; you "
                      "may still complain to the regulator or sue.",
        "body_zh": "消费者和商家都可以在申诉期内对处理决定申诉一次，由没有参与原处理的主管复核。\n\n"
                   "平台处理不影响您的其他权利：您仍然可以向市场监管部门投诉、请求消费者协会调解、申请仲裁或向人民法院起诉。",
        "body_en": "Both consumer and merchant may appeal a decision once within the appeal window; a supervisor "
                   "who did not handle the case reviews it.\n\n"
                   "The platform's handling takes away none of your other rights: you can still complain to the "
                   "market regulator, ask a consumer association to mediate, arbitrate or sue.",
    },
    {
        "slug": "faq-report-vs-complaint", "topic": "process", "kind": "faq",
        "keywords": "举报 投诉 区别 12315 咨询",
        "rule_ids": ["R-SAMR-REPORT", "R-SAMR-EXCLUDED"],
        "title_zh": "投诉、举报和咨询有什么区别？",
        "title_en": "Complaint, report or enquiry: what is the difference?",
        "summary_zh": "投诉是为解决自己的消费纠纷；举报是向监管部门反映违法线索，任何人都可以举报；咨询只是询问，不按投诉处理。",
        "summary_en": "A complaint resolves your own consumer dispute; a report tells the regulator about a suspected "
                      "violation and anyone can make one; an enquiry is a question, not handled as a complaint.",
        "body_zh": "投诉是消费者为解决自己与经营者之间的消费纠纷，请求处理；举报是任何人向市场监管部门反映经营者涉嫌违法的线索，"
                   "实名举报人会在立案决定作出后五个工作日内得到告知，身份依法保密。\n\n"
                   "咨询不按投诉、举报处理。12315 转来的举报和咨询，平台会分别登记，不会当作投诉处理。",
        "body_en": "A complaint asks for your own dispute with a business to be resolved. A report is anyone's tip "
                   "to the market regulator about a suspected violation; a reporter who gives their name is told "
                   "within 5 working days whether a case was opened, and their identity stays confidential.\n\n"
                   "Enquiries are handled as neither. Reports and enquiries transferred from 12315 are recorded as "
                   "such on the platform, not as complaints.",
    },
]
