"""Navigation for the page shell. Each app offers its own entries through `<app>/nav.py: items(request)`,
so apps add pages without editing a shared list."""

from django.conf import settings
from django.utils.module_loading import import_string

from weiquan.accounts.models import STAFF_ROLES


def nav(request) -> dict:
    items = []
    for path in settings.WEIQUAN_NAV_PROVIDERS:
        try:
            provider = import_string(path)
        except ImportError:
            continue  # an app without pages offers no entries
        items.extend(provider(request))
    current = request.path
    home = next((item["url"] for item in items if item.get("home")), "/")
    for item in items:
        url = item["url"]
        item["active"] = current == url or (not item.get("home") and url != "/" and current.startswith(url))
    user = request.user
    # Platform staff may see rule IDs beside the law they cite; consumers, merchants and the public see the law only.
    staff = user.is_authenticated and (user.is_superuser or user.role in STAFF_ROLES)
    return {"nav_items": items, "home_url": home, "show_rule_ids": staff}
