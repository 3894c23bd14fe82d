"""Varnish 7 with varnish-modules' xkey (``deploy/varnish/default.vcl``): keys in the ``xkey`` header, space-separated;
a purge is ``PURGE /`` with an ``xkey`` header of keys, which the shipped VCL accepts from the app's addresses only.

A purge answers in milliseconds, so a node gets ``TIMEOUT`` seconds at most (the writing process gives it less: what
is left of its half second); a node that is down or hung is retried every ``retry_cap`` seconds once the pause has
grown, so a node that comes back is purged within about that long (README, *Caching*)."""

from __future__ import annotations

from .base import Backend
from .http import PurgeRequest, send

TIMEOUT = 2.0


class Varnish(Backend):
    header = "xkey"
    separator = " "
    batch_size = 200
    retry_cap = 3.0

    def __init__(self, url: str):
        self.url = url
        self.name = f"varnish:{url}"

    def request(self, batch: list[str]) -> PurgeRequest:
        # The operator's own Varnish addresses, from the environment (http only, checked in settings).
        return PurgeRequest("PURGE", self.url, headers={"xkey": " ".join(batch)}, allow_private=True)

    def purge(self, batch: list[str], *, timeout: float | None = None) -> None:
        send(self.request(batch), timeout=min(timeout or TIMEOUT, TIMEOUT))
