"""The rights assessment stored on a case (the rights engine's answer), laid out for reading, and the rule picker.

The engine's answer is nested data; a page shows it as sections of label / value rows, each rule ID with its title
in the reader's language. Unknown keys are shown as they are rather than hidden.
"""

import re
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

RULE_ID = re.compile(r"^R-[A-Z0-9-]+$")

SECTION_LABELS = {
    "no_reason_return": _("七日无理由退货"),
    "quality_return": _("质量问题退换修"),
    "punitive": _("惩罚性赔偿"),
    "clocks": _("法定时限"),
    "warnings": _("提示"),
}
KEY_LABELS = {
    "eligible": _("是否符合条件"),
    "reason": _("原因"),
    "amount": _("金额"),
    "refund_amount": _("退款金额"),
    "price_refund": _("退还货款"),
    "basis": _("依据"),
    "legal_basis": _("法律依据"),
    "options": _("可选依据与金额"),
    "cap": _("上限"),
    "liable_parties": _("责任方"),
    "route_to_human": _("需人工判断"),
    "window_first_day": _("期限首日"),
    "window_last_day": _("期限末日"),
    "window_last_day_rolled": _("顺延后的末日"),
    "notice_day_index": _("通知日为第几天"),
    "return_shipping_payer": _("退货运费承担方"),
    "transport_costs_payer": _("运费承担方"),
    "refund_due_rule": _("退款期限规则"),
    "remedies": _("可选处理方式"),
    "kind": _("类型"),
    "name": _("名称"),
    "start": _("起算日"),
    "due": _("届满日"),
    "due_rolled": _("顺延后的届满日"),
    "unit": _("单位"),
    "count": _("数量"),
    "days": _("天数"),
    "working_days": _("工作日"),
    "months": _("月数"),
    "code": _("代码"),
    "message": _("说明"),
    "deductions": _("扣减"),
}
YES, NO = _("是"), _("否")


def rule_title(rule_id: str) -> str:
    try:
        from weiquan.rights import RULE_TITLES
    except ImportError:  # the rights engine offers no titles
        return ""
    entry = RULE_TITLES.get(rule_id)
    if not entry:
        return ""
    return entry["en"] if (get_language() or "").startswith("en") else entry["zh"]


def rule_choices() -> list[tuple[str, str]]:
    """Every known rule ID with its title, for the decision form's picker."""
    try:
        from weiquan.rights import RULE_TITLES
    except ImportError:
        return []
    return [(rule_id, f"{rule_id} · {rule_title(rule_id)}") for rule_id in sorted(RULE_TITLES)]


def rule_ids_in(value: Any) -> list[str]:
    """Every rule ID cited anywhere in the assessment (suggestions for the decision form)."""
    found: set[str] = set()

    def walk(node):
        if isinstance(node, dict):
            for key, item in node.items():
                if isinstance(key, str) and RULE_ID.match(key):
                    found.add(key)
                walk(item)
        elif isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, str) and RULE_ID.match(node):
            found.add(node)

    walk(value)
    return sorted(found)


def _scalar(value: Any) -> dict:
    if isinstance(value, bool):
        return {"text": str(YES if value else NO)}
    if value is None:
        return {"text": "—"}
    if isinstance(value, str) and RULE_ID.match(value):
        return {"rule": value, "title": rule_title(value)}
    return {"text": str(value)}


def _rows(node: Any, prefix: str = "") -> list[dict]:
    rows: list[dict] = []
    if isinstance(node, dict):
        for key, value in node.items():
            label = str(KEY_LABELS.get(key, key)) if not RULE_ID.match(str(key)) else str(key)
            path = f"{prefix} · {label}" if prefix else label
            if isinstance(value, (dict, list)) and value and not _flat_list(value):
                rows.extend(_rows(value, path))
            else:
                rows.append({"label": path, "values": _values(value)})
    elif isinstance(node, list):
        for index, value in enumerate(node, start=1):
            path = f"{prefix} {index}" if prefix else str(index)
            if isinstance(value, (dict, list)):
                rows.extend(_rows(value, path))
            else:
                rows.append({"label": path, "values": [_scalar(value)]})
    return rows


def _flat_list(value: Any) -> bool:
    return isinstance(value, list) and all(not isinstance(v, (dict, list)) for v in value)


def _values(value: Any) -> list[dict]:
    if isinstance(value, list):
        return [_scalar(v) for v in value] or [{"text": "—"}]
    if isinstance(value, dict):
        return [{"text": "—"}]
    return [_scalar(value)]


def assessment_sections(assessment: dict | None) -> list[dict]:
    """[{title, rows: [{label, values: [{text} | {rule, title}]}]}]; empty sections are left out."""
    if not assessment or not isinstance(assessment, dict):
        return []
    sections = []
    for key, value in assessment.items():
        if value in (None, [], {}):
            continue
        rows = _rows(value) if isinstance(value, (dict, list)) else [{"label": "", "values": [_scalar(value)]}]
        sections.append({"key": key, "title": str(SECTION_LABELS.get(key, key)), "rows": rows})
    return sections
