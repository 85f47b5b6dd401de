"""Display titles for the rule IDs of RULES.md: rule ID -> Chinese title, English title and the article cited, the
article as written in the table (`article`, "无理由退货办法 Art.2, 36") and as each language cites it (`article_zh`:
"无理由退货办法第2条、第36条"; `article_en`: the law's English name and "Art. 2, 36").

Rules marked in `PROJECT_RULES` are this project's additions, documented in docs/rules-extra.md, not (yet) in the
shared RULES.md; their entries say so (`source: "project"`), so whoever checks a citation knows where to look.
"""

from __future__ import annotations

import re

# (rule ID, 中文, English, article)
_TABLE: tuple[tuple[str, str, str, str], ...] = (
    # Period arithmetic
    ("R-CAL-START", "期间自次日起算", "Start day not counted", "民法典 Art.201"),
    ("R-CAL-MONTH", "按月、年计算期间的末日", "Month and year periods end on the same-numbered day", "民法典 Art.202"),
    ("R-CAL-ROLL", "末日为法定休假日的顺延", "Last day on a statutory rest day moves to the next working day",
     "民法典 Art.203; 民事诉讼法 Art.85"),
    ("R-CAL-WD", "工作日按国务院放假安排计算", "Working days follow the State Council schedule, incl. make-up working days",
     "国务院办公厅节假日安排通知; 行政处罚法 Art.85"),
    # CPL
    ("R-CPL23-BURDEN", "耐用商品六个月内瑕疵举证责任倒置", "Burden of proof on the business for durable goods (6 months)",
     "消费者权益保护法 Art.23(3)"),
    ("R-CPL24-QUALITY", "不符合质量要求的退货、更换、修理", "Quality returns, exchange or repair", "消费者权益保护法 Art.24"),
    ("R-CPL26", "格式条款无效", "Unfair standard terms are void", "消费者权益保护法 Art.26"),
    ("R-CPL28", "远程销售的信息提供义务", "Information duties of remote sellers", "消费者权益保护法 Art.28"),
    ("R-CPL29-PI", "个人信息保护", "Personal information", "消费者权益保护法 Art.29"),
    ("R-CPL39-PATHS", "争议解决途径", "Dispute-resolution paths", "消费者权益保护法 Art.39"),
    ("R-PLAT-44", "网络交易平台的赔偿责任", "Platform liability when the seller cannot be identified",
     "消费者权益保护法 Art.44"),
    ("R-CPL46", "投诉七个工作日内处理并告知", "Complaint handled within 7 working days", "消费者权益保护法 Art.46"),
    ("R-PUN-CPL55", "欺诈：退一赔三，不足五百元按五百元", "Fraud: 3x the price, CNY 500 at least",
     "消费者权益保护法 Art.55(1)"),
    ("R-PUN-CPL55-INJURY", "明知缺陷致人死亡或健康严重损害：损失二倍以下", "Known defect causing death or serious injury: "
     "up to 2x losses", "消费者权益保护法 Art.55(2)"),
    ("R-PUN-ABUSE", "捏造事实、掉包等不适用惩罚性赔偿", "Fabricated claims get no punitive damages",
     "消费者权益保护法实施条例 Art.49(2)"),
    # IMP
    ("R-IMP18-WARRANTY", "三包期限的起算与重新计算", "Warranty periods: start, restart, repair time",
     "消费者权益保护法实施条例 Art.18"),
    ("R-IMP19-NR", "不得擅自扩大不适用无理由退货范围", "No self-made exclusions; confirmation required",
     "消费者权益保护法实施条例 Art.19"),
    ("R-IMP23-PI", "个人信息处理限制", "Limits on personal-data processing", "消费者权益保护法实施条例 Art.23"),
    ("R-IMP44", "便捷高效的投诉处理机制", "Convenient complaint handling", "消费者权益保护法实施条例 Art.44"),
    ("R-IMP-MEDIATION-60D", "受理之日起六十日内调解完毕", "Mediation completed within 60 days of acceptance",
     "消费者权益保护法实施条例 Art.46"),
    ("R-IMP49", "欺诈的认定与标签瑕疵", "What is fraud; label flaws", "消费者权益保护法实施条例 Art.49"),
    # NR
    ("R-NR-SCOPE", "七日无理由退货的适用范围", "Scope of the 7-day no-reason return", "无理由退货办法 Art.2, 36"),
    ("R-NR-PROMISE", "经营者更优承诺从其承诺", "A more favourable seller promise binds", "无理由退货办法 Art.5; 网络消费规定(一) Art.2"),
    ("R-NR-EXCL-STATUTORY", "法定不适用无理由退货的商品", "Goods excluded by law", "无理由退货办法 Art.6"),
    ("R-NR-EXCL-CONFIRMED", "经消费者购买时确认方可不适用", "Exclusions that need the consumer's confirmation",
     "无理由退货办法 Art.7, 20(2)"),
    ("R-NR-COMPLETE", "商品完好的认定", "Goods must be complete", "无理由退货办法 Art.8, 9"),
    ("R-NR-WINDOW", "签收次日起七日内", "Seven days from the day after signing", "无理由退货办法 Art.10"),
    ("R-NR-ADDRESS", "及时提供退货地址", "Return address given promptly", "无理由退货办法 Art.11"),
    ("R-NR-GIFTS", "赠品一并退回或按标明价格支付", "Gifts returned or paid at the stated price", "无理由退货办法 Art.12"),
    ("R-NR-REFUND-7D", "收到退回商品之日起七日内退款", "Refund within 7 days of receiving the goods",
     "无理由退货办法 Art.13"),
    ("R-NR-REFUND-METHOD", "原路退款；信用卡手续费", "Refund by the original method; card fees", "无理由退货办法 Art.14-16"),
    ("R-NR-PROMO", "按实际支付金额退款", "Refund of the amount actually paid", "无理由退货办法 Art.17"),
    ("R-NR-SHIPPING", "退货运费由消费者承担；免运费条件丧失可扣运费", "Return shipping paid by the consumer; lost free "
     "shipping may be deducted", "无理由退货办法 Art.18; 消费者权益保护法 Art.25"),
    ("R-NR-METHOD", "不得限制退货方式", "Return method not restricted", "无理由退货办法 Art.19"),
    ("R-NR-LABEL", "不适用商品应显著标注", "Excluded goods clearly labelled", "无理由退货办法 Art.20"),
    ("R-NR-PLATFORM", "平台的无理由退货义务", "Platform duties for no-reason returns", "无理由退货办法 Art.21-24"),
    ("R-NR-RESALE", "退回商品的再销售", "Resale of returned goods", "无理由退货办法 Art.25"),
    ("R-NR-REFUND-15D-PENALTY", "超过十五日未退款的处罚", "Penalty for refunds later than 15 days",
     "无理由退货办法 Art.30-31"),
    ("R-NR-QUALITY", "质量问题退货适用消费者权益保护法第二十四条", "Quality returns follow CPL Art.24",
     "无理由退货办法 Art.35"),
    # Punitive beyond CPL 55
    ("R-PUN-FSL148", "食品：价款十倍或损失三倍，不足一千元按一千元", "Food: 10x price or 3x loss, CNY 1,000 at least",
     "食品安全法 Art.148(2)"),
    ("R-PUN-FSL148-LABEL", "不影响食品安全且不误导的标签瑕疵", "Label flaws that neither affect safety nor mislead",
     "食品安全法 Art.148(2); 食药惩罚性赔偿解释 Art.6-8"),
    ("R-PUN-FSL148-FIRST", "首负责任制", "First-responder duty", "食品安全法 Art.148(1)"),
    ("R-PUN-ELECT", "惩罚性赔偿择一适用", "Punitive bases are alternatives", "食药惩罚性赔偿解释 Art.9"),
    ("R-PUN-KNOWING", "知假买假的合理生活消费范围", "Knowing buyers: reasonable quantities only",
     "食药惩罚性赔偿解释 Art.1, 12-14"),
    ("R-PUN-DRUG", "假药、劣药：价款十倍或损失三倍，不足一千元按一千元", "Drugs: 10x price or 3x loss, CNY 1,000 at least",
     "药品管理法 Art.144(3)"),
    ("R-PUN-PLATFORM-FOOD", "网络食品交易平台的赔偿责任", "Food platform pays when the vendor cannot be identified",
     "食品安全法 Art.131"),
    # ECL
    ("R-ECL20", "运输风险", "Transport risk until delivery", "电子商务法 Art.20"),
    ("R-ECL24", "用户信息查询、更正、删除", "Look-up, correction, deletion of user data", "电子商务法 Art.24"),
    ("R-PLAT-VERIFY", "平台内经营者信息核验", "Merchant verification by the platform", "电子商务法 Art.27"),
    ("R-PLAT-RETAIN-3Y", "交易信息保存不少于三年", "Records kept at least 3 years", "电子商务法 Art.31; 网络交易监督管理办法 Art.31"),
    ("R-PLAT-38", "平台的连带责任与相应责任", "Platform joint liability", "电子商务法 Art.38"),
    ("R-ECL58", "质量担保机制与先行赔偿", "Quality guarantees and advance compensation", "电子商务法 Art.58"),
    ("R-ECL59", "投诉举报机制", "Complaint and report mechanisms", "电子商务法 Art.59"),
    ("R-ECL60", "争议解决途径", "Dispute-resolution paths", "电子商务法 Art.60"),
    ("R-ECL61", "平台协助维权", "Platform helps the consumer", "电子商务法 Art.61"),
    ("R-ECL62", "提供原始合同和交易记录", "Original contract and transaction records", "电子商务法 Art.62"),
    ("R-ECL63", "在线争议解决机制", "Online dispute resolution", "电子商务法 Art.63"),
    # NTM
    ("R-NTM12", "经营者信息变更十个工作日内更新", "Identity information updated within 10 working days",
     "网络交易监督管理办法 Art.12"),
    ("R-NTM13", "个人信息逐项同意", "Item-by-item consent", "网络交易监督管理办法 Art.13"),
    ("R-NTM18", "自动续费提前五日提醒", "Auto-renewal reminder 5 days ahead", "网络交易监督管理办法 Art.18"),
    ("R-NTM20", "直播视频保存三年", "Live-stream video kept 3 years", "网络交易监督管理办法 Art.20"),
    ("R-NTM21", "限制消费者权利的条款无效", "Terms limiting consumer rights are void", "网络交易监督管理办法 Art.21"),
    ("R-NTM23", "停止经营提前三十日公示", "30 days' notice before leaving", "网络交易监督管理办法 Art.23"),
    ("R-PLAT-VERIFY-6M", "至少每六个月核验更新一次", "Merchant re-verification at least every 6 months",
     "网络交易监督管理办法 Art.24"),
    ("R-NTM25", "每年一月和七月报送经营者身份信息", "Merchant data reported every January and July",
     "网络交易监督管理办法 Art.25"),
    ("R-NTM26", "信息变更三个工作日报告、七个工作日核验", "Changes reported in 3 WD, verified in 7 WD",
     "网络交易监督管理办法 Art.26"),
    ("R-NTM28", "服务协议和交易规则历史版本保存", "Historic versions of platform rules kept", "网络交易监督管理办法 Art.28"),
    ("R-NTM30", "一个工作日内公示处理措施", "Measures published within 1 working day", "网络交易监督管理办法 Art.30"),
    ("R-NTM34", "配合监管提供数据", "Data given to the regulator on request", "网络交易监督管理办法 Art.34"),
    # SAMR complaint handling
    ("R-SAMR-MATERIALS", "投诉材料", "Complaint materials", "投诉举报处理暂行办法 Art.9-10"),
    ("R-SAMR-JURIS", "投诉管辖", "Jurisdiction", "投诉举报处理暂行办法 Art.12-13"),
    ("R-SAMR-ACCEPT-7WD", "七个工作日内决定是否受理", "Acceptance decision within 7 working days",
     "投诉举报处理暂行办法 Art.14"),
    ("R-SAMR-NOT-ACCEPT", "不予受理的情形（含三年时限）", "Grounds for not accepting, incl. the 3-year limit",
     "投诉举报处理暂行办法 Art.15"),
    ("R-SAMR-MEDIATION", "调解的原则与方式", "Mediation: consent and form", "投诉举报处理暂行办法 Art.16-19"),
    ("R-SAMR-TESTING", "检测鉴定时间不计入调解期限", "Testing time excluded from mediation", "投诉举报处理暂行办法 Art.20"),
    ("R-SAMR-MEDIATION-45WD", "四十五个工作日未达成协议终止调解；七个工作日内告知", "Mediation ends after 45 working days; "
     "parties told within 7", "投诉举报处理暂行办法 Art.21"),
    ("R-SAMR-DOC", "调解书", "Mediation document", "投诉举报处理暂行办法 Art.22"),
    ("R-SAMR-CLUE-15WD", "违法线索十五个工作日内核查", "Violation clue checked within 15 working days",
     "投诉举报处理暂行办法 Art.23"),
    ("R-SAMR-REPORT", "举报处理；五个工作日内告知立案情况", "Reports; reporter told within 5 working days",
     "投诉举报处理暂行办法 Art.24-33"),
    ("R-SAMR-STATS", "投诉举报统计与公开", "Statistics and disclosure", "投诉举报处理暂行办法 Art.34-36"),
    ("R-SAMR-EXCLUDED", "不按投诉举报处理的事项", "Matters not handled as complaints", "投诉举报处理暂行办法 Art.39"),
    ("R-SAMR-ODR", "在线消费纠纷解决", "Online dispute resolution (ODR)", "投诉举报处理暂行办法 Art.6(2)"),
    # PIPL
    ("R-PIPL-BASIS", "个人信息处理的合法性基础", "Lawful bases for processing", "个人信息保护法 Art.13"),
    ("R-PIPL-CONSENT", "同意的要求", "Consent", "个人信息保护法 Art.14-15"),
    ("R-PIPL-MIN", "最小必要原则", "Data minimisation", "个人信息保护法 Art.5-6"),
    ("R-PIPL-RETENTION", "最短保存期限", "Shortest necessary retention", "个人信息保护法 Art.19"),
    ("R-PIPL-SENSITIVE", "敏感个人信息", "Sensitive personal information", "个人信息保护法 Art.28-31"),
    ("R-PIPL-RIGHTS", "个人的权利", "Data-subject rights", "个人信息保护法 Art.44-50"),
    ("R-PIPL-DELETE", "删除义务", "Duty to delete", "个人信息保护法 Art.47"),
    ("R-PIPL-PIA", "个人信息保护影响评估", "Impact assessment", "个人信息保护法 Art.55-56"),
    ("R-PIPL-AUDIT", "合规审计", "Compliance audits", "个人信息保护法 Art.54"),
    ("R-PIPL-BREACH", "泄露的补救与通知", "Breach remediation and notice", "个人信息保护法 Art.57; 网络数据安全管理条例 Art.11"),
    ("R-PIPL-PLATFORM", "大型平台的特别义务", "Duties of large platforms", "个人信息保护法 Art.58"),
    ("R-PIPL-LIABILITY", "法律责任", "Liability and fines", "个人信息保护法 Art.66, 69"),
    # Product quality and three guarantees
    ("R-PQL40", "销售者的修理、更换、退货责任", "Seller repairs, replaces or takes back", "产品质量法 Art.40"),
    ("R-PQL45", "产品缺陷损害赔偿的诉讼时效", "Limitation for product-defect damages", "产品质量法 Art.45"),
    ("R-3B-7D", "售出七日内性能故障可退货、换货或修理", "Failure within 7 days of sale: return, exchange or repair",
     "部分商品修理更换退货责任规定 Art.8"),
    ("R-3B-15D", "售出十五日内性能故障可换货或修理", "Failure within 15 days of sale: exchange or repair",
     "部分商品修理更换退货责任规定 Art.9"),
    ("R-3B-REPAIR", "三包期内修理规则", "Repairs within the guarantee period", "部分商品修理更换退货责任规定"),
    # Civil Code and Civil Procedure Law: what a mediator weighs when the facts or the contract decide
    ("R-CC563-RESCIND", "法定解除合同：质量问题致使不能实现合同目的等", "Statutory rescission: a defect defeats the "
     "purpose of the contract, and the like", "民法典 Art.563, 610"),
    ("R-CIVPRO67-EVIDENCE", "谁主张，谁举证", "Whoever asserts a fact must prove it", "民事诉讼法 Art.67"),
    # International comparison
    ("R-INTL-CFPB", "美国CFPB投诉回复期限", "CFPB response within 15 / 60 calendar days", "CFPB Company Portal Manual"),
    # Fair trading and the platform's own measures: the bases the governance services cite (docs/rules-extra.md)
    ("R-ECL17-FAKE", "不得虚构交易、编造用户评价", "No fictitious transactions or fabricated reviews", "电子商务法 Art.17"),
    ("R-ECL19-TIEIN", "搭售须显著提示，不得默认同意", "Tie-ins must be pointed out and never ticked by default",
     "电子商务法 Art.19"),
    ("R-ECL39-REVIEWS", "不得删除消费者的评价", "Consumers' reviews may not be deleted", "电子商务法 Art.39"),
    ("R-PIPL24-PRICE", "自动化决策不得在交易价格上实行不合理差别待遇",
     "No unreasonable differences in price by automated decisions", "个人信息保护法 Art.24"),
    ("R-PLAT-FT-RATING", "认定虚假的评价不计入商品评分", "Reviews found fake are left out of the rating",
     "电子商务法 Art.39"),
    ("P-DEPOSIT-MINIMUM", "保证金不得低于所属类目的最低额", "The deposit may not fall below its category's minimum",
     "电子商务法 Art.58"),
    ("P-PRICE-REFERENCE-7D", "划线价不得高于促销前七日内的最低成交价",
     "A struck-through price may not exceed the lowest price of the 7 days before the promotion",
     "明码标价和禁止价格欺诈规定"),
)

