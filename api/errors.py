"""The API's errors: every refusal is JSON naming what was wrong, with the status that says it."""


class ApiError(Exception):
    def __init__(self, status: int, message: str, *, field: str = "", headers: dict | None = None):
        super().__init__(message)
        self.status, self.message, self.field, self.headers = status, message, field, headers or {}

    def payload(self) -> dict:
        error = {"status": self.status, "message": self.message}
        if self.field:
            error["field"] = self.field
        return {"error": error}
