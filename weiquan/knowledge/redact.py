"""A closed case turned into the text of a case-study draft, with personal data removed by the platform's redactor.

The redactor finds phone numbers, ID numbers, bank cards, e-mail, street addresses and known names by pattern; on top
of it, everything the case itself knows about the consumer (name, username, phone, address) and the order number is
replaced wherever it appears verbatim, so that even a format the patterns miss never reaches the public page.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from weiquan.insight.redaction import TAGS, redact


def _known(complaint) -> list[tuple[str, str]]:
    consumer = complaint.consumer
    pairs = [
        (consumer.phone or "", TAGS["mobile"]),
        (consumer.address or "", TAGS["address"]),
        (consumer.display_name or "", TAGS["name"]),
        (consumer.get_full_name() or "", TAGS["name"]),
        (consumer.username or "", TAGS["name"]),
        (consumer.email or "", TAGS["email"]),
    ]
    order = getattr(complaint, "order", None)
    if order is not None and getattr(order, "order_no", ""):
        pairs.append((order.order_no, _("[订单号]")))
    pairs.append((complaint.reference, _("[投诉编号]")))
    return sorted(((value.strip(), tag) for value, tag in pairs if len(value.strip()) >= 2), key=lambda p: -len(p[0]))


# An ID number the writer calls one, even with a wrong check digit (the redactor only trusts valid ones, to spare
# order numbers): on a public page a mistyped ID number is still someone's.
_SIGNALLED_ID = re.compile(r"(身份证(?:号码|号)?|ID(?: card)?(?: number| no\.?)?)([:：\s]*)(\d{15}(?:\d{2}[\dXx])?)",
                           re.IGNORECASE)


def scrub(text: str, complaint) -> str:
    """`text` without the case's personal data: known values first, then the redactor's patterns."""
    text = _SIGNALLED_ID.sub(lambda m: f"{m.group(1)}{m.group(2)}{TAGS['id_card']}", text)
    for value, tag in _known(complaint):
        text = re.sub(re.escape(value), tag, text, flags=re.IGNORECASE)
        digits = re.sub(r"\D", "", value)
        if tag == TAGS["mobile"] and len(digits) >= 7:
            # The same number written with spaces or dashes (138 1234 5678, 138-1234-5678).
            text = re.sub(r"[\s-]*".join(re.escape(d) for d in digits), tag, text)
    names = [n for n in (complaint.consumer.display_name, complaint.consumer.get_full_name()) if n]
    return redact(text, party_names=names).text


def draft_title(complaint) -> str:
    """A case study's drafted title in the active language: the kind of dispute and the case's own title."""
    return scrub(_("%(category)s纠纷：%(title)s") % {"category": complaint.get_category_display(),
                                                    "title": complaint.title}, complaint)[:200]


def case_study_draft_text(complaint) -> dict:
    decisions = list(complaint.decisions.order_by("id"))
    responses = list(complaint.responses.order_by("id"))
    remedies = [r for r in complaint.remedies.order_by("id") if r.state in ("executed", "ordered")]
    handling_parts = []
    for response in responses:
        if response.reasons:
            handling_parts.append(_("商家答复：%(text)s") % {"text": response.reasons})
    for decision in decisions:
        handling_parts.append(_("平台处理意见：%(text)s") % {"text": decision.reasons})
    if not handling_parts:
        handling_parts.append(_("平台受理投诉后转商家处理，并跟进至结案。"))
    outcome_parts = [
        f"{r.get_kind_display()}{' ¥' + format(r.amount, ',.2f') if r.amount else ''}" for r in remedies
    ]
    outcome = (_("处理结果：%(items)s。") % {"items": _("、").join(outcome_parts)}) if outcome_parts else ""
    outcome += _("案件状态：%(status)s。") % {"status": complaint.get_status_display()}
    rule_ids: list[str] = []
    for decision in decisions:
        rule_ids.extend(decision.rule_ids or [])
    for remedy in remedies:
        rule_ids.extend(remedy.rule_ids or [])
    return {
        "title": draft_title(complaint),
        "facts": scrub(complaint.description, complaint),
        "handling": scrub("\n\n".join(handling_parts), complaint),
        "outcome": scrub(outcome, complaint),
        "lesson": "",
        "rule_ids": list(dict.fromkeys(rule_ids)),
    }
