"""The API's one error schema, as the OpenAPI document declares it for every error status of every operation.

The body is what `ApiError.body()` and the API's exception handlers write: `code` and `message` always, `field`
when one field is at fault, `errors` when there are several items (validation errors, missing requirements).
"""

from ninja import Field, Schema
from pydantic import ConfigDict


class ErrorItem(Schema):
    """One item of `errors`: validation errors carry `loc`, `msg` and `type`; other lists (a merchant application's
    missing requirements) carry their own keys, so further keys are allowed."""

    model_config = ConfigDict(extra="allow", title="ErrorItem")

    loc: list[str | int] | None = Field(None, description="where the problem is, e.g. [\"body\", \"payload\", \"title\"]")
    msg: str | None = Field(None, description="what is wrong, in English")
    type: str | None = Field(None, description="the kind of validation error")


class Error(Schema):
    model_config = ConfigDict(title="Error", json_schema_extra={"examples": [
        {"code": "not_found", "message": "complaint not found"},
        {"code": "invalid", "message": "the request is not valid", "field": "title",
         "errors": [{"type": "string_too_short", "loc": ["body", "payload", "title"],
                     "msg": "String should have at least 1 character"}]},
    ]})

    code: str = Field(..., description="a stable machine-readable code, e.g. not_found, invalid, forbidden")
    message: str = Field(..., description="what went wrong, in English, for developers")
    field: str | None = Field(None, description="the request field at fault, when there is one")
    errors: list[ErrorItem] | None = Field(None, description="every problem found, when there are several")


# The statuses an authenticated operation can answer besides its own: declared once for routers to reuse.
ERRORS = {400: Error, 401: Error, 403: Error, 404: Error, 409: Error, 422: Error}


# Request bodies an operation reads itself (to keep its own refusals) but documents with a schema: the API's document
# adds each to its components.
DOCUMENTED_BODIES: dict[str, type[Schema]] = {}


def documented_body(schema: type[Schema], *, required: bool = True) -> dict:
    """`openapi_extra` for an operation whose JSON body has this schema."""
    DOCUMENTED_BODIES[schema.__name__] = schema
    return {"requestBody": {"required": required, "content": {"application/json": {
        "schema": {"$ref": f"#/components/schemas/{schema.__name__}"}}}}}


def file_answer(description: str, content_types: tuple[str, ...]) -> dict:
    """`openapi_extra` for an operation that answers a file in one of these content types rather than JSON."""
    binary = {"schema": {"type": "string", "format": "binary"}}
    return {"responses": {200: {"description": description, "content": {kind: binary for kind in content_types}}}}


def example(**body) -> ConfigDict:
    """A schema's `model_config` carrying one example body for the document (docs page, generated clients, fuzzing)."""
    return ConfigDict(json_schema_extra={"examples": [body]})
