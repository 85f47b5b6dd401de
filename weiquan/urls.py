from django.contrib import admin
from django.urls import include, path

from weiquan.accounts.forms import AdminLoginForm
from weiquan.agencies import verify_views as agency_verify
from weiquan.api import api
from weiquan.core import views as core_views
from weiquan.knowledge import views as knowledge_views
from weiquan.web import ops

admin.site.login_form = AdminLoginForm  # the same throttling message on /admin/ as on the site's sign-in

handler400 = "weiquan.web.errors.bad_request"
handler403 = "weiquan.web.errors.permission_denied"
handler404 = "weiquan.web.errors.page_not_found"
handler500 = "weiquan.web.errors.server_error"

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
    path("verify-bundle/", agency_verify.verify_page, name="verify_bundle"),
    path("transparency/", knowledge_views.transparency, name="transparency"),
    path("agencies/", include("weiquan.agencies.urls")),
    path("privacy/", include("weiquan.privacy.urls")),
    path("", include("weiquan.web.urls")),
]
