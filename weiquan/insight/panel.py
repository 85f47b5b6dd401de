"""The triage panel the console shows on a case: what the machine suggested and the one-click confirm/correct."""

from django.urls import reverse

from weiquan.complaints.models import Category
from weiquan.insight.models import Triage


def triage_context(request, complaint) -> dict:
    triage = Triage.objects.filter(complaint_id=complaint.pk).select_related("confirmed_by").first()
    user = getattr(request, "user", None)
    can_confirm = bool(user and user.is_authenticated and (user.is_superuser or user.role in (
        "agent", "supervisor", "admin")))
    return {
        "complaint": complaint, "triage": triage, "categories": Category.choices,
        "suggested_label": Category(triage.suggested_category).label
        if triage and triage.suggested_category in Category.values else "",
        "final_label": Category(triage.final_category).label
        if triage and triage.final_category in Category.values else "",
        "confidence_pct": round(triage.confidence * 100) if triage else None,
        "confirm_url": reverse("insight:triage_confirm", kwargs={"complaint_id": complaint.pk}),
        "can_confirm": can_confirm, "next": request.get_full_path() if request else "",
    }
