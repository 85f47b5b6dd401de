"""`POST /api/v1/rights/assess`: the rights engine over HTTP (public, no login, rate-limited per client address).

The body is read as raw JSON rather than through a pydantic model so that invalid facts get the contract's own
error shape (422 `invalid_facts` with `loc`/`msg` items) and unknown keys are named the same way as on the CLI; the
OpenAPI document still describes both bodies, generated from the same validation specs.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja import Router

from .engine import assess
from .openapi import assess_openapi_extra
from .ratelimit import RATE_KEY_PREFIX, client_address, parse_rate, rate_limited
from .schema import InvalidFacts

MAX_BODY_BYTES = 64 * 1024  # a facts document is a few hundred bytes; this leaves room for long line lists
__all__ = ["MAX_BODY_BYTES", "RATE_KEY_PREFIX", "build_router", "client_address", "parse_rate", "rate_limited", "router"]


def _json(status: int, body: dict[str, Any]) -> JsonResponse:
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def _invalid(errors: list[dict[str, Any]]) -> JsonResponse:
    return _json(422, {"code": "invalid_facts", "message": "The facts do not match the rights assessment contract.",
                       "errors": errors})


def build_router() -> Router:
    """A fresh router (a ninja Router can be mounted on only one API; tests mount their own)."""
    router = Router(tags=["rights"])

    @router.post(
        "/assess",
        auth=None,
        url_name="rights-assess",
        operation_id="rights_assess",
        summary="Assess a consumer's rights and the statutory deadlines",
        description="Same JSON in and out as `weiquan.rights.assess` and `weiquan rights assess`; see RIGHTS_API.md.",
        openapi_extra=assess_openapi_extra(),
    )
    def assess_endpoint(request: HttpRequest) -> HttpResponse:
        retry_after = rate_limited(request)
        if retry_after is not None:
            response = _json(429, {"code": "rate_limited",
                                   "message": f"Too many assessments from this address; retry in {retry_after} s."})
            response["Retry-After"] = str(retry_after)
            return response
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > MAX_BODY_BYTES or len(request.body) > MAX_BODY_BYTES:
            return _json(413, {"code": "payload_too_large",
                               "message": f"The facts document must be at most {MAX_BODY_BYTES} bytes."})
        try:
            facts = json.loads(request.body)
        except (ValueError, RecursionError) as error:  # bad UTF-8, bad JSON, absurd nesting or digit counts
            return _invalid([{"loc": ["body"], "msg": f"invalid JSON: {error}"}])
        try:
            answer = assess(facts)
        except InvalidFacts as invalid:
            return _invalid(invalid.errors)
        return _json(200, answer)

    return router


router = build_router()
