"""The filing wizard's vocabulary: problems in plain words mapped to the complaint classes and the remedies people
with each usually ask for. What the law says about them comes from the rights engine (the review step shows the
preview's answer through `weiquan.rights.explain`); the questions it needs are in `wizard_facts`."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from weiquan.complaints.models import Category, RemedyKind


@dataclass(frozen=True)
class Problem:
    key: str
    category: str
    text: object
    hint: object
    remedies: tuple[str, ...]


PROBLEMS: tuple[Problem, ...] = (
    Problem("defect", Category.QUALITY, _("商品有质量问题"), _("破损、故障、做工差、用几天就坏"),
            (RemedyKind.RETURN, RemedyKind.REFUND)),
    Problem("no_reason_refused", Category.AFTER_SALES, _("七天无理由退货被拒绝"), _("收货七天内想退，商家不同意"),
            (RemedyKind.RETURN, RemedyKind.REFUND)),
    Problem("after_sales", Category.AFTER_SALES, _("售后服务不到位"), _("维修、换货、退款被拖延或推诿"),
            (RemedyKind.REPAIR,)),
    Problem("not_as_described", Category.FALSE_ADVERTISING, _("实物与宣传不符"), _("材质、功能、效果和页面描述不一样"),
            (RemedyKind.RETURN, RemedyKind.REFUND)),
    Problem("counterfeit", Category.COUNTERFEIT, _("疑似假货"), _("山寨、仿冒品牌，或没有正规来源"),
            (RemedyKind.REFUND, RemedyKind.COMPENSATION)),
    Problem("safety", Category.SAFETY, _("有安全隐患或造成伤害"), _("漏电、起火、过敏、食品变质等"),
            (RemedyKind.REFUND, RemedyKind.COMPENSATION)),
    Problem("price", Category.PRICE, _("价格问题"), _("多收钱、先涨后降、优惠或价保不兑现"), (RemedyKind.REFUND,)),
    Problem("measurement", Category.MEASUREMENT, _("缺斤短两"), _("重量、尺寸、数量与标注不符"),
            (RemedyKind.REFUND,)),
    Problem("contract", Category.CONTRACT, _("不按约定履行"), _("不发货、擅自取消订单、霸王条款"),
            (RemedyKind.REFUND,)),
    Problem("dignity", Category.PERSONAL_DIGNITY, _("受到辱骂或歧视"), _("客服或配送人员侮辱、威胁、歧视"),
            (RemedyKind.APOLOGY,)),
    Problem("personal_data", Category.PERSONAL_DATA, _("个人信息被泄露或滥用"), _("骚扰电话、信息被公开或被转卖"),
            (RemedyKind.APOLOGY,)),
    Problem("other", Category.OTHER, _("其他问题"), _("以上都不符合"), (RemedyKind.OTHER,)),
)
PROBLEMS_BY_KEY = {p.key: p for p in PROBLEMS}
assert {p.category for p in PROBLEMS} == set(Category.values), "every complaint class has a plain-language choice"


def problem_for(key: str | None = None, *, category: str | None = None) -> Problem | None:
    """The chosen problem, or the first one of a class (a link from the rights guidance page names the class)."""
    if key in PROBLEMS_BY_KEY:
        return PROBLEMS_BY_KEY[key]
    return next((p for p in PROBLEMS if p.category == category), None)
