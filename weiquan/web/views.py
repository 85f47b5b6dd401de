"""Pages that belong to no single app: the home page and the language switch."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from weiquan.accounts.models import Role

# Each role's main page, tried in order (a portal that is not built yet is skipped).
PORTALS = {
    Role.CONSUMER: ["complaints:my_complaints"],
    Role.MERCHANT: ["complaints:merchant_inbox"],
    Role.AGENT: ["complaints:console_queue"],
    Role.SUPERVISOR: ["complaints:console_supervisor", "complaints:console_queue"],
    Role.ADMIN: ["complaints:console_queue"],
    Role.COMPLIANCE: ["merchants:console"],
    Role.ANALYST: ["insight:dashboard"],
    Role.AGENCY: ["agencies:cases"],
}
LANGUAGE_COOKIE_MAX_AGE = 365 * 24 * 3600


def _first_url(names: list[str]) -> str | None:
    for name in names:
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return None


def portal_url(user) -> str | None:
    """Where a logged-in user starts: their own portal's main page."""
    role = Role.ADMIN if user.is_superuser else user.role
    return _first_url(PORTALS.get(role, []))


def home(request):
    if request.user.is_authenticated:
        target = portal_url(request.user)
        if target:
            return redirect(target)
    return render(request, "web/home.html", {"guide_url": _first_url(["rights:guide"])})


@require_POST
def language_switch(request):
    """Django's set_language, plus: the choice lasts a year and follows a logged-in user to other browsers."""
    response = set_language(request)
    language = request.POST.get("language")
    if language in dict(settings.LANGUAGES):
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, max_age=LANGUAGE_COOKIE_MAX_AGE,
                            path=settings.LANGUAGE_COOKIE_PATH, samesite="Lax")
        if request.user.is_authenticated and request.user.preferred_language != language:
            get_user_model().objects.filter(pk=request.user.pk).update(preferred_language=language)
    return response
