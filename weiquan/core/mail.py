"""E-mail that a retry cannot duplicate silently: every message carries a Message-ID derived from what it is about.

SMTP has no idempotency. The outbox task that sends an e-mail marks it sent right after the server accepts it; only a
crash between the server's acceptance and that mark sends it again, and then with the same Message-ID, which mail
clients and most servers treat as the same message (decision 0007).
"""

import hashlib
import hmac

from django.conf import settings
from django.core.mail import EmailMessage


def stable_message_id(kind: str, pk: int) -> str:
    """`<kind.pk.tag@domain>`: the same for every attempt at one message, different across installations."""
    tag = hmac.new(settings.SECRET_KEY.encode(), f"{kind}:{pk}".encode(), hashlib.sha256).hexdigest()[:16]
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip("<> ") or "localhost"
    return f"<{kind}.{pk}.{tag}@{domain}>"


def send_with_message_id(*, message_id: str, subject: str, body: str, to: list[str]) -> None:
    """Send or raise (the outbox retries); never fail silently."""
    subject = " ".join(subject.splitlines())  # a header cannot hold a line break
    EmailMessage(subject, body, None, to, headers={"Message-ID": message_id}).send(fail_silently=False)
