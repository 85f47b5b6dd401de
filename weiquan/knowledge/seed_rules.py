"""The first published version of the platform's service agreement and trading rules (frozen, like seed_articles:
later versions are announced through `rule_version_announce`, which keeps the seven-day notice)."""

EFFECTIVE = "2026-01-01T00:00:00+08:00"

DOCUMENTS = [
    {
        "slug": "service-agreement", "title_zh": "平台服务协议", "title_en": "Platform service agreement",
        "body_zh": "第一条 本协议是平台与使用平台服务的消费者、平台内经营者之间的约定。\n"
                   "第二条 平台核验平台内经营者的身份、地址、联系方式和行政许可信息，至少每六个月核验更新一次，并在经营者主页公示。\n"
                   "第三条 平台依法保存商品和服务信息、交易信息不少于三年，自交易完成之日起计算。\n"
                   "第四条 平台设立便捷有效的投诉举报机制，公开投诉举报方式，及时受理并处理投诉举报。\n"
                   "第五条 平台收集、使用个人信息遵循合法、正当、必要原则，处理规则另行公示；用户可以查阅、复制、更正、删除个人信息和注销账户。\n"
                   "第六条 平台服务协议和交易规则的修改，至少提前七日在本页面公示并征求意见，历史版本在本页面保留。",
        "body_en": "Art.1 This agreement is between the platform and the consumers and merchants who use its services.\n"
                   "Art.2 The platform verifies merchants' identity, address, contact details and licences, re-verifies "
                   "them at least every six months and publishes them on each merchant's page.\n"
                   "Art.3 The platform keeps goods, service and transaction information for at least three years from "
                   "the completion of each transaction.\n"
                   "Art.4 The platform runs a convenient and effective complaint and report mechanism, publishes how to "
                   "use it, and accepts and handles complaints and reports promptly.\n"
                   "Art.5 The platform processes personal information lawfully, properly and only as necessary under "
                   "its published processing rules; users may see, copy, correct and delete their personal information "
                   "and close their accounts.\n"
                   "Art.6 Changes to this agreement and the trading rules are published on this page for comment at "
                   "least seven days before they take effect; earlier versions stay on this page.",
    },
    {
        "slug": "trading-rules", "title_zh": "交易与争议处理规则", "title_en": "Trading and dispute rules",
        "body_zh": "第一条 平台内经营者应当执行七日无理由退货，不得擅自扩大不适用无理由退货的商品范围；不适用的商品须在购买时经消费者确认。\n"
                   "第二条 消费者可以就交易纠纷向平台投诉。平台在受理后将投诉转交经营者，经营者应当在平台规定的时限内答复。\n"
                   "第三条 经营者逾期未答复或者消费者不接受经营者方案的，由平台调解并依据证据作出处理决定。\n"
                   "第四条 消费者和经营者可以在申诉期内对处理决定申诉一次，由未参与原处理的人员复核。\n"
                   "第五条 经营者拒不履行处理决定的，平台可以从消费者权益保证金中先行赔付，并依规则对经营者采取措施。\n"
                   "第六条 调解不成的，平台可以应消费者请求将案件及证据材料转交市场监督管理部门或者消费者协会。",
        "body_en": "Art.1 Merchants honour the 7-day no-reason return and may not widen the excluded goods on their own; "
                   "an excluded item needs the consumer's confirmation at purchase.\n"
                   "Art.2 Consumers may complain to the platform about a transaction. Once accepted, the complaint goes "
                   "to the merchant, who answers within the time the platform sets.\n"
                   "Art.3 When the merchant does not answer in time or the consumer rejects its offer, the platform "
                   "mediates and decides on the evidence.\n"
                   "Art.4 Consumer and merchant may each appeal a decision once within the appeal window; someone who did "
                   "not handle the case reviews it.\n"
                   "Art.5 When a merchant does not carry out a decision, the platform may compensate the consumer in "
                   "advance from the merchant's deposit and take measures against the merchant under these rules.\n"
                   "Art.6 If mediation fails, the platform may at the consumer's request refer the case and its evidence "
                   "to the market regulator or a consumer association.",
    },
]
