"""The guidance page's questions, and how the answers become the engine's facts and a pre-filled complaint.

The questions are the plain-language side of the facts contract (RIGHTS_API.md): how the goods were bought, for what
use, what kind of goods (the statutory exclusions and the ones that need confirmation at purchase), the price, the
day they were signed for, what happened and in what condition the goods are.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from weiquan.core.calendar import SHANGHAI
from weiquan.core.money import format_cny

from .facts_document import MONEY_BACK, NO_REASON_CATEGORIES, facts_document

CHANNEL_CHOICES = [
    ("online", gettext_lazy("网上购买（网店、App、直播间）")),
    ("tv", gettext_lazy("电视购物")),
    ("phone", gettext_lazy("电话购物")),
    ("mail", gettext_lazy("邮购")),
    ("offline", gettext_lazy("在实体店购买")),
]
PURPOSE_CHOICES = [
    ("personal", gettext_lazy("自己或家人生活使用")),
    ("business", gettext_lazy("经营使用（转卖、公司采购等）")),
]
# (value, label, the contract field it sets)
GOODS_KINDS = [
    ("ordinary", gettext_lazy("普通商品"), None),
    ("customized", gettext_lazy("按我的要求定作的商品"), "statutory_exclusion"),
    ("fresh_perishable", gettext_lazy("生鲜、鲜花等鲜活易腐的商品"), "statutory_exclusion"),
    ("digital_downloaded_or_unsealed", gettext_lazy("已下载，或我已拆封的音像制品、软件等数字商品"), "statutory_exclusion"),
    ("newspaper_periodical", gettext_lazy("报纸、期刊"), "statutory_exclusion"),
    ("safety_health_once_unsealed", gettext_lazy("拆封后影响人身安全、健康或质量易变的商品（如贴身内衣、食品、化妆品）"),
     "confirmable_exclusion"),
    ("value_drops_once_activated", gettext_lazy("一经激活或试用价值明显下降的商品（如手机、电脑）"), "confirmable_exclusion"),
    ("near_expiry_or_defective_disclosed", gettext_lazy("销售时已说明临近保质期或有瑕疵的商品"), "confirmable_exclusion"),
]
HAPPENED_CHOICES = [
    ("changed_mind", gettext_lazy("不想要了（不喜欢、不合适）")),
    ("defect", gettext_lazy("发现质量问题")),
    ("fake", gettext_lazy("疑似假货")),
    ("misdescribed", gettext_lazy("与宣传、描述不符")),
    ("food_safety", gettext_lazy("食品不符合食品安全标准（过期、变质等）")),
    ("injury", gettext_lazy("商品造成了人身伤害")),
]
CONDITION_CHOICES = [
    ("complete", gettext_lazy("未拆封，或完好如初")),
    ("opened_tested", gettext_lazy("已拆封查看或试用，商品完好")),
    ("tags_removed", gettext_lazy("吊牌已剪掉或标签损坏")),
    ("accessories_missing", gettext_lazy("配件或赠品不全")),
    ("used", gettext_lazy("已经使用，有明显使用痕迹")),
    ("activated", gettext_lazy("已激活，或留有个人使用数据")),
    ("seal_broken", gettext_lazy("食品、化妆品等的一次性密封已拆")),
]
# What the condition answer says about the goods (contract `goods` block; unnamed keys keep their defaults).
CONDITION_GOODS = {
    "complete": {},
    "opened_tested": {"package_opened": True},
    "tags_removed": {"package_opened": True, "labels_intact": False},
    "accessories_missing": {"package_opened": True, "accessories_complete": False},
    "used": {"package_opened": True, "reasonable_testing_only": False, "usage_marks": True},
    "activated": {"package_opened": True, "activated_or_personal_data": True},
    "seal_broken": {"package_opened": True, "food_or_cosmetic_seal_broken": True},
}
# The complaint category and the remedies a complaint about each would ask for when the engine proposes none.
HAPPENED_CATEGORY = {
    "changed_mind": "after_sales", "defect": "quality", "fake": "counterfeit", "misdescribed": "false_advertising",
    "food_safety": "safety", "injury": "safety",
}
FALLBACK_REMEDIES = {
    "changed_mind": ["return", "refund"], "defect": ["exchange"], "fake": ["return", "refund", "compensation"],
    "misdescribed": ["return", "refund", "compensation"], "food_safety": ["refund", "compensation"],
    "injury": ["refund", "compensation"],
}
# The filing wizard's problem for each answer (complaints/views/filing.py PROBLEMS).
HAPPENED_PROBLEM = {
    "changed_mind": "no_reason_refused", "defect": "defect", "fake": "counterfeit", "misdescribed": "not_as_described",
    "food_safety": "safety", "injury": "safety",
}
TITLES = {
    "changed_mind": gettext_lazy("申请七日无理由退货"),
    "defect": gettext_lazy("商品存在质量问题"),
    "fake": gettext_lazy("商品疑似假货"),
    "misdescribed": gettext_lazy("商品与宣传描述不符"),
    "food_safety": gettext_lazy("食品不符合食品安全标准"),
    "injury": gettext_lazy("商品造成人身伤害"),
}
PUNITIVE_HAPPENINGS = frozenset({"fake", "misdescribed", "food_safety", "injury"})
# What happened raises a no-reason return where its complaint would (facts_document decides, for both).
NO_REASON_HAPPENINGS = frozenset(happened for happened, category in HAPPENED_CATEGORY.items()
                                 if category in NO_REASON_CATEGORIES and MONEY_BACK & set(FALLBACK_REMEDIES[happened]))
MAX_PRICE = Decimal("100000000.00")


def today_in_shanghai() -> date:
    return timezone.now().astimezone(SHANGHAI).date()


def local_day(moment: datetime | None) -> date | None:
    return None if moment is None else moment.astimezone(SHANGHAI).date()


class GuideForm(forms.Form):
    order = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)
    channel = forms.ChoiceField(label=gettext_lazy("您是怎么买的？"), choices=CHANNEL_CHOICES, initial="online",
                                widget=forms.RadioSelect)
    purpose = forms.ChoiceField(label=gettext_lazy("买来做什么用？"), choices=PURPOSE_CHOICES, initial="personal",
                                widget=forms.RadioSelect)
    goods_kind = forms.ChoiceField(label=gettext_lazy("是什么样的商品？"),
                                   choices=[(value, text) for value, text, _field in GOODS_KINDS], initial="ordinary")
    confirmed_at_purchase = forms.BooleanField(
        required=False, label=gettext_lazy("下单时，我在页面上逐单确认过这件商品“不支持七天无理由退货”"))
    seller_promise = forms.BooleanField(
        required=False, label=gettext_lazy("商家承诺这件商品也支持七天无理由退货"))
    price = forms.DecimalField(label=gettext_lazy("实付金额（元）"), min_value=Decimal("0.01"), max_value=MAX_PRICE,
                               max_digits=12, decimal_places=2,
                               widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
    receipt_date = forms.DateField(label=gettext_lazy("签收日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    happened = forms.ChoiceField(label=gettext_lazy("发生了什么？"), choices=HAPPENED_CHOICES, widget=forms.RadioSelect)
    event_date = forms.DateField(label=gettext_lazy("您提出退货或发现问题的日期"),
                                 widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    condition = forms.ChoiceField(label=gettext_lazy("商品现在的状况"), choices=CONDITION_CHOICES, initial="complete")
    seller_knew = forms.BooleanField(required=False, label=gettext_lazy("有证据表明商家事先知道这个问题"))
    loss = forms.DecimalField(label=gettext_lazy("货款以外的损失（元，如医疗费，可不填）"), required=False,
                              min_value=Decimal("0"), max_value=MAX_PRICE, max_digits=12, decimal_places=2,
                              widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        today = today_in_shanghai()
        receipt, event = data.get("receipt_date"), data.get("event_date")
        if receipt and receipt > today:
            self.add_error("receipt_date", _("签收日期不能晚于今天。"))
        if event and event > today:
            self.add_error("event_date", _("这个日期不能晚于今天。"))
        elif event and receipt and event < receipt:
            self.add_error("event_date", _("这个日期不能早于签收日期。"))
        return data

    # -- the facts ------------------------------------------------------------------------------------------------

    def facts(self) -> dict[str, Any]:
        """The answers as a facts document of the engine's contract (call after is_valid())."""
        data = self.cleaned_data
        kind = next(entry for entry in GOODS_KINDS if entry[0] == data["goods_kind"])
        purchase: dict[str, Any] = {
            "channel": data["channel"],
            "purpose": data["purpose"],
            "price_paid": f"{data['price']:.2f}",
            "receipt_date": data["receipt_date"].isoformat(),
            "seller_promises_no_reason_return": data["seller_promise"],
        }
        if kind[2] is not None:
            purchase[kind[2]] = kind[0]
        if kind[2] == "confirmable_exclusion":
            purchase["exclusion_confirmed_at_purchase"] = data["confirmed_at_purchase"]
        happened = data["happened"]
        stated: dict[str, Any] = {"goods": dict(CONDITION_GOODS[data["condition"]])}
        if happened in PUNITIVE_HAPPENINGS:
            stated["claim"] = {"defect": self._defect(happened, data)}
        # The same function builds a case's facts: the page and the complaint it files put the same questions.
        return facts_document(as_of=today_in_shanghai(), purchase=purchase, category=HAPPENED_CATEGORY[happened],
                              remedies_wanted=FALLBACK_REMEDIES[happened], stated=stated,
                              event_day=data["event_date"])

    @staticmethod
    def _defect(happened: str, data: dict[str, Any]) -> dict[str, Any]:
        defect: dict[str, Any] = {"seller_knew": data["seller_knew"]}
        if data.get("loss"):
            defect["loss"] = f"{data['loss']:.2f}"
        if happened in ("fake", "misdescribed"):
            defect["fraud"] = True
        elif happened == "food_safety":
            defect["food_safety_violation"] = True
        else:
            defect["injury"] = "serious"
        return defect

    # -- the complaint it would become -----------------------------------------------------------------------------

    def complaint_fields(self, proposed: list[dict[str, Any]], punitive: dict[str, Any] | None) -> dict[str, str]:
        """What the filing wizard is pre-filled with: category, remedies, amount, title and description."""
        data = self.cleaned_data
        happened = data["happened"]
        remedies = [row["kind"] for row in proposed] or list(FALLBACK_REMEDIES[happened])
        amount = sum((Decimal(row["amount"]) for row in proposed), Decimal("0"))
        if punitive and punitive.get("amount") not in (None, "0.00"):
            if "compensation" not in remedies:
                remedies.append("compensation")
            amount += Decimal(punitive["amount"])
        if not proposed and "refund" in remedies:
            amount += data["price"]
        condition = dict(CONDITION_CHOICES)[data["condition"]]
        description = _("我于 %(receipt)s 签收商品，实付 %(price)s。%(day)s：%(happened)s。商品状况：%(condition)s。") % {
            "receipt": data["receipt_date"].isoformat(), "price": format_cny(data["price"]),
            "day": data["event_date"].isoformat(), "happened": dict(HAPPENED_CHOICES)[happened],
            "condition": condition,
        }
        return {
            "category": HAPPENED_CATEGORY[happened],
            "problem": HAPPENED_PROBLEM[happened],
            "remedies": ",".join(dict.fromkeys(remedies)),
            "amount": f"{amount:.2f}",
            "title": str(TITLES[happened]),
            "description": description,
            **self.wizard_answers(),
        }

    def wizard_answers(self) -> dict[str, str]:
        """The answers the filing wizard asks again (its `fact_*` questions), so the consumer does not repeat them."""
        data = self.cleaned_data
        happened, day = data["happened"], data["event_date"].isoformat()
        answers = {"fact_condition": data["condition"], "fact_goods_kind": data["goods_kind"]}
        answers["fact_nr_day" if happened in NO_REASON_HAPPENINGS else "fact_defect_day"] = day
        if data["seller_knew"]:
            answers["fact_seller_knew"] = "1"
        if data.get("loss"):
            answers["fact_loss"] = f"{data['loss']:.2f}"
        if happened == "food_safety":
            answers.update(fact_product="food", fact_food_unsafe="1")
        elif happened == "injury":
            answers["fact_injury"] = "serious"
        return answers
