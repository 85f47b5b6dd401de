from django.urls import reverse
from django.utils.translation import gettext as _

from weiquan.fairtrade.selectors import flags_visible_to
from weiquan.merchants.selectors import is_console_user, own_merchant_id


def items(request) -> list[dict]:
    user = request.user
    if is_console_user(user):
        return [{"url": reverse("fairtrade:console"), "label": _("公平交易")}]
    if own_merchant_id(user):
        waiting = flags_visible_to(user).filter(state="explanation_requested").count()
        if waiting:
            return [{"url": reverse("fairtrade:portal"), "label": _("公平交易说明"), "badge": waiting}]
    return []
