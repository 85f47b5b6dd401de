"""A URLconf that mounts a fresh rights router at /api/v1/rights/, for running the API tests on their own."""

from django.urls import path
from ninja import NinjaAPI

from weiquan.rights.api import build_router

api = NinjaAPI(title="Rights (test mount)", version="test", urls_namespace="rights-local")
api.add_router("/rights", build_router())

urlpatterns = [path("api/v1/", api.urls)]