# The laws the articles above name, in English (the Chinese name is the key, as the articles write it).
LAW_NAMES_EN: dict[str, str] = {
    "民法典": "Civil Code",
    "民事诉讼法": "Civil Procedure Law",
    "行政处罚法": "Administrative Penalty Law",
    "国务院办公厅节假日安排通知": "State Council General Office holiday notices",
    "消费者权益保护法": "Consumer Rights Protection Law",
    "消费者权益保护法实施条例": "Regulations Implementing the Consumer Rights Protection Law",
    "无理由退货办法": "Interim Measures on 7-Day No-Reason Returns of Goods Bought Online",
    "网络消费规定(一)": "Supreme People's Court Provisions on Online Consumer Disputes (I)",
    "食品安全法": "Food Safety Law",
    "食药惩罚性赔偿解释": "Supreme People's Court Interpretation on Punitive Damages for Food and Drugs",
    "药品管理法": "Drug Administration Law",
    "电子商务法": "E-Commerce Law",
    "网络交易监督管理办法": "Measures for the Supervision of Online Transactions",
    "投诉举报处理暂行办法": "SAMR Interim Measures on Handling Complaints and Reports",
    "个人信息保护法": "Personal Information Protection Law",
    "网络数据安全管理条例": "Regulations on Network Data Security Management",
    "产品质量法": "Product Quality Law",
    "部分商品修理更换退货责任规定": "Provisions on the Repair, Replacement and Return of Certain Goods (three guarantees)",
    "CFPB Company Portal Manual": "CFPB Company Portal Manual",
    "明码标价和禁止价格欺诈规定": "Provisions on Clearly Marked Prices and Against Price Fraud",
}
# Rules the engine and the decision checks use that the shared RULES.md does not list (docs/rules-extra.md).
PROJECT_RULES = frozenset({"R-CC563-RESCIND", "R-CIVPRO67-EVIDENCE", "R-ECL17-FAKE", "R-ECL19-TIEIN",
                           "R-ECL39-REVIEWS", "R-PIPL24-PRICE", "R-PLAT-FT-RATING", "P-DEPOSIT-MINIMUM",
                           "P-PRICE-REFERENCE-7D"})

