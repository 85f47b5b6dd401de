"""The REST API root: one NinjaAPI, each app contributes a router."""

from ninja import NinjaAPI

api = NinjaAPI(title="Weiquan API", version="1", urls_namespace="api")
