"""Reads the pages need beyond `selectors.py`, always starting from a scoped queryset (`complaints_visible_to`)."""

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from weiquan.accounts.models import SERVICE_ACCOUNTS, Role
from weiquan.commerce.models import Order, OrderLine
from weiquan.complaints.models import Complaint, Decision, MerchantResponse, Remedy, Status
from weiquan.complaints.selectors import complaints_visible_to


def case_get(user, complaint_id: int) -> Complaint:
    """One case for a page, with what its header shows; Complaint.DoesNotExist when `user` may not see it."""
    return (
        complaints_visible_to(user)
        .select_related("consumer", "merchant", "order", "assigned_to", "duplicate_of")
        .prefetch_related(Prefetch("lines", queryset=OrderLine.objects.order_by("line_no")))
        .get(pk=complaint_id)
    )


def case_outcomes(complaint: Complaint) -> dict:
    """Offers, decisions and remedies of a case (each party of the case sees all of them)."""
    remedies = list(complaint.remedies.order_by("id"))
    responses = list(complaint.responses.select_related("responder").order_by("id"))
    decisions = list(complaint.decisions.order_by("id"))
    by_response: dict[int, list[Remedy]] = {}
    by_decision: dict[int, list[Remedy]] = {}
    for remedy in remedies:
        if remedy.response_id:
            by_response.setdefault(remedy.response_id, []).append(remedy)
        if remedy.decision_id:
            by_decision.setdefault(remedy.decision_id, []).append(remedy)
    pending = next((r for r in reversed(responses) if r.outcome == MerchantResponse.Outcome.PENDING), None)
    return {
        "remedies": remedies,
        "responses": [{"response": r, "remedies": by_response.get(r.pk, [])} for r in responses],
        "decisions": [{"decision": d, "remedies": by_decision.get(d.pk, [])} for d in decisions],
        "pending_offer": {"response": pending, "remedies": by_response.get(pending.pk, [])} if pending else None,
        "owed_remedies": [r for r in remedies if r.state == Remedy.State.ORDERED],
        "appeal": getattr(complaint, "appeal", None) if complaint.appeal_used else None,
    }


def assignable_staff(complaint=None) -> QuerySet:
    """People a supervisor may assign a case to (not the accounts the platform itself acts as). An appeal goes only
    to a supervisor other than the one who decided the case (only they may review it)."""
    people = get_user_model().objects.filter(is_active=True, role__in=[Role.AGENT, Role.SUPERVISOR])
    if complaint is not None and complaint.status == Status.APPEALED:
        people = people.filter(role=Role.SUPERVISOR)
        decided_by = complaint.decisions.order_by("-pk").values_list("decided_by_id", flat=True).first()
        if decided_by:
            people = people.exclude(pk=decided_by)
    return people.exclude(username__in=SERVICE_ACCOUNTS).order_by("username")


def consumer_orders(user) -> QuerySet[Order]:
    """The consumer's own orders, newest first, with their lines and how many open complaints each has."""
    if not getattr(user, "is_authenticated", False) or user.role != Role.CONSUMER:
        return Order.objects.none()
    return (
        Order.objects.filter(consumer_id=user.pk)
        .select_related("merchant")
        .prefetch_related(Prefetch("lines", queryset=OrderLine.objects.order_by("line_no")))
        .annotate(complaint_count=Count("complaints", distinct=True))
        .order_by("-placed_at", "-id")
    )


def consumer_order_get(user, order_no: str) -> Order:
    """Order.DoesNotExist unless it is this consumer's."""
    return consumer_orders(user).get(order_no=order_no)


def consumer_complaints(user, *, status_group: str | None = None) -> QuerySet[Complaint]:
    """The consumer's complaints for the list page: one query whatever the number of rows."""
    # A resolved case whose remedy is still owed is not done for the consumer: it shows as 待履行 until executed.
    owed = Exists(Remedy.objects.filter(complaint=OuterRef("pk"), state=Remedy.State.ORDERED))
    qs = (complaints_visible_to(user).select_related("merchant", "order").annotate(remedy_owed=owed)
          .order_by("-received_at", "-id"))
    if status_group == "open":
        qs = qs.filter(~Q(status__in=["not_accepted", "closed", "withdrawn", "resolved"])
                       | Q(status="resolved", remedy_owed=True))
    elif status_group == "done":
        qs = qs.filter(status__in=["not_accepted", "closed", "withdrawn", "resolved"]).exclude(
            status="resolved", remedy_owed=True)
    elif status_group == "mine":
        qs = qs.filter(Q(next_party="consumer")).exclude(status__in=["not_accepted", "closed", "withdrawn"])
    return qs


def cases_with_remedy_owed(complaint_ids) -> set[int]:
    """Of these (resolved) cases, those with a remedy ordered and not yet carried out: every list shows them as 待履行,
    as the case page and the consumer's list do."""
    ids = list(complaint_ids)
    if not ids:
        return set()
    return set(Remedy.objects.filter(complaint_id__in=ids, state=Remedy.State.ORDERED)
               .values_list("complaint_id", flat=True).distinct().order_by())


def pending_decision(complaint: Complaint) -> Decision | None:
    return complaint.decisions.order_by("-id").first()
