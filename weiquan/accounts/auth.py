"""API authentication: bearer tokens for integrations (stored hashed), the session (with CSRF) for the browser."""

from django.utils import timezone
from ninja.security import HttpBearer, django_auth

from weiquan.accounts.models import ApiToken


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        if not token or len(token) > 200:
            return None
        try:  # get(): one row by its unique hash, without the ORDER BY first() would add
            row = ApiToken.objects.select_related("user").get(key_hash=ApiToken.hash_key(token), revoked=False)
        except ApiToken.DoesNotExist:
            return None
        if not row.user.is_active:
            return None
        # Touch last_used_at at most once a minute: a busy integration should not write on every call.
        now = timezone.now()
        if row.last_used_at is None or (now - row.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        request.user = row.user
        return row.user


API_AUTH = [TokenAuth(), django_auth]
