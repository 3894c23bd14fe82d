"""One purge request, through the one outbound client (``newsroom.outbound``): acknowledged by a 2xx answer,
anything else a ``PurgeFailed``."""

from __future__ import annotations

from dataclasses import dataclass, field

from newsroom import outbound

from .base import PurgeFailed

ANSWER_MAX_BYTES = 1024 * 1024  # a purge's answer is read for its status only


@dataclass
class PurgeRequest:
    method: str
    url: str
    headers: dict[str, str] = field(default_factory=dict)
    data: bytes | None = None
    # The operator's own caches (Varnish) are on private addresses; a CDN's API is public.
    allow_private: bool = False

    def get_header(self, name: str) -> str | None:
        return next((value for key, value in self.headers.items() if key.lower() == name.lower()), None)


def send(request: PurgeRequest, *, timeout: float = 10) -> None:
    try:
        outbound.request(
            request.method,
            request.url,
            headers=request.headers,
            data=request.data,
            timeout=timeout,
            max_bytes=ANSWER_MAX_BYTES,
            allow_private=request.allow_private,
            max_redirects=0,
        )
    except outbound.OutboundError as exc:
        raise PurgeFailed(f"{request.method} {request.url}: {exc}") from exc
