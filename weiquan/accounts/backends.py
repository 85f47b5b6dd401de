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
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None and getattr(user, "role", None) in INTEGRATION_ROLES:
            user = None  # a machine account has no password sign-in, whatever its password field holds
        if user is None:
            throttle.record_failure(username or "", address)
            return None
        throttle.record_success(username or "")
        return user