_ARTICLE_PART = re.compile(r"^(?P<law>.+?)(?:\s+(?P<where>Art\..*))?$")


def _laws(article: str) -> list[tuple[str, list[str]]]:
    """"无理由退货办法 Art.7, 20(2); 网络消费规定(一) Art.2" -> [("无理由退货办法", ["7", "20(2)"]), ("网络消费规定(一)", ["2"])]."""
    laws = []
    for part in article.split(";"):
        match = _ARTICLE_PART.match(part.strip())
        assert match is not None, article
        where = (match["where"] or "").removeprefix("Art.")
        laws.append((match["law"], [item.strip() for item in where.split(",") if item.strip()]))
    return laws


def article_en(article: str) -> str:
    """The article in English: each law's name translated ("消费者权益保护法 Art.2, 36" -> "Consumer Rights Protection
    Law Art. 2, 36"). A law missing from LAW_NAMES_EN raises, so a new rule cannot ship with a Chinese name on English
    pages (the import fails)."""
    parts = []
    for law, items in _laws(article):
        if law not in LAW_NAMES_EN:
            raise KeyError(f"no English name for the law {law!r} (rules.LAW_NAMES_EN)")
        parts.append(LAW_NAMES_EN[law] + (" Art. " + ", ".join(items) if items else ""))
    return "; ".join(parts)


_ITEM = re.compile(r"^(?P<first>\d+)(?:-(?P<last>\d+))?(?P<paragraphs>(?:\(\d+\))*)$")


def _article_item_zh(item: str) -> str:
    """"20(2)" -> "第20条第2款", "12-14" -> "第12条至第14条"."""
    match = _ITEM.match(item)
    assert match is not None, item
    text = f"第{match['first']}条" + (f"至第{match['last']}条" if match["last"] else "")
    return text + "".join(f"第{number}款" for number in re.findall(r"\((\d+)\)", match["paragraphs"]))


def article_zh(article: str) -> str:
    """The article as Chinese readers cite it: "无理由退货办法 Art.2, 36" -> "无理由退货办法第2条、第36条"; laws are
    separated by "；"."""
    return "；".join(law + "、".join(_article_item_zh(item) for item in items) for law, items in _laws(article))


RULE_TITLES: dict[str, dict[str, str]] = {
    rule_id: {"zh": zh, "en": en, "article": article, "article_zh": article_zh(article),
              "article_en": article_en(article),
              "source": "project" if rule_id in PROJECT_RULES else "RULES.md"}
    for rule_id, zh, en, article in _TABLE
}
assert PROJECT_RULES <= set(RULE_TITLES)
