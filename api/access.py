"""Who is asking: anonymous, or a partner key of some scope; and how often they may ask.

A key comes in ``Authorization: Bearer nr_…`` or ``X-Api-Key: nr_…`` (never the query string, which ends up in
logs and cache keys). An unknown or revoked key is a 401, not a silent fall back to anonymous: a partner whose key
was revoked should hear about it. Rate limits are a fixed one-minute window per key or per anonymous address (the
reader's own, behind the proxies in front: ``newsroom.proxies``), counted where every worker process counts
(``newsroom.limits``: Redis, or the database); with Redis down nobody is limited.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from api.errors import ApiError
from api.models import ApiKey, Scope, hash_key
from newsroom import limits
from newsroom.proxies import client_ip

WINDOW_SECONDS = 60
# last_used_at is written at most this often per key: a write per request would cost more than the read.
LAST_USED_EVERY = timedelta(minutes=1)


@dataclass(frozen=True)
class Client:
    key: ApiKey | None
    address: str

    @property
    def may_preview(self) -> bool:
        return self.key is not None and self.key.scope == Scope.PREVIEW

    @property
    def limit(self) -> int:
        if self.key is None:
            return settings.NEWSROOM["API_RATE_ANONYMOUS"]
        return self.key.rate_limit or settings.NEWSROOM["API_RATE_KEY"]

    @property
    def counter(self) -> str:
        return f"key:{self.key.pk}" if self.key else f"ip:{self.address}"


def presented_key(request) -> str:
    header = request.headers.get("Authorization", "")
    if header[:7].lower() == "bearer ":
        return header[7:].strip()
    return request.headers.get("X-Api-Key", "").strip()


def client_for(request) -> Client:
    """The caller, checked against its rate limit; raises ApiError (401, 429)."""
    raw = presented_key(request)
    key = None
    if raw:
        key = ApiKey.objects.active().filter(hashed=hash_key(raw)).first()
        if key is None:
            raise ApiError(401, "The API key is not known or has been revoked.", field="Authorization")
        _note_use(key)
    client = Client(key=key, address=client_ip(request) or "")
    _count(client)
    return client


def _note_use(key: ApiKey) -> None:
    now = timezone.now()
    if key.last_used_at is None or now - key.last_used_at >= LAST_USED_EVERY:
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)


def _count(client: Client) -> None:
    window = int(time.time()) // WINDOW_SECONDS
    used = limits.count(f"api-rate:{client.counter}:{window}", seconds=WINDOW_SECONDS + 5)
    if used is not None and used > client.limit:
        retry_after = WINDOW_SECONDS - int(time.time()) % WINDOW_SECONDS
        raise ApiError(
            429,
            f"Rate limit of {client.limit} requests a minute reached; try again in {retry_after} s.",
            headers={"Retry-After": str(retry_after)},
        )
