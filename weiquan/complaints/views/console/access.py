"""Who reaches the console: platform case workers. Everyone else signed in gets 403; anonymous visitors log in."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from weiquan.accounts.models import Role
from weiquan.complaints.selectors import works_cases

CONSOLE_ROLES = frozenset({Role.AGENT, Role.SUPERVISOR, Role.ADMIN})
SUPERVISOR_ROLES = frozenset({Role.SUPERVISOR, Role.ADMIN})


def is_console_user(user) -> bool:
    return works_cases(user)


def is_supervisor(user) -> bool:
    return user.is_authenticated and user.is_active and (user.is_superuser or user.role in SUPERVISOR_ROLES)


def _gate(check):
    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


console_required = _gate(is_console_user)
supervisor_required = _gate(is_supervisor)
