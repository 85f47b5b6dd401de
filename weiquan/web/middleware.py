"""Language that follows the person: with no language cookie yet (a new browser, a fresh login), a logged-in user
sees the language saved in their profile rather than whatever the browser asks for."""

from django.conf import settings
from django.utils import translation

LANGUAGES = dict(settings.LANGUAGES)


class PreferredLanguageMiddleware:
    """Goes after AuthenticationMiddleware (it needs request.user)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = None
        user = getattr(request, "user", None)
        if (settings.LANGUAGE_COOKIE_NAME not in request.COOKIES and user is not None and user.is_authenticated
                and user.preferred_language in LANGUAGES):
            chosen = user.preferred_language
            translation.activate(chosen)
            request.LANGUAGE_CODE = chosen
        response = self.get_response(request)
        if chosen and settings.LANGUAGE_COOKIE_NAME not in response.cookies:  # a switch in this request wins
            response.headers.setdefault("Content-Language", chosen)
            response.set_cookie(settings.LANGUAGE_COOKIE_NAME, chosen, max_age=365 * 24 * 3600,
                                path=settings.LANGUAGE_COOKIE_PATH, samesite="Lax")
        return response
