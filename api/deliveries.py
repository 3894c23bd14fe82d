"""Sending a webhook delivery: one signed POST, logged, and the pause before the next try.

Each POST carries ``X-Newsroom-Event``, ``X-Newsroom-Event-Id`` (the same on every retry: receivers dedupe on it),
``X-Newsroom-Timestamp`` (Unix seconds) and ``X-Newsroom-Signature: sha256=HEX``, the HMAC-SHA256 with the
endpoint's secret of ``TIMESTAMP.BODY``: signing the time with the body means an old delivery replayed later fails
the receiver's freshness check, which it could not if only the body were signed.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from api import ninjs
from api.models import DeliveryStatus, WebhookAttempt, WebhookDelivery
from newsroom import outbound

TIMEOUT = 10  # seconds for one attempt: connecting, sending and reading the answer
ANSWER_MAX_BYTES = 1024 * 1024  # a receiver's answer is read for its status only
MAX_ATTEMPTS = 6
BACKOFF_SECONDS = 30  # doubled after each failed attempt: 30 s, 1, 2, 4, 8 min


def signature(secret: str, timestamp: str, body: bytes) -> str:
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def attempt(delivery: WebhookDelivery) -> bool:
    """One POST, logged; True when the receiver took it (2xx). A refused address is final: no retry."""
    endpoint, body = delivery.endpoint, delivery.body.encode()
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": ninjs.MEDIA_TYPE,
        "User-Agent": "Newsroom webhooks",
        "X-Newsroom-Event": delivery.event,
        "X-Newsroom-Event-Id": delivery.event_id,
        "X-Newsroom-Timestamp": timestamp,
        "X-Newsroom-Signature": signature(endpoint.secret, timestamp, body),
    }
    started, status, error, final = time.monotonic(), None, "", False
    try:
        status = _post(endpoint.url, body, headers).status
    except outbound.Refused as exc:  # not http(s), or a private address: retrying cannot help
        error, final = f"{endpoint.url}: {exc}", True
    except outbound.HTTPStatus as exc:
        status, error = exc.status, exc.reason
    except outbound.OutboundError as exc:  # unreachable, timed out, an answer too large: tried again later
        error = str(exc)
    took = int((time.monotonic() - started) * 1000)
    WebhookAttempt.objects.create(delivery=delivery, status_code=status, error=error[:500], duration_ms=took)
    delivery.attempts += 1
    delivered = status is not None and 200 <= status < 300
    if delivered:
        delivery.status, delivery.delivered_at = DeliveryStatus.DELIVERED, timezone.now()
    elif final or delivery.attempts >= MAX_ATTEMPTS:
        delivery.status = DeliveryStatus.FAILED
    delivery.save(update_fields=["attempts", "status", "delivered_at"])
    return delivered


def _post(url: str, body: bytes, headers: dict[str, str]) -> outbound.Response:
    """Through the outbound client: private addresses only where ``WEBHOOK_ALLOW_PRIVATE_HOSTS`` allows them.
    Redirects are not followed (a 301/302/303 would turn the POST into a GET, and the signed body belongs to the
    address the partner registered): a 3xx is logged and retried like any other answer that is not 2xx."""
    return outbound.request(
        "POST",
        url,
        headers=headers,
        data=body,
        timeout=TIMEOUT,
        max_bytes=ANSWER_MAX_BYTES,
        allow_private=settings.NEWSROOM.get("WEBHOOK_ALLOW_PRIVATE_HOSTS", False),
        max_redirects=0,
    )


def retry_delay(attempts: int) -> timedelta:
    return timedelta(seconds=BACKOFF_SECONDS * 2 ** (attempts - 1))
