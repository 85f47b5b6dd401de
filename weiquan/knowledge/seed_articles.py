"""The first edition of the knowledge base, written from the project's rules research (RULES.md). The data migration
0002 loads exactly this text; later editions change articles through `article_save` (a new version each time), so
this module is frozen: add new articles in a new module and migration rather than editing these."""

AUTHOR = "维权平台消费者教育组"
REVIEWER = "维权平台合规组"
REVIEWED_ON = "2026-11-20"
REVIEW_DUE = "2027-05-20"

ARTICLES = [
    # ---- 七天无理由退货 -------------------------------------------------------------------------------------------
    {
        "slug": "seven-day-return-basics", "topic": "no_reason", "kind": "article",
        "keywords": "七天无理由 七日无理由 退货 无理由退货 7天",
        "rule_ids": ["R-NR-SCOPE", "R-NR-WINDOW", "R-CAL-START", "R-NR-REFUND-7D"],
        "title_zh": "七天无理由退货：哪些情况可以退，怎么算七天",
        "title_en": "The 7-day no-reason return: when it applies and how the 7 days are counted",
        "summary_zh": "网上买的商品，一般在签收次日起七日内可以不说理由退货，商家收到退货后七日内退款。",
        "summary_en": "Goods bought online can usually be returned without giving a reason within 7 days counted "
                      "from the day after you signed for them; the seller refunds within 7 days of getting them back.",
        "body_zh": "通过网络、电视、电话、邮购购买的商品，只要是为生活消费购买，原则上都可以在七日内无理由退货。"
                   "这是法律给消费者的“后悔权”，不需要说明任何理由，也不需要商品有质量问题。\n\n"
                   "七天从签收商品的次日开始计算。例如 3 月 1 日签收，3 月 2 日是第一天，3 月 8 日是最后一天。"
                   "请在最后一天结束前向商家提出退货申请，保留好申请记录。\n\n"
                   "商家收到退回的商品后，应当在七日内退还您支付的货款。为企业经营采购的商品不适用这一规则。",
        "body_en": "Goods bought online, by TV, by phone or by mail order for personal or household use can, as a "
                   "rule, be returned within 7 days without any reason. It is a statutory right to change your "
                   "mind: the goods need not be faulty.\n\n"
                   "The 7 days start on the day after you sign for the goods. If you signed on 1 March, 2 March is "
                   "day one and 8 March is the last day. Send your return request before the end of the last day "
                   "and keep a record of it.\n\n"
                   "Once the seller has the goods back it must refund what you paid within 7 days. Purchases made "
                   "for a business are not covered.",
        "reply_zh": "{consumer}您好，关于投诉 {reference}：网购商品一般可在签收次日起七日内无理由退货，"
                    "商家收到退货后应在七日内退款。我们已请{merchant}按规定处理，处理时限为{deadline}。",
        "reply_en": "Dear {consumer}, about complaint {reference}: goods bought online can usually be returned "
                    "without a reason within 7 days of the day after delivery, and the seller refunds within 7 days "
                    "of receiving them. We have asked {merchant} to deal with it by {deadline}.",
    },
    {
        "slug": "seven-day-return-exclusions", "topic": "no_reason", "kind": "article",
        "keywords": "七天无理由 不适用 定制 生鲜 数字商品 报纸 确认",
        "rule_ids": ["R-NR-EXCL-STATUTORY", "R-NR-EXCL-CONFIRMED", "R-IMP19-NR", "R-NR-PROMISE"],
        "title_zh": "哪些商品不能七天无理由退货",
        "title_en": "Which goods cannot be returned without a reason",
        "summary_zh": "定制商品、鲜活易腐商品、已拆封或在线下载的数字商品、已交付的报刊依法不适用；其他商品要不适用，必须在购买时经您确认。",
        "summary_en": "Made-to-order goods, fresh and perishable goods, unsealed or downloaded digital goods and "
                      "delivered newspapers are excluded by law; any other exclusion needs your confirmation at purchase.",
        "body_zh": "法律直接排除的只有四类：按您要求定作的商品；鲜活易腐的商品；在线下载或者您已拆封的音像制品、"
                   "计算机软件等数字化商品；已交付的报纸、期刊。未拆封的实体光盘不在排除之列。\n\n"
                   "另外三类商品（拆封后易影响人身安全或健康、或质量易改变的；激活或试用后价值贬损较大的；"
                   "销售时已明示的临近保质期或有瑕疵的）只有在您购买时通过醒目的确认步骤同意“不适用无理由退货”后才能拒绝退货。"
                   "这一选项不得默认勾选，商家也不得自行扩大不适用的范围。\n\n"
                   "商家如果承诺了比法律更好的条件（例如承诺生鲜也可无理由退货），应当按承诺执行。",
        "body_en": "The law itself excludes only four kinds of goods: goods made to your order; fresh and perishable "
                   "goods; audio-visual products, software and other digital goods that were downloaded or that you "
                   "unsealed; and delivered newspapers and periodicals. A sealed physical disc that was not opened is "
                   "not excluded.\n\n"
                   "Three further kinds (goods that affect safety or health or change in quality once unsealed; "
                   "goods that lose much value once activated or tried; goods sold near expiry or with stated "
                   "defects) are excluded only if you confirmed it at purchase through a prominent step. That box may "
                   "not be ticked by default, and sellers may not widen the exclusions on their own.\n\n"
                   "If the seller promised more than the law (say, no-reason returns for fresh food), the promise binds it.",
    },
    {
        "slug": "seven-day-return-opened-goods", "topic": "no_reason", "kind": "article",
        "keywords": "拆封 拆包装 试用 完好 吊牌 七天无理由",
        "rule_ids": ["R-NR-COMPLETE", "R-IMP19-NR"],
        "title_zh": "拆了包装还能无理由退货吗",
        "title_en": "Can I still return goods after opening the package?",
        "summary_zh": "为检查商品拆开包装、合理调试，不影响“商品完好”，商家不能以“已拆封”为由拒绝。",
        "summary_en": "Opening the package to inspect the goods, or reasonable testing, does not make them "
                      "incomplete; “it was opened” is not a reason to refuse.",
        "body_zh": "退货商品应当“完好”，即保持原有品质、功能，商品本身、配件、商标标识齐全。"
                   "为检查或者确认商品的品质、功能而拆封、查验和合理调试，不影响商品完好。\n\n"
                   "超出查验范围的使用可能导致不完好，例如：食品、化妆品、医疗器械等必要的一次性密封被破坏；"
                   "电子产品被私自维修改装、串号或标识被涂改、留下激活授权或不合理的个人使用数据；"
                   "服装鞋帽、箱包、玩具、家纺等被剪掉吊牌、污损。\n\n"
                   "如果商家仅以“已拆封”拒绝退货，您可以在平台投诉，我们会依规则调处。",
        "body_en": "Returned goods must be complete: original quality and function kept, with the item, accessories "
                   "and brand labels all there. Opening, inspecting and reasonable testing to check quality or "
                   "function do not affect this.\n\n"
                   "Use beyond inspection can: a broken one-time seal on food, cosmetics or medical devices; "
                   "electronics repaired or modified without authorisation, with serial numbers or labels altered, "
                   "or left with activation data or unreasonable personal data; clothing, shoes, bags, toys or home "
                   "textiles with the tag cut off, soiled or damaged.\n\n"
                   "If a seller refuses only because the package was opened, complain on the platform and we will mediate.",
        "reply_zh": "{consumer}您好，关于投诉 {reference}：为检查商品而拆封、合理调试不影响商品完好，"
                    "商家不能仅以已拆封为由拒绝无理由退货。我们已将此意见转告{merchant}。",
        "reply_en": "Dear {consumer}, about complaint {reference}: opening goods to inspect them, or reasonable "
                    "testing, does not make them incomplete, so a seller cannot refuse a no-reason return only "
                    "because the package was opened. We have told {merchant} so.",
    },
    {
        "slug": "return-shipping-and-gifts", "topic": "no_reason", "kind": "article",
        "keywords": "退货运费 赠品 包邮 运费谁出 优惠券",
        "rule_ids": ["R-NR-SHIPPING", "R-NR-GIFTS", "R-NR-PROMO", "R-NR-METHOD"],
        "title_zh": "无理由退货的运费、赠品和优惠怎么算",
        "title_en": "Return shipping, gifts and discounts in a no-reason return",
        "summary_zh": "无理由退货的退回运费一般由消费者承担，另有约定的除外；赠品要一并退回，无法退回的按事先标明的价格折算。",
        "summary_en": "Unless agreed otherwise you pay the return shipping; gifts go back too, or are paid for at the "
                      "price stated in advance.",
        "body_zh": "无理由退货的退回运费由消费者承担，商家与您另有约定（例如赠送运费险、承诺包退运费）的除外。"
                   "如果因为退货使订单不再满足包邮条件，商家可以从退款中扣除原本免收的运费。\n\n"
                   "商品附带的赠品（实物、积分、代金券、优惠券等）应一并退回；赠品无法退回的，"
                   "商家可以按照事先标明的赠品价格收取相应款项。退款金额以您实际支付的金额为准。\n\n"
                   "商家不得限制您的退货方式，上门取件可以免费，收费须经您同意。",
        "body_en": "You pay the shipping for a no-reason return unless the seller agreed otherwise (return-shipping "
                   "insurance, a free-return promise). If the return means the order no longer meets a free-shipping "
                   "threshold, the seller may deduct the shipping it waived.\n\n"
                   "Gifts that came with the goods (items, points, vouchers, coupons) go back with them; if a gift "
                   "cannot be returned, the seller may charge the gift price it stated in advance. The refund is "
                   "what you actually paid.\n\n"
                   "The seller may not restrict how you send the goods back; a pick-up may be free, and charging for "
                   "it needs your consent.",
    },
    {
        "slug": "refund-deadline-and-method", "topic": "no_reason", "kind": "article",
        "keywords": "退款 多久到账 原路退回 十五日 退款时限",
        "rule_ids": ["R-NR-REFUND-7D", "R-NR-REFUND-METHOD", "R-NR-REFUND-15D-PENALTY", "R-NR-ADDRESS"],
        "title_zh": "退款应当多久到账、怎么退",
        "title_en": "How fast and how the refund must be paid",
        "summary_zh": "商家收到退货后七日内退款，原则上原路退回；超过十五日不处理退货或不退款，属于应受处罚的行为。",
        "summary_en": "The seller refunds within 7 days of getting the goods back, by the original payment method; "
                      "more than 15 days without handling the return or refunding is punishable.",
        "body_zh": "收到您的退货申请后，商家应当及时提供真实的退货地址、联系人和电话。"
                   "收到退回的完好商品后，应当在七日内退款。\n\n"
                   "退款原则上按原支付方式退回，多种方式支付的按比例退回，未经您明确同意不得改用其他方式。"
                   "积分、优惠券等按原样退回。\n\n"
                   "商家超过十五日不处理退货申请、不提供有效退货地址，或者收到退货后超过十五日未退款，"
                   "属于可由市场监管部门处罚的违法行为。遇到这种情况请在平台投诉，并保留物流签收记录。",
        "body_en": "Once you ask to return goods the seller must promptly give a real return address, contact "
                   "person and phone number. After receiving the goods back complete, it refunds within 7 days.\n\n"
                   "The refund goes back by the original payment method, in proportion if you paid several ways; "
                   "another method needs your express consent. Points and coupons are returned in kind.\n\n"
                   "A seller that ignores a return request for more than 15 days, gives no valid return address, or "
                   "has not refunded 15 days after getting the goods back commits a violation the market regulator "
                   "can punish. Complain on the platform and keep the delivery-tracking record.",
        "reply_zh": "{consumer}您好，关于投诉 {reference}：商家收到退货后应在七日内按原支付方式退款。"
                    "我们已督促{merchant}在{deadline}前完成退款。",
        "reply_en": "Dear {consumer}, about complaint {reference}: the seller must refund by the original payment "
                    "method within 7 days of receiving the goods. We have asked {merchant} to refund by {deadline}.",
    },
    # ---- 质量问题 ------------------------------------------------------------------------------------------------
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
    {
        "slug": "fraud-refund-plus-three", "topic": "false_advertising", "kind": "article",
        "keywords": "欺诈 退一赔三 假货 三倍赔偿 五百元 虚假宣传",
        "rule_ids": ["R-PUN-CPL55", "R-IMP49"],
        "title_zh": "遇到欺诈：退一赔三，不足五百元按五百元",
        "title_en": "Fraud: refund plus three times the price, at least CNY 500",
        "summary_zh": "经营者提供商品或服务有欺诈行为的，您可以要求退款并增加赔偿价款的三倍，增加部分不足五百元的按五百元。",
        "summary_en": "Where the business acted fraudulently you may claim a refund plus three times the price, "
                      "and the addition is at least CNY 500.",
        "body_zh": "经营者提供商品或者服务有欺诈行为的，应当按照消费者的要求增加赔偿其受到的损失，"
                   "增加赔偿的金额为购买商品价款或者接受服务费用的三倍；不足五百元的，为五百元。\n\n"
                   "例如实付 100 元，三倍是 300 元，不足五百元，增加赔偿为 500 元；实付 200 元，增加赔偿为 600 元。\n\n"
                   "常见的欺诈包括以假充真、以次充好、冒用他人商标、伪造产地、虚构原价等。"
                   "标签、说明书存在不影响商品质量也不会误导消费者的瑕疵，不属于欺诈。",
        "body_en": "Where a business acted fraudulently in providing goods or services, it must at the consumer's "
                   "request pay additional compensation of three times the price of the goods or the fee for the "
                   "service; if that is less than CNY 500, it is CNY 500.\n\n"
                   "For example, paid CNY 100: three times is 300, below 500, so the addition is CNY 500; paid "
                   "CNY 200: the addition is CNY 600.\n\n"
                   "Common fraud: passing fakes off as genuine, inferior goods as superior, counterfeit trademarks, "
                   "false origin, invented original prices. Label or manual flaws that neither affect quality nor "
                   "mislead are not fraud.",
        "reply_zh": "{consumer}您好，关于投诉 {reference}：如经查实存在欺诈，您可以依法主张退款并增加赔偿价款的三倍，"
                    "增加部分最低五百元。我们已要求{merchant}在{deadline}前提供进货凭证等材料。",
        "reply_en": "Dear {consumer}, about complaint {reference}: if fraud is established you may claim a refund "
                    "plus three times the price, at least CNY 500. We have asked {merchant} to provide its supply "
                    "documents by {deadline}.",
    },
    {
        "slug": "counterfeit-goods-proof", "topic": "false_advertising", "kind": "article",
        "keywords": "假货 正品 鉴定 进货凭证 假冒 商标",
        "rule_ids": ["R-PUN-CPL55", "R-ECL62"],
        "title_zh": "怀疑买到假货，怎么证明",
        "title_en": "Suspect a fake? How the facts are established",
        "summary_zh": "您提供初步证据即可；商家应当提供进货凭证、授权文件等原始交易记录，拒不提供致使事实无法查清的，由商家承担不利后果。",
        "summary_en": "Initial evidence from you is enough; the seller must produce its original supply and "
                      "transaction records, and bears the consequences if it withholds them.",
        "body_zh": "怀疑买到假货时，请先保存商品、包装、防伪标识和商品页面截图，必要时可向品牌方或检测机构求证。\n\n"
                   "电子商务经营者应当提供原始合同和交易记录。商家丢失、伪造、篡改、销毁、隐匿或者拒绝提供前述资料，"
                   "致使事实无法查清的，应当承担相应的法律责任。平台调解时会要求商家提交进货凭证、授权书、报关单等。\n\n"
                   "经查实属于以假充真的，可以主张退一赔三。",
        "body_en": "If you suspect a fake, keep the item, packaging, anti-counterfeit marks and screenshots of the "
                   "listing; ask the brand or a testing body where needed.\n\n"
                   "E-commerce businesses must provide the original contract and transaction records. If a seller "
                   "loses, forges, alters, destroys, hides or refuses them so that the facts cannot be established, "
                   "it bears the legal consequences. In mediation the platform asks for supply invoices, "
                   "authorisations and customs papers.\n\n"
                   "If the goods prove to be fakes sold as genuine, you can claim a refund plus three times the price.",
    },
    {
        "slug": "false-advertising-listing", "topic": "false_advertising", "kind": "article",
        "keywords": "虚假宣传 与描述不符 商品详情页 夸大 效果",
        "rule_ids": ["R-CPL28", "R-PQL40", "R-PUN-CPL55"],
        "title_zh": "商品与宣传不符怎么办",
        "title_en": "Goods not as advertised",
        "summary_zh": "商品不符合商品说明、实物样品表明的质量状况的，销售者应当负责修理、更换或退货；构成欺诈的还可主张三倍赔偿。",
        "summary_en": "Goods that do not match their description or sample must be repaired, exchanged or taken "
                      "back by the seller; if it was fraud you can also claim three times the price.",
        "body_zh": "网络卖家必须如实提供商品的质量、价格、售后服务等信息。商品不符合在商品或者其包装上注明采用的产品标准，"
                   "或者不符合以产品说明、实物样品等方式表明的质量状况的，销售者应当负责修理、更换、退货。\n\n"
                   "宣传内容（功效、材质、产地、销量等）明显虚构、足以误导您作出购买决定的，可能构成欺诈。\n\n"
                   "投诉前请截图保存商品详情页，因为商家可能修改页面。",
        "body_en": "Online sellers must state truthfully the quality, price and after-sales terms of their goods. "
                   "Goods that do not meet the standard stated on them or their packaging, or the quality shown by "
                   "the description or a sample, must be repaired, exchanged or taken back by the seller.\n\n"
                   "Claims that are plainly invented (effects, materials, origin, sales figures) and enough to "
                   "mislead you into buying may be fraud.\n\n"
                   "Screenshot the listing before you complain: sellers can change their pages.",
    },
    # ---- 价格 ----------------------------------------------------------------------------------------------------
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
    {
        "slug": "personal-data-rights", "topic": "personal_data", "kind": "article",
        "keywords": "个人信息 查阅 复制 更正 删除 注销账号",
        "rule_ids": ["R-PIPL-RIGHTS", "R-PIPL-DELETE", "R-ECL24"],
        "title_zh": "您对自己的个人信息有哪些权利",
        "title_en": "Your rights over your personal information",
        "summary_zh": "您有权查阅、复制、更正、删除自己的个人信息，有权要求解释处理规则、注销账号；拒绝您的请求必须说明理由。",
        "summary_en": "You may see, copy, correct and delete your personal information, ask how it is processed and "
                      "close your account; a refusal must give reasons.",
        "body_zh": "个人信息保护法赋予您知情权、决定权，以及查阅、复制、更正、补充、删除个人信息的权利，"
                   "并可以要求处理者解释其处理规则。处理目的已经实现、您撤回同意、服务停止或者处理违法的，处理者应当删除。\n\n"
                   "法律规定的保存期限未届满的（例如交易信息至少保存三年），处理者应当停止除存储和必要安全保护之外的处理。\n\n"
                   "电子商务经营者应当明示查询、更正、删除信息和注销账户的方式，不得设置不合理条件。"
                   "拒绝您请求的，必须说明理由。",
        "body_en": "The Personal Information Protection Law gives you the right to know and decide, and to see, copy, "
                   "correct, complete and delete your personal information, and to have the processing rules "
                   "explained. Data must be deleted once the purpose is met, consent is withdrawn, the service ends "
                   "or the processing is unlawful.\n\n"
                   "Where a legal retention period has not run out (transaction records are kept at least 3 years), "
                   "everything but storage and necessary security must stop.\n\n"
                   "E-commerce businesses must say how to look up, correct and delete data and close an account, "
                   "without unreasonable conditions. A refusal must give reasons.",
    },
    {
        "slug": "personal-data-leak", "topic": "personal_data", "kind": "article",
        "keywords": "信息泄露 骚扰电话 诈骗 个人信息泄露",
        "rule_ids": ["R-PIPL-BREACH", "R-CPL29-PI", "R-PIPL-LIABILITY"],
        "title_zh": "下单后接到骚扰、诈骗电话：个人信息泄露怎么办",
        "title_en": "Nuisance or scam calls after an order: when your data leaked",
        "summary_zh": "经营者对收集的个人信息必须严格保密；发生泄露应当立即补救并通知您。您可以投诉并要求赔偿损失。",
        "summary_en": "Businesses must keep personal data confidential; after a leak they must act at once and "
                      "tell you. You can complain and claim your losses.",
        "body_zh": "经营者及其工作人员对收集的消费者个人信息必须严格保密，不得泄露、出售或者非法向他人提供。"
                   "发生或者可能发生泄露的，应当立即采取补救措施，并通知监管部门和您本人，说明泄露的信息种类、原因、可能的危害、"
                   "已采取的措施和您可以采取的措施。\n\n"
                   "如果对方能准确说出您的订单内容，很可能是订单信息泄露。请不要转账，记录来电号码和时间，"
                   "在平台投诉并向公安机关报案。个人信息侵权案件中，处理者不能证明自己没有过错的，应当承担赔偿责任。",
        "body_en": "Businesses and their staff must keep consumers' personal data confidential and may not leak, sell "
                   "or unlawfully provide it. When a leak happens or may have happened they must act at once and "
                   "notify the regulator and you, saying what data, why, the possible harm, what they did and what "
                   "you can do.\n\n"
                   "If a caller knows the details of your order, your order data probably leaked. Do not transfer "
                   "money; note the number and time, complain on the platform and report it to the police. In "
                   "personal-data claims the processor is liable unless it proves it was not at fault.",
        "reply_zh": "{consumer}您好，关于投诉 {reference}：我们已将可能的个人信息泄露情况登记并要求{merchant}核查。"
                    "请勿向陌生来电转账，如有损失请及时报警。",
        "reply_en": "Dear {consumer}, about complaint {reference}: we have recorded the possible leak of your data "
                    "and asked {merchant} to investigate. Never transfer money to unknown callers, and report any "
                    "loss to the police.",
    },
    {
        "slug": "personal-data-consent", "topic": "personal_data", "kind": "article",
        "keywords": "同意 默认勾选 捆绑授权 敏感个人信息 位置 人脸",
        "rule_ids": ["R-PIPL-CONSENT", "R-PIPL-MIN", "R-NTM13", "R-PIPL-SENSITIVE"],
        "title_zh": "默认勾选、一揽子授权不算有效同意",
        "title_en": "Pre-ticked boxes and blanket consent are not valid consent",
        "summary_zh": "收集个人信息应当最小必要；不得一揽子、默认或捆绑取得同意，人脸、金融账户、位置等敏感信息须逐项单独同意。",
        "summary_en": "Collection must be minimal; no blanket, default or bundled consent, and separate item-by-item "
                      "consent for faces, financial accounts, location and other sensitive data.",
        "body_zh": "处理个人信息应当具有明确、合理的目的，限于实现目的的最小范围，不得过度收集。"
                   "同意应当在充分知情的前提下自愿、明确作出，您可以随时撤回。\n\n"
                   "网络交易经营者不得采用一次概括授权、默认授权、与其他授权捆绑、停止安装使用等方式强迫或变相强迫您同意。"
                   "收集人脸等生物识别、医疗健康、金融账户、行踪轨迹等敏感信息，应当逐项取得您的单独同意。\n\n"
                   "平台投诉本身不需要您提供身份证号码。",
        "body_en": "Personal data must be processed for a clear and reasonable purpose, limited to what the purpose "
                   "needs; no excessive collection. Consent must be informed, voluntary and explicit, and you may "
                   "withdraw it at any time.\n\n"
                   "Online traders may not force consent through one blanket authorisation, defaults, bundling with "
                   "other authorisations or refusing service. Biometric, medical, financial-account and location "
                   "data need your separate consent item by item.\n\n"
                   "Complaining on the platform never requires your ID number.",
    },
    # ---- 投诉与维权途径 ------------------------------------------------------------------------------------------
    {
        "slug": "ways-to-resolve-a-dispute", "topic": "process", "kind": "article",
        "keywords": "维权途径 协商 调解 投诉 仲裁 诉讼 12315",
        "rule_ids": ["R-CPL39-PATHS", "R-ECL60", "R-ECL61"],
        "title_zh": "消费纠纷的五条解决途径",
        "title_en": "Five ways to resolve a consumer dispute",
        "summary_zh": "与经营者协商和解；请消费者协会或其他调解组织调解；向市场监管部门投诉；提请仲裁；向人民法院起诉。",
        "summary_en": "Negotiate with the business; mediation by a consumer association or other mediator; complain to "
                      "the market regulator; arbitration; a lawsuit.",
        "body_zh": "发生消费争议，您可以：与经营者协商和解；请求消费者协会或者依法成立的其他调解组织调解；"
                   "向有关行政部门（市场监管部门，可通过 12315 平台）投诉；根据与经营者达成的仲裁协议提请仲裁；向人民法院提起诉讼。\n\n"
                   "在本平台投诉属于协商与平台调解：平台有义务积极协助您维权。调解不成的，您仍可选择其他途径，"
                   "平台可以把案件和全部证据转交市场监管部门或消费者协会。",
        "body_en": "In a consumer dispute you may: settle with the business; ask a consumer association or another "
                   "lawful mediator to mediate; complain to the administrative department (the market regulator, "
                   "through the 12315 platform); arbitrate under an arbitration agreement; or sue in a people's court.\n\n"
                   "Complaining on this platform is negotiation with the platform mediating: the platform must "
                   "actively help you. If mediation fails you keep every other path, and the platform can refer the "
                   "case with all its evidence to the market regulator or a consumer association.",
    },
    {
        "slug": "platform-liability-seller-unknown", "topic": "process", "kind": "article",
        "keywords": "平台责任 找不到商家 先行赔付 连带责任",
        "rule_ids": ["R-PLAT-44", "R-PLAT-38", "R-ECL58"],
        "title_zh": "找不到商家时，平台要承担什么责任",
        "title_en": "When the seller cannot be found: the platform's liability",
        "summary_zh": "平台不能提供销售者真实名称、地址和有效联系方式的，您可以向平台要求赔偿；平台明知商家侵权未采取必要措施的，与商家承担连带责任。",
        "summary_en": "If the platform cannot give the seller's real name, address and valid contacts you may claim "
                      "against the platform; a platform that knew and did nothing is jointly liable.",
        "body_zh": "在网络交易平台购物，合法权益受到损害的，可以向销售者要求赔偿。平台不能提供销售者的真实名称、地址和有效联系方式的，"
                   "您也可以向平台要求赔偿；平台作出更有利于消费者承诺的，应当履行承诺，赔偿后可以向销售者追偿。\n\n"
                   "平台明知或者应知销售者利用其平台侵害消费者合法权益，未采取必要措施的，与销售者承担连带责任。\n\n"
                   "本平台设有先行赔付：商家拒不履行处理结果时，平台可以先行赔付，再向商家追偿。",
        "body_en": "If you were harmed buying on an online platform you claim against the seller. If the platform "
                   "cannot give the seller's real name, address and valid contact details, you may claim against "
                   "the platform; a platform that promised more must keep its promise, and may recover from the "
                   "seller after paying.\n\n"
                   "A platform that knew or should have known a seller was harming consumers and took no necessary "
                   "measures is jointly and severally liable with the seller.\n\n"
                   "This platform pays in advance: when a merchant does not carry out a decision, the platform may "
                   "pay you first and recover from the merchant.",
    },
    {
        "slug": "how-complaints-are-handled", "topic": "process", "kind": "article",
        "keywords": "投诉流程 受理 七个工作日 调解 时限 申诉",
        "rule_ids": ["R-CPL46", "R-SAMR-ACCEPT-7WD", "R-IMP-MEDIATION-60D", "R-CAL-WD"],
        "title_zh": "投诉提交后会发生什么：受理、商家答复、调解和时限",
        "title_en": "After you complain: acceptance, the merchant's answer, mediation and time limits",
        "summary_zh": "平台审核受理后转商家答复，商家方案不满意的由平台调解并作出处理决定；市场监管部门收到投诉须在七个工作日内决定是否受理。",
        "summary_en": "The platform accepts the complaint and asks the merchant to answer; if you reject the offer the "
                      "platform mediates and decides. A market regulator decides within 7 working days whether to accept.",
        "body_zh": "提交投诉后，平台先审核是否受理，材料不全的会请您补充。受理后案件转给商家，商家须在时限内答复并提出解决方案。"
                   "您不接受方案的，由平台调解员调解并作出处理决定，对决定不服的可以申诉一次。\n\n"
                   "每一个环节都有时限，按国家公布的工作日（含调休）计算，您可以在案件页面随时看到当前由谁处理、最迟什么时候。\n\n"
                   "向市场监管部门投诉的，部门应当自收到之日起七个工作日内决定是否受理并告知您；双方同意调解的，"
                   "应当自受理之日起六十日内调解完毕。",
        "body_en": "After you file, the platform checks whether to accept the complaint and asks for anything "
                   "missing. Once accepted the case goes to the merchant, who must answer with an offer in time. If "
                   "you reject it, a platform mediator mediates and decides; you may appeal a decision once.\n\n"
                   "Every step has a time limit counted in official working days (including make-up working days); "
                   "the case page always shows who acts next and by when.\n\n"
                   "A market regulator receiving a complaint decides within 7 working days whether to accept it and "
                   "tells you; where both sides agree to mediate, mediation is completed within 60 days of acceptance.",
        "reply_zh": "{consumer}您好，您的投诉 {reference} 已受理，目前等待{merchant}答复，答复时限为{deadline}。"
                    "您可以随时在案件页面查看进度。",
        "reply_en": "Dear {consumer}, your complaint {reference} has been accepted and is waiting for {merchant}'s "
                    "answer, due by {deadline}. You can follow it on the case page at any time.",
    },
    {
        "slug": "complaint-evidence-checklist", "topic": "process", "kind": "article",
        "keywords": "证据 截图 聊天记录 照片 投诉材料",
        "rule_ids": ["R-SAMR-MATERIALS", "R-ECL62", "R-PIPL-MIN"],
        "title_zh": "投诉前准备哪些证据",
        "title_en": "What evidence to gather before complaining",
        "summary_zh": "订单信息、商品页面截图、聊天记录、商品和包装照片或视频、物流记录、检测报告；不需要身份证号码。",
        "summary_en": "Order details, listing screenshots, chat records, photos or video of goods and packaging, "
                      "tracking records, test reports; never your ID number.",
        "body_zh": "一份清楚的投诉需要：被投诉的商家、具体的诉求（退货、退款、换货、赔偿等）和事实经过。\n\n"
                   "建议准备：订单号和付款记录；下单时的商品详情页截图；与商家的聊天记录；问题商品及包装的照片或视频"
                   "（开箱视频尤其有用）；物流签收和退货寄回记录；如有，检测或鉴定报告。\n\n"
                   "平台投诉不需要您提供身份证号码。请不要在投诉描述里写他人的手机号或住址。",
        "body_en": "A clear complaint names the business, what you ask for (return, refund, exchange, compensation) "
                   "and what happened.\n\n"
                   "Have ready: the order number and payment record; screenshots of the listing as it was when you "
                   "bought; chat records with the seller; photos or video of the goods and packaging (an unboxing "
                   "video helps most); delivery and return tracking records; any test or appraisal report.\n\n"
                   "The platform never needs your ID number. Please do not put other people's phone numbers or "
                   "addresses in the description.",
    },
    # ---- 常见问题 FAQ -----------------------------------------------------------------------------------------------
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
