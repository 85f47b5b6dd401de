"""Everything the platform holds about one person, for them (PIPL Art.45: the right to access and copy).

Built from the same rows the pages show, scoped to the person: their account and contact data (decrypted for them),
their orders, their phone enquiries (咨询) with what they were told, and for each of their complaints what they as a party may see (not the platform's internal notes,
staff-only files or staff-only events), plus their notifications and the record of who in the platform opened their
full contact data and why (PIPL Art.44, the right to know).
"""

from __future__ import annotations

from django.utils import timezone

FORMAT = "weiquan-personal-data/1"


def _rows(qs, *fields) -> list[dict]:
    return [dict(row) for row in qs.values(*fields)]


def personal_data_export(user) -> dict:
    from weiquan.commerce.models import Order, OrderLine
    from weiquan.complaints.models import Complaint
    from weiquan.complaints.services.enquiry import enquiries_of_caller
    from weiquan.notifications.models import Notification
    from weiquan.privacy.models import PersonalDataAccess

    account = {
        "username": user.username, "role": user.role, "display_name": user.display_name, "phone": user.phone,
        "address": user.address, "email": user.email,
        "email_verified_at": getattr(user, "email_verified_at", None), "preferred_language": user.preferred_language,
        "date_joined": user.date_joined, "last_login": user.last_login,
    }
    orders = []
    for order in Order.objects.filter(consumer=user).select_related("merchant").order_by("placed_at", "pk"):
        orders.append({
            "order_no": order.order_no, "merchant": order.merchant.name, "channel": order.channel,
            "total_paid": order.total_paid, "shipping_fee": order.shipping_fee, "placed_at": order.placed_at,
            "paid_at": order.paid_at, "shipped_at": order.shipped_at, "received_at": order.received_at,
            "lines": _rows(OrderLine.objects.filter(order=order).order_by("line_no"), "line_no", "product__sku", "title",
                           "quantity", "unit_price", "paid_amount"),
        })
    complaints = []
    for case in Complaint.objects.filter(consumer=user).select_related("merchant").order_by("received_at", "pk"):
        complaints.append({
            "reference": case.reference, "merchant": case.merchant.name, "category": case.category,
            "title": case.title, "description": case.description, "remedies_wanted": case.remedies_wanted,
            "amount_claimed": case.amount_claimed, "status": case.status, "received_at": case.received_at,
            "resolved_at": case.resolved_at, "closed_at": case.closed_at, "rating": case.rating,
            "rating_comment": case.rating_comment,
            "messages": _rows(case.messages.filter(staff_only=False).order_by("created_at", "pk"), "author_party",
                              "body", "created_at"),
            "evidence": _rows(case.evidence.filter(staff_only=False).order_by("created_at", "pk"), "uploader_party",
                              "original_name", "content_type", "size", "sha256", "description", "created_at"),
            "merchant_responses": _rows(case.responses.order_by("created_at", "pk"), "kind", "reasons", "outcome",
                                        "created_at"),
            "decisions": _rows(case.decisions.order_by("created_at", "pk"), "outcome", "reasons", "rule_ids",
                               "is_appeal_review", "created_at"),
            "remedies": _rows(case.remedies.order_by("pk"), "kind", "amount", "state", "due_at", "executed_at"),
            "events": _rows(case.events.filter(visible_to_parties=True).order_by("seq"), "type", "at", "actor_role"),
        })
    notifications = _rows(Notification.objects.filter(recipient=user).order_by("created_at", "pk"), "kind", "text",
                          "created_at", "read_at")
    accesses = [{"viewer_role": row["viewer__role"], "fields": row["fields"], "purpose": row["purpose"],
                 "at": row["at"]}
                for row in PersonalDataAccess.objects.filter(subject=user).order_by("at", "pk").values(
                    "viewer__role", "fields", "purpose", "at")]
    return {"format": FORMAT, "generated_at": timezone.now(), "account": account, "orders": orders,
            "complaints": complaints, "enquiries": enquiries_of_caller(user), "notifications": notifications,
            "personal_data_access": accesses}
