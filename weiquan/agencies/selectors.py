"""Reads of the agencies app, scoped to who asks: a body's accounts see only their own body's items."""

from __future__ import annotations

from django.db.models import QuerySet

from weiquan.accounts.models import Role

from .models import Body, Transfer
from .services.common import body_of


def _staff(user) -> bool:
    return bool(getattr(user, "is_platform_staff", False))


def transfers_visible_to(user) -> QuerySet[Transfer]:
    rows = Transfer.objects.select_related("body", "complaint", "merchant")
    if _staff(user):
        return rows
    if getattr(user, "role", None) in (Role.AGENCY, Role.AGENCY_API) and (body := body_of(user)) is not None:
        return rows.filter(body=body)
    return rows.none()


def transfer_for(user, *, agency_code: str, reference: str) -> Transfer | None:
    return transfers_visible_to(user).filter(body__code=agency_code, reference=reference).first()


def bodies() -> QuerySet[Body]:
    return Body.objects.all()
