"""The first edition's articles on 投诉与维权途径 (frozen: see the package docstring)."""

PROCESS = [
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
]
