"""The first edition's articles on 质量问题 (frozen: see the package docstring)."""

QUALITY = [
    {
        "slug": "quality-return-exchange-repair", "topic": "quality", "kind": "article",
        "keywords": "质量问题 退货 换货 维修 坏了 故障 七日",
        "rule_ids": ["R-CPL24-QUALITY", "R-NR-QUALITY", "R-PQL40"],
        "title_zh": "商品有质量问题：退货、换货还是修理",
        "title_en": "Faulty goods: return, exchange or repair",
        "summary_zh": "质量不合格的商品，收货七日内可以退货；七日后符合法定解除合同条件的可以退货，否则可以要求更换或修理，运费由经营者承担。",
        "summary_en": "Faulty goods can be returned within 7 days of receipt; after that, a return where the "
                      "contract may be rescinded, otherwise exchange or repair, with the business paying shipping.",
        "body_zh": "商品不符合质量要求的，按国家规定或者您与商家的约定退货、更换或修理；"
                   "没有规定也没有约定的，您可以自收到商品之日起七日内退货。七日后，符合法定解除合同条件的仍可退货，"
                   "不符合的可以要求商家更换或修理。\n\n"
                   "因质量问题退货、更换、修理的，运输等必要费用由经营者承担。质量问题退货与七天无理由退货是两条不同的路："
                   "生鲜、定制等不适用无理由退货的商品，有质量问题时照样可以依法退换。\n\n"
                   "建议您保留商品照片、视频、聊天记录和检测报告，在投诉时一并上传。",
        "body_en": "Goods that fail quality requirements are returned, exchanged or repaired under state rules or "
                   "what you agreed with the seller; where neither exists, you may return them within 7 days of "
                   "receipt. After 7 days you may still return them where the statutory conditions for rescinding "
                   "the contract are met, otherwise ask for an exchange or repair.\n\n"
                   "For quality returns, exchanges and repairs the business pays shipping and other necessary costs. "
                   "This is a different route from the no-reason return: fresh or made-to-order goods that are "
                   "excluded from no-reason returns can still be returned when faulty.\n\n"
                   "Keep photos, videos, chat records and any test report, and upload them with your complaint.",
        "reply_zh": "{consumer}您好，关于投诉 {reference}：商品存在质量问题的，您可以依法要求退货、更换或修理，"
                    "相关运费由经营者承担。我们已要求{merchant}在{deadline}前答复。",
        "reply_en": "Dear {consumer}, about complaint {reference}: for faulty goods you may ask for a return, "
                    "exchange or repair, with shipping paid by the business. We have asked {merchant} to answer by {deadline}.",
    },
    {
        "slug": "three-guarantees", "topic": "quality", "kind": "article",
        "keywords": "三包 保修 修理两次 换货 十五日 家电",
        "rule_ids": ["R-3B-7D", "R-3B-15D", "R-3B-REPAIR", "R-IMP18-WARRANTY"],
        "title_zh": "三包规定：七日退、十五日换、修两次仍不好可换可退",
        "title_en": "The three guarantees: return in 7 days, exchange in 15, two failed repairs",
        "summary_zh": "实行三包的商品，售出七日内出现性能故障可选择退货、换货或修理，十五日内可换货或修理，三包期内修理两次仍不能正常使用可免费换货或退货。",
        "summary_en": "For goods under the three guarantees: a performance failure within 7 days of sale gives the "
                      "choice of return, exchange or repair; within 15 days exchange or repair; two failed repairs "
                      "within the period give a free exchange or return.",
        "body_zh": "家电、手机、电脑等实行“三包”的商品，自售出之日起七日内发生性能故障，您可以选择退货、换货或者修理；"
                   "十五日内发生性能故障，可以选择换货或者修理。\n\n"
                   "在三包有效期内，修理两次仍不能正常使用的，可以免费换货或退货。三包期从交付之日起计算，"
                   "需要安装的从安装完成之日起计算；修理占用的时间不计入三包期，换货后三包期重新计算。\n\n"
                   "商家与您约定的包修、包换、包退期限不得短于国家规定。",
        "body_en": "For goods under the three guarantees (appliances, phones, computers ...), a performance failure "
                   "within 7 days of sale lets you choose a return, exchange or repair; within 15 days, an exchange "
                   "or repair.\n\n"
                   "If the goods still do not work after two repairs within the guarantee period, you get a free "
                   "exchange or return. The period runs from delivery, or from installation where the business "
                   "installs; repair time does not count, and an exchange restarts the period.\n\n"
                   "A period the seller agrees with you may not be shorter than the state-set one.",
    },
    {
        "slug": "burden-of-proof-durable-goods", "topic": "quality", "kind": "article",
        "keywords": "举证责任 耐用商品 六个月 瑕疵 电视 冰箱 汽车",
        "rule_ids": ["R-CPL23-BURDEN", "R-CAL-MONTH"],
        "title_zh": "耐用商品六个月内出问题，由商家举证",
        "title_en": "Durable goods: within 6 months the business must prove there was no defect",
        "summary_zh": "汽车、电脑、电视、冰箱、空调、洗衣机等耐用商品和装修服务，自接受之日起六个月内发现瑕疵发生争议的，由经营者承担举证责任。",
        "summary_en": "For cars, computers, TVs, fridges, air conditioners, washing machines and decoration services, "
                      "a defect found within 6 months of receipt puts the burden of proof on the business.",
        "body_zh": "一般情况下，谁主张谁举证。但对机动车、计算机、电视机、电冰箱、空调器、洗衣机等耐用商品以及装饰装修服务，"
                   "您自接受商品或服务之日起六个月内发现瑕疵并发生争议的，由经营者证明商品没有瑕疵。\n\n"
                   "六个月按月计算：例如 8 月 31 日收货，六个月的最后一天是次年 2 月 28 日（闰年为 29 日）。\n\n"
                   "投诉时写明收货日期和发现问题的日期，我们会在案件上标注举证责任在商家一方。",
        "body_en": "Normally whoever makes a claim proves it. But for motor vehicles, computers, TVs, fridges, air "
                   "conditioners, washing machines and other durable goods, and for decoration services, a defect "
                   "you find within 6 months of receiving them shifts the burden: the business must prove there is "
                   "no defect.\n\n"
                   "Six months count by the calendar: received on 31 August, the last day is 28 February of the "
                   "next year (29 in a leap year).\n\n"
                   "State the delivery date and the date you found the problem in your complaint; the case will show "
                   "that the burden of proof lies with the business.",
    },
    {
        "slug": "sign-for-goods-clause-void", "topic": "quality", "kind": "article",
        "keywords": "签收即视为 格式条款 霸王条款 最终解释权 无效",
        "rule_ids": ["R-CPL26", "R-NTM21"],
        "title_zh": "“签收即视为质量合格”“最终解释权归商家”无效",
        "title_en": "“Signing means the goods are fine” and “final interpretation rights” are void",
        "summary_zh": "排除或限制消费者权利、减轻经营者责任的格式条款无效，包括限制退货、退款、赔偿和投诉权利的条款。",
        "summary_en": "Standard terms that exclude or limit consumer rights or reduce the business's liability are "
                      "void, including terms limiting returns, refunds, compensation or the right to complain.",
        "body_zh": "经营者不得以格式条款、通知、声明、店堂告示等方式，作出排除或者限制消费者权利、减轻或者免除经营者责任的规定。"
                   "这类内容无效。\n\n"
                   "常见的无效条款包括：“签收即视为商品质量合格”“一经售出概不退换”“本店保留最终解释权”，"
                   "以及限制您投诉、举报、申请调解、仲裁或起诉权利的条款。\n\n"
                   "商家用这类条款拒绝您的正当要求时，请截图保存并在投诉中说明。",
        "body_en": "A business may not use standard terms, notices, statements or shop signs to exclude or limit "
                   "consumer rights or to reduce or exclude its own liability. Such terms are void.\n\n"
                   "Common void terms: “signing for the goods means they passed quality checks”, “no returns or "
                   "exchanges once sold”, “the shop reserves the final right of interpretation”, and terms that "
                   "restrict your right to complain, report, seek mediation, arbitrate or sue.\n\n"
                   "If a seller relies on such a term to refuse a fair request, keep a screenshot and mention it in "
                   "your complaint.",
    },
    # ---- 食品安全 ------------------------------------------------------------------------------------------------
]
