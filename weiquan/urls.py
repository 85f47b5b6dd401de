from django.contrib import admin
from django.urls import include, path

from weiquan.accounts.forms import AdminLoginForm
from weiquan.api import api
from weiquan.core import views as core_views
from weiquan.web import ops

admin.site.login_form = AdminLoginForm  # the same throttling message on /admin/ as on the site's sign-in

urlpatterns = [
    path("healthz", ops.healthz, name="healthz"),
    path("readyz", ops.readyz, name="readyz"),
    path("metrics", ops.metrics, name="metrics"),
    path("admin/", admin.site.urls),
    path(".well-known/weiquan-signing-keys.json", core_views.signing_keys, name="signing_keys"),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("weiquan.accounts.urls")),
    path("complaints/", include("weiquan.complaints.urls")),
    path("rights/", include("weiquan.rights.urls")),
    path("notifications/", include("weiquan.notifications.urls")),
    path("insight/", include("weiquan.insight.urls")),
    path("merchants/", include("weiquan.merchants.urls")),
    path("quality/", include("weiquan.quality.urls")),
    path("fair-trading/", include("weiquan.fairtrade.urls")),
    path("knowledge/", include("weiquan.knowledge.urls")),
    path("rules/", include("weiquan.knowledge.rules_urls")),
    path("", include("weiquan.web.urls")),
]
