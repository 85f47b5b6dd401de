"""The merchant's pages (under /complaints/merchant/). Shared case actions post to `urls_case.py`."""

from django.urls import path

from weiquan.complaints.views import merchant

urlpatterns = [
    path("", merchant.inbox, name="merchant_inbox"),
    path("cases/<int:complaint_id>/", merchant.case, name="merchant_case"),
    path("cases/<int:complaint_id>/respond/", merchant.respond, name="merchant_respond"),
    path("performance/", merchant.performance, name="merchant_performance"),
]
