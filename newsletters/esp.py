"""Mail services' HTTP APIs through the one outbound client (``newsroom.outbound``): anymail's backends, with their
requests session sending every call through ``outbound.request`` (the address guard, one deadline for the whole
call, a size cap on the answer, no environment proxies). ``EMAIL_BACKEND=mailgun`` (settings) names
``newsletters.esp.mailgun``; each is anymail's backend for that service with only the transport changed. Amazon SES
goes through boto3 (as media storage does), not an HTTP client we hold, so it is anymail's own.
"""

from __future__ import annotations

import importlib
import io

import requests
from django.conf import settings
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict

from newsroom import outbound

ANSWER_BYTES = 5 * 1024 * 1024  # a send API answers in a few kilobytes
SERVICES = (
    "brevo", "mailersend", "mailgun", "mailjet", "mailtrap", "mandrill", "postal", "postmark", "resend", "scaleway",
    "sendgrid", "sparkpost", "unisender_go",
)  # fmt: skip


class OutboundAdapter(BaseAdapter):
    """A requests transport adapter that sends through ``newsroom.outbound``. Every status is answered (anymail reads
    the service's error bodies); a refused or unreachable address raises requests' ConnectionError."""

    def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None):
        seconds = timeout[0] + timeout[1] if isinstance(timeout, tuple) else (timeout or 30)
        body = request.body.encode() if isinstance(request.body, str) else request.body
        try:
            answer = outbound.request(
                request.method,
                request.url,
                headers=dict(request.headers),
                data=body,
                timeout=float(seconds),
                max_bytes=ANSWER_BYTES,
                max_redirects=0,
                ok_statuses=range(100, 600),
                allow_private=settings.NEWSLETTER["ESP_ALLOW_PRIVATE_HOSTS"],
            )
        except outbound.TimedOut as error:
            raise requests.Timeout(str(error), request=request) from error
        except outbound.OutboundError as error:
            raise requests.ConnectionError(str(error), request=request) from error
        response = requests.Response()
        response.status_code, response.reason = answer.status, answer.reason
        response.headers = CaseInsensitiveDict(answer.headers.items())
        response.raw, response._content = io.BytesIO(answer.body), answer.body
        response.url, response.request, response.encoding = answer.url, request, None
        return response

    def close(self):
        pass


def _through_outbound(backend_class):
    class Backend(backend_class):
        def create_session(self):
            session = super().create_session()
            adapter = OutboundAdapter()
            session.mount("https://", adapter)
            session.mount("http://", adapter)
            return session

    Backend.__name__ = Backend.__qualname__ = f"{backend_class.__module__.rsplit('.', 1)[-1].title()}Backend"
    return Backend


def __getattr__(name: str):
    """``newsletters.esp.<service>``: that service's anymail backend on the outbound client (settings name it)."""
    if name not in SERVICES:
        raise AttributeError(name)
    backend = _through_outbound(importlib.import_module(f"anymail.backends.{name}").EmailBackend)
    globals()[name] = backend
    return backend
