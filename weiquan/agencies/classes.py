"""The national 12315 platform's classification: what an item is (投诉 / 举报 / 咨询) and, for complaints, its
problem class as counted in SAMR's complaint statistics, mapped onto the platform's complaint categories."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ItemKind(models.TextChoices):
    COMPLAINT = "complaint", _("投诉")
    REPORT = "report", _("举报")
    ENQUIRY = "enquiry", _("咨询")


class ProblemClass(models.TextChoices):
    """Problem classes of the SAMR complaint statistics (投诉问题类别)."""

    QUALITY = "quality", _("质量")
    SAFETY = "safety", _("安全")
    FOOD_SAFETY = "food_safety", _("食品安全")
    PRICE = "price", _("价格")
    MEASUREMENT = "measurement", _("计量")
    COUNTERFEIT = "counterfeit", _("假冒伪劣")
    CONTRACT = "contract", _("合同")
    FALSE_ADVERTISING = "false_advertising", _("虚假宣传")
    ADVERTISING = "advertising", _("广告")
    PERSONAL_DIGNITY = "personal_dignity", _("人格尊严")
    AFTER_SALES = "after_sales", _("售后服务")
    PERSONAL_DATA = "personal_data", _("个人信息")
    OTHER = "other", _("其他")


# 12315 problem class -> the platform's complaint category (complaints.models.Category values).
TO_PLATFORM_CATEGORY: dict[str, str] = {
    ProblemClass.QUALITY: "quality", ProblemClass.SAFETY: "safety", ProblemClass.FOOD_SAFETY: "safety",
    ProblemClass.PRICE: "price", ProblemClass.MEASUREMENT: "measurement", ProblemClass.COUNTERFEIT: "counterfeit",
    ProblemClass.CONTRACT: "contract", ProblemClass.FALSE_ADVERTISING: "false_advertising",
    ProblemClass.ADVERTISING: "false_advertising", ProblemClass.PERSONAL_DIGNITY: "personal_dignity",
    ProblemClass.AFTER_SALES: "after_sales", ProblemClass.PERSONAL_DATA: "personal_data", ProblemClass.OTHER: "other",
}
# The platform's category -> the 12315 class it is counted under in statutory statistics.
FROM_PLATFORM_CATEGORY: dict[str, str] = {
    "quality": ProblemClass.QUALITY, "safety": ProblemClass.SAFETY, "price": ProblemClass.PRICE,
    "measurement": ProblemClass.MEASUREMENT, "counterfeit": ProblemClass.COUNTERFEIT, "contract": ProblemClass.CONTRACT,
    "false_advertising": ProblemClass.FALSE_ADVERTISING, "personal_dignity": ProblemClass.PERSONAL_DIGNITY,
    "after_sales": ProblemClass.AFTER_SALES, "personal_data": ProblemClass.PERSONAL_DATA, "other": ProblemClass.OTHER,
}
_BY_LABEL = {str(label): value for value, label in ProblemClass.choices} | {"假冒": "counterfeit", "食品": "food_safety"}
_KIND_BY_LABEL = {str(label): value for value, label in ItemKind.choices}


def problem_class(value: str) -> str | None:
    """A class given by code (quality) or by its Chinese name (质量); None when it is neither."""
    value = (value or "").strip()
    if value in ProblemClass.values:
        return value
    return _BY_LABEL.get(value.removesuffix("问题"))


def item_kind(value: str) -> str | None:
    value = (value or "").strip()
    return value if value in ItemKind.values else _KIND_BY_LABEL.get(value)
