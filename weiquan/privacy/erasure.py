"""Erasing one person's personal data across the product (PIPL Art.47), as one recorded act.

Each app erases its own part through its own service: the cases (the consumer's text and files, each case's chain
committing the new digests in a `personal_data_erased` event), the orders' delivery data, transfers in from bodies,
notifications, phone enquiries, and last the account itself, which stays as a pseudonymous row so that every record
pointing at it keeps its meaning. An `Erasure` row says what was done, when, by whom and why; it names no personal data.
"""

from __future__ import annotations

from django.db import transaction


def personal_data_erase(*, actor, subject, reason: str, request=None):
    from weiquan.accounts.services import user_pseudonymise, user_restrict_processing
    from weiquan.agencies.services import transfers_erase_consumer
    from weiquan.commerce.services import orders_erase_recipient
    from weiquan.complaints.services.enquiry import enquiries_erase_caller
    from weiquan.complaints.services.erasure import complaint_erase_personal_data, complaints_of
    from weiquan.notifications.services import notifications_erase_for
    from weiquan.privacy.models import Erasure

    if subject.is_platform_staff or subject.is_merchant_staff:
        raise ValueError("only a consumer's personal data is erased this way")
    counts = {"cases": 0, "messages": 0, "evidence": 0}
    case_ids = complaints_of(subject.pk)
    with transaction.atomic():
        for complaint_id in case_ids:  # each case under its own row lock, in id order
            done = complaint_erase_personal_data(actor=actor, complaint_id=complaint_id, reason=reason)
            counts["cases"] += 1 if any(done.values()) else 0
            counts["messages"] += done["messages"]
            counts["evidence"] += done["evidence"]
        counts["orders"] = orders_erase_recipient(consumer_id=subject.pk)
        counts["transfers"] = transfers_erase_consumer(complaint_ids=case_ids)
        counts["notifications"] = notifications_erase_for(user=subject)
        counts["enquiries"] = enquiries_erase_caller(caller=subject)  # before the account loses its number
        user_pseudonymise(user=subject)
        # What is left is anonymised: it counts in figures again like any case without a person behind it.
        user_restrict_processing(user=subject, restricted=False)
        counts["account"] = 1
        return Erasure.objects.create(subject=subject, actor=actor, request=request, reason=reason[:200],
                                      counts=counts)


def personal_data_restrict(*, actor, subject) -> int:
    """A deletion the law makes wait (R-PIPL-DELETE): from now on the person's data is stored and used for legal
    claims only. Their account is marked (every processing reads `Complaint.objects.processable()`), and each of
    their cases has its free text re-stored encrypted and tells analytics and linking to let it go. Answers how many
    cases were restricted; safe to run twice."""
    from weiquan.accounts.services import user_restrict_processing
    from weiquan.complaints.services.erasure import complaint_restrict_processing, complaints_of

    with transaction.atomic():
        user_restrict_processing(user=subject, restricted=True)
        return sum(complaint_restrict_processing(actor=actor, complaint_id=pk) for pk in complaints_of(subject.pk))
