"""The triage model versions page: every model with its figures, which one is in use, how many confirmations wait
for the next scheduled retrain; supervisors put an earlier model back in use."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from weiquan.accounts.models import Role
from weiquan.insight import training
from weiquan.insight.models import ModelVersion
from weiquan.insight.views import analytics_page

MODEL_MANAGERS = frozenset({Role.SUPERVISOR, Role.ADMIN})


def can_manage_models(user) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or user.role in MODEL_MANAGERS))


@analytics_page
def model_list(request):
    return render(request, "insight/models.html", {
        "versions": ModelVersion.objects.order_by("-trained_at")[:100],
        "pending": training.confirmations_since_last_model(),
        "retrain_after": settings.INSIGHT_RETRAIN_AFTER,
        "min_examples": training.MIN_EXAMPLES,
        "can_manage": can_manage_models(request.user),
    })


@require_POST
@analytics_page
def model_activate(request, version: str):
    if not can_manage_models(request.user):
        raise PermissionDenied
    try:
        row = training.model_activate(version=version)
    except ModelVersion.DoesNotExist:
        messages.error(request, _("没有这个模型版本。"))
    else:
        messages.success(request, _("模型 %(version)s 已重新启用。") % {"version": row.version})
    return redirect("insight:models")
