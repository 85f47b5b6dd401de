"""Personal data a consumer types into free text (phone numbers, ID numbers, addresses, bank cards) is masked for the
merchant with the same redactor the analytics use: the merchant handles the dispute without the consumer's contact
details, which the platform keeps (PIPL Art.6, minimum necessary). Staff and the consumer see the text as written."""

import re

from django.utils.translation import gettext_lazy as _

from weiquan.insight.redaction import redact

WITHHELD = _("［该消费者的个人信息已停止处理，仅作存储和依法处理纠纷之用］")

# A search term with three digits in a row could be part of a phone, ID or card number: a merchant's search never
# matches it against the consumer's text (otherwise "does any case mention 139…?" would answer what masking hides).
_DIGIT_RUN = re.compile(r"\d{3,}")


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
    personal data are left out. Returns the text to search and whether anything was left out. A case reference
    (WQ...) is kept: it is matched against the reference only."""
    kept, dropped = [], False
    for term in (text or "").split():
        if re.fullmatch(r"WQ\d+", term, flags=re.IGNORECASE) or (redact(term).text == term and not _DIGIT_RUN.search(
                term)):
            kept.append(term)
        else:
            dropped = True
    return " ".join(kept), dropped


def mask_titles_for_merchant(rows) -> None:
    """In place, for display only: list rows' titles as the merchant may see them."""
    for row in rows:
        row.title = for_merchant_of(row, row.title)
