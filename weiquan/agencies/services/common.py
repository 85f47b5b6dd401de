from django.contrib.auth import get_user_model

from weiquan.accounts.models import Role
from weiquan.core.errors import DomainError


class AgencyError(DomainError, ValueError):
    """A refused request: `code` and `status` as the API answers them, `field` the input at fault."""

    def __init__(self, message: str, *, field: str | None = None, code: str = "invalid", status: int = 422):
        super().__init__(code, message, field=field, status=status)


# The account the platform itself acts as when it files a transferred case's placeholder order (it cannot log in).
TRANSFER_ACCOUNT = "platform-transfers"


def transfer_account():
    user, created = get_user_model().objects.get_or_create(
        username=TRANSFER_ACCOUNT, defaults={"role": Role.INTEGRATION, "is_active": False})
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def body_of(user):
    """The body `user` belongs to (agency staff or a body's integration account), or None."""
    membership = getattr(user, "agency_membership", None) if getattr(user, "is_authenticated", False) else None
    try:
        return membership.body if membership is not None else None
    except Exception:  # noqa: BLE001 (a dangling membership reads as none)
        return None
