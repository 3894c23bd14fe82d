"""Errors to Sentry (SENTRY_DSN): the event a failing request sends, captured before it leaves, carries the error and
the request id but no cookies, no Authorization header, no passwords or one-time codes (newsroom/errors.py)."""

from __future__ import annotations

import json

import pytest
import sentry_sdk
from django.urls import path
from sentry_sdk.transport import Transport

from newsroom import errors

SECRET_WORDS = ("s3cret-pass", "nr_live_key_123", "sessionvalue42", "918273")


def failing_view(request):
    password = request.POST.get("password")  # a local a traceback would show
    raise RuntimeError(f"the harbour feed broke ({len(password or '')} characters)")


urlpatterns = [path("fail", failing_view)]


class Captured(Transport):
    def __init__(self, options=None):
        super().__init__(options)
        self.envelopes = []

    def capture_envelope(self, envelope):
        self.envelopes.append(envelope)


@pytest.fixture
def sentry():
    transport = Captured()
    errors.init(dsn="https://public@sentry.invalid/1", environment="test", release="newsroom@test")
    sentry_sdk.get_client().transport = transport
    try:
        yield transport
    finally:
        sentry_sdk.get_client().close()
        sentry_sdk.init()  # no DSN: off again for the rest of the suite


@pytest.mark.django_db
@pytest.mark.urls("tests.test_error_reports")
def test_an_error_event_keeps_the_error_and_drops_what_identifies_or_authenticates(client, sentry):
    client.raise_request_exception = False
    client.cookies["sessionid"] = "sessionvalue42"

    response = client.post(
        "/fail",
        {"username": "eleanor", "password": "s3cret-pass", "otp_token": "918273"},
        HTTP_AUTHORIZATION="Bearer nr_live_key_123",
    )
    sentry_sdk.flush()

    assert response.status_code == 500
    events = [item.payload.json for envelope in sentry.envelopes for item in envelope.items if item.type == "event"]
    assert len(events) == 1
    event = events[0]
    sent = json.dumps(_without_source_lines(event))
    assert "the harbour feed broke" in sent
    assert event["tags"]["request_id"] == response["X-Request-ID"]
    for secret in SECRET_WORDS:
        assert secret not in sent, f"{secret} reached Sentry"
    assert "cookies" not in event.get("request", {})
    assert event.get("request", {}).get("headers", {}).get("Authorization") in (None, "[Filtered]")


def _without_source_lines(event: dict) -> dict:
    """The event less the lines of source code around each frame (this file's own, which names the secrets)."""
    for exception in event.get("exception", {}).get("values", []):
        for frame in exception.get("stacktrace", {}).get("frames", []):
            for key in ("pre_context", "context_line", "post_context"):
                frame.pop(key, None)
    return event
