"""Canned replies for case workers: the knowledge base's reply templates, filled from the case.

A template names {consumer}, {reference}, {merchant} and {deadline}; only these are filled (any other braces are
left as written). The text is in the consumer's own language, since the consumer is who a reply answers. The
consumer is named masked ("张*"): a reply may go to both parties, and the merchant never sees the whole name.
Replies whose topic explains the case's category come first.
"""

import re

from django.utils import translation
from django.utils.formats import date_format

from weiquan.complaints.models import Complaint
from weiquan.complaints.sla import SHANGHAI
from weiquan.core.masking import mask_name

PLACEHOLDER = re.compile(r"\{(consumer|reference|merchant|deadline)\}")


def _deadline_text(complaint: Complaint, english: bool) -> str:
    if complaint.deadline is None or complaint.clock_paused_at is not None:
        return "the date we will tell you" if english else "另行告知的日期"
    local = complaint.deadline.astimezone(SHANGHAI)
    with translation.override("en" if english else "zh-hans"):
        day = date_format(local, "N j, Y, H:i" if english else "Y年n月j日 H:i")
    return f"{day} (Beijing time)" if english else f"{day}（北京时间）"


def placeholders(complaint: Complaint, *, english: bool) -> dict[str, str]:
    consumer = mask_name(complaint.consumer.display_name) or ("consumer" if english else "消费者")
    return {"consumer": consumer, "reference": complaint.reference, "merchant": complaint.merchant.name,
            "deadline": _deadline_text(complaint, english)}


def fill(template: str, values: dict[str, str]) -> str:
    return PLACEHOLDER.sub(lambda m: values[m.group(1)], template)


def canned_replies(complaint: Complaint) -> list[dict[str, object]]:
    """[{slug, title, body}] for the reply picker: titles in the page's language, bodies filled in the consumer's."""
    from weiquan.knowledge.selectors import CATEGORY_TOPICS, articles_with_replies

    english = (complaint.consumer.preferred_language or "").startswith("en")
    page_english = (translation.get_language() or "").startswith("en")
    values = placeholders(complaint, english=english)
    topics = CATEGORY_TOPICS.get(complaint.category, ())
    articles = sorted(articles_with_replies(), key=lambda a: (a.topic not in topics, a.id))
    return [{"slug": a.slug, "title": a.title_en if page_english else a.title_zh,
             "body": fill(a.reply_en if english and a.reply_en else a.reply_zh, values),
             "related": a.topic in topics} for a in articles]
