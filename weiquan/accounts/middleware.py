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


# Where a staff member who has not passed the second factor may still go: the 2FA pages themselves, signing out.
TWO_FACTOR_OPEN_PATHS = ("/accounts/2fa/", "/accounts/logout/", "/static/", "/i18n/")


class StaffTwoFactorMiddleware:
    """With settings.STAFF_2FA_REQUIRED (on in production), platform staff and administrators must pass a TOTP code
    after their password before any page or API call; the first time, they set up their authenticator."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings

        user = getattr(request, "user", None)
        if (settings.STAFF_2FA_REQUIRED and user is not None and user.is_authenticated
                and (getattr(user, "is_platform_staff", False) or user.is_superuser)
                and not user.is_verified() and not request.path.startswith(TWO_FACTOR_OPEN_PATHS)):
            if request.path.startswith("/api/"):
                from django.http import JsonResponse

                return JsonResponse({"code": "two_factor_required",
                                     "message": "staff must complete two-factor sign-in first"}, status=403)
            from django.shortcuts import redirect
            from django.utils.http import urlencode

            return redirect(f"/accounts/2fa/?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
