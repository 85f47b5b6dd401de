"""One error shape for the whole API: {"code": ..., "message": ..., "field"?: ..., "errors"?: [...]}."""


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, *, field: str | None = None,
                 errors: list | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.field, self.errors = status, code, message, field, errors

    def body(self) -> dict:
        body: dict[str, object] = {"code": self.code, "message": self.message}
        if self.field:
            body["field"] = self.field
        if self.errors is not None:
            body["errors"] = self.errors
        return body
