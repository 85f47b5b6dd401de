"""The password backend: throttled per account and per address, and closed to integration accounts (the platform,
agencies), which authenticate to the API with tokens only."""

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from weiquan.accounts import throttle
from weiquan.accounts.models import INTEGRATION_ROLES


def client_address(request) -> str | None:
    # REMOTE_ADDR only: a forwarded header is the client's to forge unless a trusted proxy rewrites REMOTE_ADDR.
    return request.META.get("REMOTE_ADDR") if request is not None else None


class GuardedModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        username = username if username is not None else kwargs.get("username", "")
        address = client_address(request)
        if throttle.locked_for(username or "", address):
            raise PermissionDenied("locked out")  # stops every backend; the form says why
        user = super().authenticate(request, username=_by_email(username) or username, password=password, **kwargs)
        if user is not None and getattr(user, "role", None) in INTEGRATION_ROLES:
            user = None  # a machine account has no password sign-in, whatever its password field holds
        if user is None:
            throttle.record_failure(username or "", address)
            return None
        throttle.record_success(username or "")
        return user


def _by_email(login: str | None) -> str | None:
    """A consumer may sign in with their e-mail address: found through its blind index (the column is encrypted).
    Only an address that names exactly one account, and never a machine account's."""
    from django.contrib.auth import get_user_model

    from weiquan.core.crypto import blind_index

    if not login or "@" not in login:
        return None
    names = list(get_user_model().objects.filter(email_index=blind_index(login.strip())).exclude(
        role__in=INTEGRATION_ROLES).values_list("username", flat=True)[:2])
    return names[0] if len(names) == 1 else None
