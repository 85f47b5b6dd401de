"""The first edition's articles on 七天无理由退货 (frozen: see the package docstring)."""

NO_REASON = [
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
]
