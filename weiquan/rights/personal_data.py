"""Whether a person's data may be erased when they ask (R-PIPL-DELETE), or must be kept until a legal retention period
ends and meanwhile only stored (R-PLAT-RETAIN-3Y: transaction and after-sales records at least 3 years from the
transaction's completion).

Pure: dates in, an answer with its rule IDs out. The product decides what a "transaction" of the person is (their
orders, their closed complaints) and what "restricted" means for its processing (docs/decisions/0014-personal-data-rights-and-erasure.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from weiquan.core.calendar import BusinessCalendar, default_calendar

RETENTION_YEARS = 3
ERASE = "erase"
RESTRICT = "restrict"


@dataclass(frozen=True, slots=True)
class DeletionAnswer:
    action: str  # ERASE now, or RESTRICT (keep, encrypted, used for nothing but storage and legal claims)
    keep_until: date | None  # the last day of the retention period; None while a case is still open
    rule_ids: tuple[str, ...]

    def explain(self) -> str:
        """The answer in words for the person and for staff (the law by name, never a rule ID)."""
        if self.action == ERASE:
            return _("依据《个人信息保护法》第四十七条，您的个人信息将被删除或匿名化。")
        if self.keep_until is None:
            return _("您仍有未结束的投诉。依据《个人信息保护法》第四十七条和《电子商务法》第三十一条，相关信息在投诉"
                     "结束后还须保存三年；在此期间只作存储和依法处理纠纷之用，不再用于其他处理，期满后删除。")
        return _("依据《电子商务法》第三十一条，交易记录须自交易完成之日起保存至少三年。依据《个人信息保护法》第四十七条，"
                 "在保存期限届满（%(date)s）前，您的个人信息只作加密存储和依法处理纠纷之用，期满后删除。") % {
            "date": self.keep_until.isoformat()}


def personal_data_deletion(*, today: date, last_transaction_on: date | None, open_cases: int = 0,
                           calendar: BusinessCalendar | None = None) -> DeletionAnswer:
    """`last_transaction_on`: the day the person's latest transaction or after-sales case was completed (None: none)."""
    if open_cases:
        return DeletionAnswer(RESTRICT, None, ("R-PIPL-DELETE", "R-PLAT-RETAIN-3Y"))
    if last_transaction_on is None:
        return DeletionAnswer(ERASE, None, ("R-PIPL-DELETE",))
    cal = calendar if calendar is not None else default_calendar()
    keep_until = cal.add_years(last_transaction_on, RETENTION_YEARS)  # R-CAL-START: the completion day not counted
    if today <= keep_until:
        return DeletionAnswer(RESTRICT, keep_until, ("R-PIPL-DELETE", "R-PLAT-RETAIN-3Y", "R-CAL-MONTH"))
    return DeletionAnswer(ERASE, keep_until, ("R-PIPL-DELETE", "R-PIPL-RETENTION"))
