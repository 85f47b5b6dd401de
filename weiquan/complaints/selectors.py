"""Reads that depend on who asks. No view or endpoint builds its own unscoped complaint queryset."""

from django.db.models import Q, QuerySet
from django.utils import timezone

from weiquan.accounts.models import STAFF_ROLES, Role
from weiquan.complaints.models import Complaint, ComplaintEvent, ComplaintQuerySet, Evidence, Message, Status
from weiquan.complaints.workflow import STAFF, actor_kind
from weiquan.core.masking import mask_address, mask_name, mask_phone

# Staff who work cases see consumers' contact data whole; everyone else who may see a case sees it masked.
FULL_PII_ROLES = frozenset({Role.AGENT, Role.SUPERVISOR, Role.ADMIN})
READ_ALL_ROLES = STAFF_ROLES | {Role.INTEGRATION}


def works_cases(user) -> bool:
    """Platform case workers (agents, supervisors, admins): the console's case pages are theirs to open."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active
                and (user.is_superuser or user.role in FULL_PII_ROLES))


def complaints_visible_to(user) -> ComplaintQuerySet:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Complaint.objects.none()
    if user.is_superuser or user.role in READ_ALL_ROLES:
        return Complaint.objects.all()
    if user.role == Role.MERCHANT and user.merchant_id:
        return Complaint.objects.filter(merchant_id=user.merchant_id)
    if user.role == Role.CONSUMER:
        return Complaint.objects.filter(consumer_id=user.pk)
    if user.role == Role.AGENCY:
        # A regulator's or consumer association's staff: only the cases referred to their own body.
        return Complaint.objects.filter(referrals__body__memberships__user_id=user.pk).distinct()
    return Complaint.objects.none()


def complaint_list(user, *, status: str | None = None, merchant_id: int | None = None, category: str | None = None,
                   overdue: bool | None = None, q: str | None = None) -> QuerySet[Complaint]:
    qs = complaints_visible_to(user).select_related("merchant", "assigned_to")
    if status:
        qs = qs.filter(status__in=status.split(","))
    if merchant_id:
        qs = qs.filter(merchant_id=merchant_id)
    if category:
        qs = qs.filter(category__in=category.split(","))
    if overdue is not None:
        now = timezone.now()
        late = Q(deadline__lt=now, clock_paused_at__isnull=True)
        qs = qs.filter(late) if overdue else qs.exclude(late)
    if q and user.role != Role.CONSUMER:  # search is processing: a restricted person's cases are not found
        qs = qs.processable()
    if q and getattr(user, "is_merchant_staff", False):  # never matched on personal data the merchant sees masked
        from weiquan.complaints.free_text import merchant_search_text, whole_numbers_q

        text = merchant_search_text(q)[0]
        qs = qs.filter(Q(reference__iexact=q.strip()) | Q(order__order_no=q.strip()) | (
            (Q(title__icontains=text) | Q(description__icontains=text)) & whole_numbers_q(text) if text
            else Q(pk__in=[])))
    elif q:
        qs = qs.filter(Q(title__icontains=q) | Q(description__icontains=q) | Q(reference__iexact=q))
    return qs


def complaint_get(user, complaint_id: int) -> Complaint:
    """The case if `user` may see it; Complaint.DoesNotExist otherwise (answered as 404, so ids cannot be probed)."""
    return complaints_visible_to(user).select_related("consumer", "merchant", "order", "assigned_to").get(pk=complaint_id)


def sees_staff_material(user, complaint: Complaint) -> bool:
    return actor_kind(complaint, user) in STAFF or getattr(user, "role", None) in STAFF_ROLES


def is_party_or_staff(user, complaint: Complaint) -> bool:
    """The consumer, the merchant's staff, or platform staff; not read-only integrations."""
    return actor_kind(complaint, user) not in (None, "system") or getattr(user, "role", None) in STAFF_ROLES


# What a party does not read: messages the platform addressed to the other party alone.
_OTHER_PARTY = {"consumer": "merchant", "merchant": "consumer"}


def _other_party(user, complaint: Complaint) -> str | None:
    return _OTHER_PARTY.get(actor_kind(complaint, user) or "")


def complaint_events(user, complaint: Complaint) -> QuerySet[ComplaintEvent]:
    qs = complaint.events.select_related("actor").order_by("seq")
    if sees_staff_material(user, complaint):
        return qs
    qs = qs.filter(visible_to_parties=True)
    both = Q(data__to_party__isnull=True)  # no recipient named: every party reads it
    # Others who may read a case (a regulator it was referred to) read what both parties read.
    return qs.filter(both | Q(data__to_party=actor_kind(complaint, user))) if _other_party(user, complaint) \
        else qs.filter(both)


def complaint_messages(user, complaint: Complaint) -> QuerySet[Message]:
    qs = complaint.messages.order_by("created_at", "id")
    if sees_staff_material(user, complaint):
        return qs
    other = _other_party(user, complaint)
    qs = qs.filter(staff_only=False)
    return qs.exclude(to_party=other) if other else qs.filter(to_party="")


def complaint_evidence(user, complaint: Complaint) -> QuerySet[Evidence]:
    qs = complaint.evidence.order_by("created_at", "id")
    return qs if sees_staff_material(user, complaint) else qs.filter(staff_only=False)


def consumer_contact(user, complaint: Complaint) -> dict:
    """The consumer's name, phone and address as this viewer may see them."""
    consumer = complaint.consumer
    whole = user.pk == consumer.pk or user.is_superuser or user.role in FULL_PII_ROLES
    if whole:
        if user.pk != consumer.pk:
            from weiquan.privacy.services import personal_data_access_log

            personal_data_access_log(viewer=user, subject=consumer, fields=["name", "phone", "address"],
                                     purpose=f"complaint {complaint.reference}")
        return {"name": consumer.display_name, "phone": consumer.phone, "address": consumer.address, "masked": False}
    return {"name": mask_name(consumer.display_name), "phone": mask_phone(consumer.phone),
            "address": mask_address(consumer.address), "masked": True}


def consumer_contact_masked(complaint: Complaint) -> dict:
    """The consumer's name, phone and address masked, as every staff page shows them until a worker asks to see one
    whole, with a reason (services.contact.contact_reveal)."""
    consumer = complaint.consumer
    return {"name": mask_name(consumer.display_name), "phone": mask_phone(consumer.phone),
            "address": mask_address(consumer.address), "masked": True}


OPEN_STATUSES = [s for s in Status.values if s not in {"not_accepted", "closed", "withdrawn"}]


def consumer_cases_last_closed(user):
    """When the person's latest case was closed (after-sales records are kept from then, R-PLAT-RETAIN-3Y)."""
    from django.db.models import Max

    return Complaint.objects.filter(consumer=user).aggregate(at=Max("closed_at"))["at"]


def consumer_open_case_count(user) -> int:
    return Complaint.objects.filter(consumer=user, closed_at__isnull=True).exclude(
        status__in=["not_accepted", "withdrawn", "closed"]).count()
