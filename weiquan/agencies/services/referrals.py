"""Cases out: a referral to a regulator or consumer association with its evidence bundle, the messages and document
requests between the body and the platform, and the outcome the body reports back onto the case."""

from __future__ import annotations

import hashlib

from django.db import IntegrityError, transaction
from django.utils import timezone

from weiquan.accounts.models import Role
from weiquan.complaints.event_types import EventType
from weiquan.complaints.models import Complaint
from weiquan.complaints.services.common import write_event

from ..models import AgencyAccessLog, Body, BodyKind, Referral, ReferralMessage, ReferralOutcome, ReferralStatus
from .common import AgencyError, body_of

REFERABLE_KINDS = (BodyKind.REGULATOR, BodyKind.ASSOCIATION, BodyKind.COURT)


def _staff(actor) -> bool:
    return bool(getattr(actor, "is_platform_staff", False))


def referral_create(*, actor, complaint: Complaint, body: Body, note: str = "") -> Referral:
    """Refer the case (staff only); the bundle's SHA-256 is kept so the body can check it got the same file."""
    from ..bundle import build_bundle

    if not _staff(actor):
        raise AgencyError("staff only", code="forbidden", status=403)
    if body.kind not in REFERABLE_KINDS or not body.active:
        raise AgencyError("cases are referred to an active regulator, consumer association or court", field="body")
    contact = {"name": complaint.consumer.display_name, "phone": complaint.consumer.phone}
    bundle = build_bundle(complaint=complaint, body=body, referral_note=note, contact=contact)
    try:
        with transaction.atomic():
            locked = Complaint.objects.select_for_update(of=("self",)).get(pk=complaint.pk)
            referral = Referral.objects.create(complaint=locked, body=body, referred_by=actor, note=note[:2000],
                                               bundle_sha256=hashlib.sha256(bundle).hexdigest())
            write_event(locked, type=EventType.REFERRED, actor=actor,
                        data={"body": body.code, "body_name": body.name, "bundle_sha256": referral.bundle_sha256})
    except IntegrityError:
        raise AgencyError("this case was already referred to this body", code="conflict", status=409) from None
    return referral


def _referral_of_body(actor, referral: Referral) -> Body:
    body = body_of(actor)
    if getattr(actor, "role", None) != Role.AGENCY or body is None or body.pk != referral.body_id:
        raise AgencyError("not found", code="not_found", status=404)
    return body


def referral_message_add(*, actor, referral: Referral, text: str, kind: str = ReferralMessage.Kind.MESSAGE):
    from_body = not _staff(actor)
    if from_body:
        _referral_of_body(actor, referral)
    text = (text or "").strip()
    if not text:
        raise AgencyError("text is required", field="text")
    if kind not in ReferralMessage.Kind.values:
        raise AgencyError("unknown kind", field="kind")
    with transaction.atomic():
        message = ReferralMessage.objects.create(referral=referral, author=actor, from_body=from_body, kind=kind,
                                                 text=text[:5000])
        if referral.status == ReferralStatus.REFERRED and from_body:
            Referral.objects.filter(pk=referral.pk).update(status=ReferralStatus.IN_PROGRESS)
        locked = Complaint.objects.select_for_update(of=("self",)).get(pk=referral.complaint_id)
        write_event(locked, type=EventType.REFERRAL_DOCUMENT_REQUEST if kind == ReferralMessage.Kind.DOCUMENT_REQUEST
                    else EventType.REFERRAL_MESSAGE, actor=actor, visible_to_parties=False,
                    data={"body": referral.body.code, "text": message.text})
    return message


def referral_conclude(*, actor, referral: Referral, outcome: str, text: str) -> Referral:
    """The body reports how it concluded; the outcome goes onto the case's record."""
    _referral_of_body(actor, referral)
    if outcome not in ReferralOutcome.values:
        raise AgencyError("unknown outcome", field="outcome")
    if not (text or "").strip():
        raise AgencyError("text is required", field="text")
    with transaction.atomic():
        referral = Referral.objects.select_for_update().get(pk=referral.pk)
        if referral.status == ReferralStatus.CONCLUDED:
            raise AgencyError("this referral is already concluded", code="conflict", status=409)
        referral.status, referral.outcome, referral.outcome_text = ReferralStatus.CONCLUDED, outcome, text.strip()
        referral.outcome_at = timezone.now()
        referral.save()
        locked = Complaint.objects.select_for_update(of=("self",)).get(pk=referral.complaint_id)
        write_event(locked, type=EventType.REFERRAL_OUTCOME, actor=actor,
                    data={"body": referral.body.code, "body_name": referral.body.name, "outcome": outcome,
                          "text": referral.outcome_text})
    return referral


def agency_view_log(*, user, complaint: Complaint | None, what: str) -> None:
    body = body_of(user)
    if body is not None:
        AgencyAccessLog.objects.create(user=user, body=body, complaint=complaint, what=what[:40])
