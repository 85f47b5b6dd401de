"""Complaint pages: the consumer's, the merchant's and the complaint department's console, one module each."""

from django.urls import include, path

app_name = "complaints"

urlpatterns = [
    path("my/", include("weiquan.complaints.urls_consumer")),
    path("merchant/", include("weiquan.complaints.urls_merchant")),
    path("console/", include("weiquan.complaints.urls_console")),
    path("case/", include("weiquan.complaints.urls_case")),
]
