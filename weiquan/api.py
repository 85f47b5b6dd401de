"""The REST API root: one NinjaAPI, each app contributes a router, one JSON error shape for all."""

from django.http import Http404
from ninja import Swagger
from ninja.errors import AuthenticationError, HttpError, ValidationError

from weiquan.api_spec import WeiquanAPI
from weiquan.commerce.api import router as orders_router
from weiquan.complaints.api import router as complaints_router
from weiquan.core.api_errors import ApiError
from weiquan.core.api_json import UtcJSONRenderer
from weiquan.core.errors import DomainError, as_api_error
from weiquan.rights.api import router as rights_router

# validatorUrl None: Swagger UI would otherwise fetch a badge from validator.swagger.io; the docs page works offline.
api = WeiquanAPI(title="Weiquan API", version="1", urls_namespace="api", renderer=UtcJSONRenderer(),
                 docs=Swagger(settings={"validatorUrl": None}),
                 description="Consumer-rights complaint handling: orders in, three-party cases, rights assessment.")


def _json(request, status: int, body: dict):
    return api.create_response(request, body, status=status)


@api.exception_handler(ApiError)
def _api_error(request, exc: ApiError):
    return _json(request, exc.status, exc.body())


@api.exception_handler(DomainError)
def _domain_error(request, exc: DomainError):
    """Every service refusal (ComplaintError, GovernanceError, TransitionNotAllowed, ...) answers here, and only
    here, in the one error shape. A rate limit also says when to come back (Retry-After)."""
    response = _api_error(request, as_api_error(exc))
    if exc.status == 429 and exc.params.get("retry_after"):
        response["Retry-After"] = str(exc.params["retry_after"])
    return response


@api.exception_handler(ValidationError)
def _validation_error(request, exc: ValidationError):
    body = {"code": "invalid", "message": "the request is not valid", "errors": exc.errors}
    field = _first_field(exc.errors)
    if field:
        body["field"] = field
    return _json(request, 422, body)


def _first_field(errors) -> str | None:
    """The dotted name of the first field at fault, without ninja's location prefix ("body.payload.rating" ->
    "rating"), so a client can point at it."""
    for error in errors or []:
        loc = [str(part) for part in error.get("loc", ())]
        while loc and loc[0] in ("body", "query", "path", "payload", "data"):
            loc = loc[1:]
        if loc:
            return ".".join(loc)
    return None


@api.exception_handler(OverflowError)
def _overflow(request, exc: OverflowError):
    """A number or date beyond what the database stores (an id above 2^63, a year past 9999): bad input, not a
    crash. Schemas bound their fields and name them; this catches what reaches the database unbounded."""
    return _json(request, 422, {"code": "out_of_range", "message": "a number or date in the request is out of range"})


@api.exception_handler(AuthenticationError)
def _auth_error(request, exc):
    return _json(request, 401, {"code": "unauthorized", "message": "log in or send a valid bearer token"})


@api.exception_handler(Http404)
def _not_found(request, exc: Http404):
    return _json(request, 404, {"code": "not_found", "message": "no such resource"})


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    return _json(request, exc.status_code, {"code": "error", "message": str(exc)})


api.add_router("/orders", orders_router)
api.add_router("/complaints", complaints_router)
api.add_router("/rights", rights_router)
api.add_router("/analytics", "weiquan.insight.api.router")
api.add_router("/merchants", "weiquan.merchants.api.router")
api.add_router("", "weiquan.quality.api.router")
api.add_router("", "weiquan.agencies.api.router")
api.add_router("", "weiquan.fairtrade.api.router")
api.add_router("/me", "weiquan.privacy.api.router")
