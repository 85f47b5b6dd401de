"""Who may open which governance page (the merchants' and the quality pages), and how a refusal shows on one. Pages
never build unscoped querysets: they ask the selectors."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from weiquan.accounts.models import Role
from weiquan.merchants import selectors
from weiquan.merchants.labels import error_text

ADVANCE_ROLES = frozenset({Role.AGENT, Role.SUPERVISOR, Role.ADMIN})


def console_required(view):
    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not selectors.is_console_user(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)
    return wrapped


def advance_required(view):
    """Advance compensation: the platform staff who may confirm a remedy on a case (agents, supervisors)."""
    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        user = request.user
        if not (user.is_superuser or user.role in ADVANCE_ROLES or selectors.is_console_user(user)):
            raise PermissionDenied
        return view(request, *args, **kwargs)
    return wrapped


def merchant_required(view):
    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if selectors.own_merchant_id(request.user) is None:
            raise PermissionDenied
        return view(request, *args, **kwargs)
    return wrapped


def form_error(form, exc) -> None:
    """Put a service refusal on the form: on its field when the form has it, above the form otherwise."""
    text = error_text(exc)
    if exc.field and exc.field in form.fields:
        form.add_error(exc.field, text)
    else:
        form.add_error(None, text)


def flash_error(request, exc) -> None:
    messages.error(request, error_text(exc))
