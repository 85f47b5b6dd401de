"""Erasing one person's personal data across the product (PIPL Art.47), as one recorded act.

Each app erases its own part through its own service: the cases (the consumer's text and files, each case's chain
committing the new digests in a `personal_data_erased` event), the orders' delivery data, transfers in from bodies,
notifications, phone enquiries, and last the account itself, which stays as a pseudonymous row so that every record
pointing at it keeps its meaning. An `Erasure` row says what was done, when, by whom and why; it names no personal data.
"""

from __future__ import annotations

from django.db import transaction


def personal_data_erase(*, actor, subject, reason: str, request=None):
    from weiquan.accounts.services import user_pseudonymise
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
        counts["account"] = 1
        return Erasure.objects.create(subject=subject, actor=actor, request=request, reason=reason[:200],
                                      counts=counts)
