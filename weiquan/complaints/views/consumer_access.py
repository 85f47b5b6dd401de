"""Who may open the consumer's pages."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from weiquan.accounts.models import Role


def consumer_required(view):
    """Logged-in consumers only; other roles go to the home page, which sends them to their own portal."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.role != Role.CONSUMER:
            return redirect("home")
        return view(request, *args, **kwargs)

    return wrapper
