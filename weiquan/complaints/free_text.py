"""Personal data a consumer types into free text (phone numbers, ID numbers, addresses, bank cards) is masked for the
merchant with the same redactor the analytics use: the merchant handles the dispute without the consumer's contact
details, which the platform keeps (PIPL Art.6, minimum necessary). Staff and the consumer see the text as written."""

from weiquan.insight.redaction import redact


def for_merchant(text: str) -> str:
    return redact(text or "").text


def mask_consumer_messages(messages, *, viewer_kind: str | None) -> None:
    """In place, for display only (never saved): the consumer's messages as the merchant may see them."""
    if viewer_kind != "merchant":
        return
    for message in messages:
        if message.author_party == "consumer":
            message.body = for_merchant(message.body)
            message.masked = True
