"""The OpenAPI document as integrators read it: stable operation ids, one error schema declared for every status an
operation can answer, tags with descriptions, and the webhooks the platform sends (`api_webhooks.py`)."""

from django.utils import translation
from ninja import NinjaAPI

from weiquan.core.api_schemas import DOCUMENTED_BODIES, Error

ERROR_TEXTS = {400: "Bad request", 401: "Not logged in, or no valid bearer token", 403: "Not allowed to the caller",
               404: "No such resource (or not visible to the caller)", 409: "Conflicts with the current state",
               422: "Invalid input (including NUL characters and out-of-range paging anywhere in the request)",
               429: "Too many requests; try again later"}
ERROR_REF = {"$ref": "#/components/schemas/Error"}

TAGS = [
    {"name": "orders", "description": "The platform pushes its orders in; complaints name them by order number."},
    {"name": "complaints", "description": "Three-party cases: file, read, act on the workflow, talk, add evidence."},
    {"name": "rights", "description": "The rights engine: what the law gives the consumer, with rule IDs."},
    {"name": "analytics", "description": "Aggregated complaint figures and triage (platform staff and analysts)."},
    {"name": "merchants", "description": "Merchant governance: applications, licences, penalties, deposits."},
    {"name": "listings and quality", "description": "Listings, price honesty, spot-check programmes and published results."},
    {"name": "agencies", "description": "Items transferred in from external bodies (12315, ODR) and their status."},
    {"name": "fair trading", "description": "Reviews pushed in, fake-review and tie-in flags, consumers' reports."},
    {"name": "personal data", "description": "The caller's own personal data (PIPL)."},
    {"name": "webhooks", "description": "What the platform POSTs to integrators' URLs, signed with HMAC-SHA256."},
]


def _app_of(module: str) -> str:
    """`weiquan.merchants.api` -> `merchants` (the app that owns the operation)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 2 and parts[0] == "weiquan" else parts[-1]


class WeiquanAPI(NinjaAPI):
    """The spec declares every status an operation can answer. Besides each operation's own, they come from the
    shared layers: validation and the input guard (422, any operation), authentication and roles (401, 403),
    lookups of what the path names (404, with 400 for the services' refusals) and state conflicts of writes (409).
    Every error answer, whichever layer wrote it, has the one `Error` schema."""

    _built_schemas: dict[tuple, dict]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._built_schemas = {}

    def get_openapi_operation_id(self, operation) -> str:
        # `<app>_<view name>`: stable as long as the view keeps its name (a test pins the whole list); an operation
        # may name itself (`operation_id=...`), as the complaint operations do.
        return f"{_app_of(operation.view_func.__module__)}_{operation.view_func.__name__}"

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        """Built once per process, prefix and language: the operations are fixed when the process starts, and building
        the document costs seconds of CPU (the API docs page waits for it)."""
        key = (path_prefix, tuple(sorted((path_params or {}).items())), translation.get_language())
        schema = self._built_schemas.get(key)
        if schema is None:
            schema = self._built_schemas[key] = self._build_openapi_schema(path_prefix=path_prefix,
                                                                           path_params=path_params)
        return schema

    def _build_openapi_schema(self, **kwargs):
        schema = super().get_openapi_schema(**kwargs)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        error = Error.model_json_schema(ref_template="#/components/schemas/{model}")
        components.update(error.pop("$defs", {}))
        components["Error"] = error
        for name, body in DOCUMENTED_BODIES.items():
            body_schema = body.model_json_schema(ref_template="#/components/schemas/{model}")
            components.update(body_schema.pop("$defs", {}))
            components[name] = body_schema
        for operations in schema.get("paths", {}).values():
            for method, operation in operations.items():
                _declare_shared_errors(method, operation)
                _documented_body_only(operation)
        schema["tags"] = TAGS
        from weiquan.api_webhooks import webhooks

        schema["webhooks"], webhook_components = webhooks()
        for name, definition in webhook_components.items():
            components.setdefault(name, definition)
        return schema


def _declare_shared_errors(method: str, operation: dict) -> None:
    shared = {400, 404, 422}
    if operation.get("security"):
        shared |= {401, 403}
    if method in ("post", "put", "patch", "delete"):
        shared.add(409)
    responses = operation.setdefault("responses", {})
    declared = {str(code) for code in responses}
    for code in sorted(shared):
        if str(code) not in declared:
            responses[code] = {"description": ERROR_TEXTS[code]}
    for code, response in responses.items():
        if int(code) >= 400:  # whatever an operation named for its errors, the body is the one Error
            response["content"] = {"application/json": {"schema": ERROR_REF}}


def _documented_body_only(operation: dict) -> None:
    """An operation's `openapi_extra` body is merged into what ninja derived from the signature; the documented
    schema (a `$ref`) replaces it."""
    for content in operation.get("requestBody", {}).get("content", {}).values():
        schema = content.get("schema", {})
        if "$ref" in schema and len(schema) > 1:
            content["schema"] = {"$ref": schema["$ref"]}
