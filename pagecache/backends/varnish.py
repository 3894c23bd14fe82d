"""Varnish 7 with varnish-modules' xkey (``deploy/varnish/default.vcl``): keys in the ``xkey`` header, space-separated;
a purge is ``PURGE /`` with an ``xkey`` header of keys, which the shipped VCL accepts from the app's addresses only."""

from __future__ import annotations

import time

from .base import Backend, PurgeFailed
from .http import PurgeRequest, send

TIMEOUT = 2.0
ATTEMPTS = 3


class Varnish(Backend):
    header = "xkey"
    separator = " "
    batch_size = 200

    def __init__(self, url: str):
        self.url = url
        self.name = f"varnish:{url}"

    def request(self, batch: list[str]) -> PurgeRequest:
        # The operator's own Varnish addresses, from the environment (http only, checked in settings).
        return PurgeRequest("PURGE", self.url, headers={"xkey": " ".join(batch)}, allow_private=True)

    def purge(self, batch: list[str]) -> None:
        for attempt in range(1, ATTEMPTS + 1):
            try:
                send(self.request(batch), timeout=TIMEOUT)
                return
            except PurgeFailed:
                if attempt == ATTEMPTS:
                    raise
                time.sleep(0.05 * attempt)
