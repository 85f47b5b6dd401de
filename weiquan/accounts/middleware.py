"""Integration accounts (the platform's systems, agencies) talk to the API only: no HTML page serves them, even if
a session was somehow opened for one."""

from django.http import HttpResponseForbidden

from weiquan.accounts.models import INTEGRATION_ROLES


class IntegrationAccountsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated and getattr(user, "role", None) in INTEGRATION_ROLES
                and not request.path.startswith("/api/")):
            return HttpResponseForbidden("integration accounts use the API with a token", content_type="text/plain")
        return self.get_response(request)
