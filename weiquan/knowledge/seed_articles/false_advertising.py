"""The first edition's articles on 虚假宣传与欺诈 (frozen: see the package docstring)."""

FALSE_ADVERTISING = [
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
]
