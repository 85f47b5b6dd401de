"""Refuse input no handler can store, before any handler sees it: NUL characters (PostgreSQL text cannot hold them)
in the path, the query string, form fields or a JSON body, and paging numbers beyond what a database can offset.

Without this, each would reach the database and come back as a 500. API requests get the API's error shape (422);
pages get a plain 400.
"""

import json
import re

from django.http import HttpResponseBadRequest, JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _

PAGING_PARAMS = ("offset", "limit", "page", "page_size", "per_page")
MAX_PAGING = 10**9  # far beyond any real page; far below the 2**63 a database offset can hold
_INTEGER = re.compile(r"^\s*[+-]?\d+\s*$")
_JSON_TYPES = ("application/json", "application/merge-patch+json")


def _nul_at(value, path: str = "") -> str | None:
    """The path of the first string holding a NUL ("title", "remedies[0].note"), or None."""
    if isinstance(value, str):
        return (path or "body") if "\x00" in value else None
    if isinstance(value, dict):
        for key, item in value.items():
            name = f"{path}.{key}" if path else str(key)
            if "\x00" in str(key):
                return name.replace("\x00", "")
            found = _nul_at(item, name)
            if found:
                return found
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = _nul_at(item, f"{path}[{index}]")
            if found:
                return found
    return None


def problem(request) -> tuple[str, str, str] | None:
    """(code, message, field) for the first thing wrong with the request, or None."""
    if "\x00" in request.path:
        return "invalid", "the address contains a NUL character", "path"
    if any("\x00" in k or "\x00" in v for k, v in request.COOKIES.items()):
        return "invalid", "a cookie contains a NUL character", "cookie"
    for name, values in request.GET.lists():
        if "\x00" in name or any("\x00" in v for v in values):
            return "invalid", f"{name.strip(chr(0))} contains a NUL character", name.strip("\x00")
        if name in PAGING_PARAMS and values and _INTEGER.match(values[-1]) and abs(int(values[-1])) > MAX_PAGING:
            return "invalid", f"{name} must be between 0 and {MAX_PAGING}", name
    if request.method in ("POST", "PUT", "PATCH"):
        content_type = request.content_type or ""
        if content_type in _JSON_TYPES:
            body = request.body
            if b"\x00" in body or b"\\u0000" in body:
                try:
                    field = _nul_at(json.loads(body))
                except ValueError:
                    return "invalid", "the body is not valid JSON", "body"
                if field:
                    return "invalid", f"{field} contains a NUL character", field
        elif content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            for name, values in request.POST.lists():
                if "\x00" in name or any("\x00" in v for v in values):
                    return "invalid", f"{name.strip(chr(0))} contains a NUL character", name.strip("\x00")
    return None


class InputGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        found = problem(request)
        if found is None:
            return self.get_response(request)
        code, message, field = found
        if request.path.startswith("/api/"):
            return JsonResponse({"code": code, "message": message, "field": field}, status=422)
        # Before the locale middleware (nothing of this request may reach the session store): the language is read here.
        with translation.override(translation.get_language_from_request(request)):
            text = _("请求中含有无法处理的字符或数值，请检查后重试。")
        return HttpResponseBadRequest(text, content_type="text/plain; charset=utf-8")
