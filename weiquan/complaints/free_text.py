"""Personal data a consumer types into free text (phone numbers, ID numbers, addresses, bank cards) is masked for the
merchant with the same redactor the analytics use: the merchant handles the dispute without the consumer's contact
details, which the platform keeps (PIPL Art.6, minimum necessary). Staff and the consumer see the text as written."""

import re

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from weiquan.insight.redaction import redact

WITHHELD = _("［该消费者的个人信息已停止处理，仅作存储和依法处理纠纷之用］")

# Six digits in a row could be a phone, ID, card or postal code number, or part of one: a merchant's search never
# matches such a term against the consumer's text (otherwise "does any case mention 139123…?" would answer what
# masking hides).
_LONG_DIGIT_RUN = re.compile(r"\d{6,}")
_CASE_REFERENCE = re.compile(r"WQ\d+", flags=re.IGNORECASE)


def for_merchant(text: str) -> str:
    return redact(text or "").text


def merchant_reads(complaint) -> bool:
    """A restricted consumer's case (R-PIPL-DELETE) is kept for legal claims: the merchant reads its text while the
    dispute is open; once it is over the text is withheld from the merchant (platform staff still read it)."""
    return complaint.is_open or not complaint.text_sealed


def for_merchant_of(complaint, text: str) -> str:
    """The case's free text as its merchant may read it: masked, or withheld when the consumer is restricted."""
    return for_merchant(text) if merchant_reads(complaint) else str(WITHHELD)


def mask_consumer_messages(messages, *, viewer_kind: str | None, complaint=None) -> None:
    """In place, for display only (never saved): the consumer's messages as the merchant may see them."""
    if viewer_kind != "merchant":
        return
    for message in messages:
        if message.author_party == "consumer":
            message.body = for_merchant(message.body) if complaint is None else for_merchant_of(complaint, message.body)
            message.masked = True


def merchant_search_text(text: str) -> tuple[str, bool]:
    """What of a merchant's search may be matched against consumers' free text: terms that are (or could be part of)
    personal data are left out, shorter numbers (a year, an amount, a size) stay. Returns the text to search and
    whether anything was left out. A case reference (WQ...) is kept: it is matched against the reference only."""
    kept, dropped = [], False
    for term in (text or "").split():
        if _CASE_REFERENCE.fullmatch(term) or (redact(term).text == term and not _LONG_DIGIT_RUN.search(term)):
            kept.append(term)
        else:
            dropped = True
    return " ".join(kept), dropped


def whole_numbers_q(text: str) -> Q:
    """The merchant's kept terms that begin or end with a digit match only where that number stands alone in the
    title or description, never inside a longer number: "2026" finds "2026年", not the middle of a phone number,
    so short terms cannot spell one out a few digits at a time."""
    condition = Q()
    for term in text.split():
        if _CASE_REFERENCE.fullmatch(term) or not (term[0].isdigit() or term[-1].isdigit()):
            continue
        # Portable between PostgreSQL's regular expressions and Python's (SQLite's REGEXP): no look-around.
        pattern = (r"(^|[^0-9])" if term[0].isdigit() else "") + re.escape(term) + (
            r"([^0-9]|$)" if term[-1].isdigit() else "")
        condition &= Q(title__regex=pattern) | Q(description__regex=pattern)
    return condition


def mask_titles_for_merchant(rows) -> None:
    """In place, for display only: list rows' titles as the merchant may see them."""
    for row in rows:
        row.title = for_merchant_of(row, row.title)
