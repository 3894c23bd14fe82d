"""Errors to Sentry when ``SENTRY_DSN`` is set (sentry-sdk and its Django integration), with what must never leave
the site scrubbed before an event is sent: cookies (sessions, CSRF), the ``Authorization`` header (API keys),
passwords, tokens, one-time codes and secrets in forms, query strings and local variables, and who the reader is
(no addresses, no user e-mail). Each event carries the request id (``newsroom.logs``) to find its log lines.
"""

from __future__ import annotations

import re

import sentry_sdk
from sentry_sdk.integrations.logging import ignore_logger
from sentry_sdk.scrubber import DEFAULT_DENYLIST, EventScrubber

from .logs import current_request_id

FILTERED = "[Filtered]"
SENSITIVE = re.compile(r"pass|secret|token|auth|cookie|session|csrf|otp|api[-_]?key|signature|credential", re.I)
DROPPED_HEADERS = {"cookie", "authorization", "proxy-authorization", "x-api-key", "x-forwarded-for", "x-real-ip"}


def init(*, dsn: str, environment: str, release: str, traces_sample_rate: float = 0.0) -> None:
    # A 5xx's access line (newsroom.requests) is not a second event: the exception itself is reported.
    ignore_logger("newsroom.requests")
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release,
        # send_default_pii (now deprecated) is left unset, which is off: the integrations add no user ids, addresses
        # or cookies. (data_collection, its successor, collects most categories once given at all.)
        traces_sample_rate=traces_sample_rate,
        before_send=scrub,
        before_send_transaction=scrub,
        event_scrubber=EventScrubber(denylist=[*DEFAULT_DENYLIST, "otp_token", "token", "code", "key", "secret"]),
        max_request_body_size="small",
    )


def scrub(event: dict, hint: dict | None = None) -> dict:
    """``before_send``: the event without cookies, credentials or the reader's identity; tagged with the request id."""
    request = event.get("request") or {}
    request.pop("cookies", None)
    request.pop("env", None)  # REMOTE_ADDR, SERVER_NAME
    headers = request.get("headers")
    if isinstance(headers, dict):
        request["headers"] = {
            name: FILTERED if name.lower() in DROPPED_HEADERS or SENSITIVE.search(name) else value
            for name, value in headers.items()
        }
    if isinstance(request.get("data"), dict):
        request["data"] = _scrub_mapping(request["data"])
    if isinstance(request.get("query_string"), str) and SENSITIVE.search(request["query_string"]):
        request["query_string"] = FILTERED
    user = event.get("user")
    if isinstance(user, dict):
        event["user"] = {"id": user["id"]} if "id" in user else {}
    for exception in (event.get("exception") or {}).get("values") or []:
        for frame in (exception.get("stacktrace") or {}).get("frames") or []:
            if isinstance(frame.get("vars"), dict):
                frame["vars"] = _scrub_mapping(frame["vars"])
    if request_id := current_request_id():
        event.setdefault("tags", {})["request_id"] = request_id
    return event


def _scrub_mapping(values: dict) -> dict:
    return {
        key: FILTERED if SENSITIVE.search(str(key)) else (_scrub_mapping(value) if isinstance(value, dict) else value)
        for key, value in values.items()
    }
