"""The first edition's articles on 个人信息 (frozen: see the package docstring)."""

PERSONAL_DATA = [
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
]
