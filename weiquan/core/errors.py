"""The one base of every refused request in the domain, and the one place that turns it into an API error.

A service raises a `DomainError` (or an app's subclass: `ComplaintError`, `GovernanceError`, ...) when it refuses a
request and changed nothing. Pages show `message`/`code` in words; the API answers with `as_api_error`, registered once
on the NinjaAPI, so no endpoint maps errors by hand.
"""

from weiquan.core.api_errors import ApiError


class DomainError(Exception):
    """Bad input or a refused request; nothing was changed.

    `code` is stable (clients branch on it), `status` the HTTP status the API answers with, `field` the input at
    fault, `params` values a page needs to say it in words (a limit, a minimum length), `details` a list of
    per-item errors (a bulk request)."""

    status: int = 422

    def __init__(self, code: str, message: str, *, field: str | None = None, status: int | None = None,
                 params: dict | None = None, details: list | None = None):
        super().__init__(message)
        self.code, self.message, self.field = code, message, field
        if status is not None:
            self.status = status
        self.params = params or {}
        self.details = details


def as_api_error(exc: DomainError) -> ApiError:
    """The API's answer to a refusal: the same JSON error shape as every other error."""
    return ApiError(exc.status, exc.code, exc.message, field=exc.field, errors=exc.details)
