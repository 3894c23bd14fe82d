"""Cloudflare: keys in ``Cache-Tag``, comma-separated (Cloudflare reads and strips the header); a purge is
``POST /zones/{zone}/purge_cache`` with ``{"tags": [...]}`` (up to 30 a request), sent from the task queue."""

from __future__ import annotations

import json
import urllib.parse

from .base import Backend
from .http import PurgeRequest, send

API = "https://api.cloudflare.com/client/v4"


class Cloudflare(Backend):
    name = "cloudflare"
    header = "Cache-Tag"
    separator = ","
    batch_size = 30
    queued = True

    def __init__(self, token: str, zone_id: str):
        self.token, self.zone_id = token, zone_id

    def request(self, batch: list[str]) -> PurgeRequest:
        return PurgeRequest(
            "POST",
            f"{API}/zones/{urllib.parse.quote(self.zone_id)}/purge_cache",
            headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"},
            data=json.dumps({"tags": batch}).encode(),
        )

    def purge(self, batch: list[str], *, timeout: float | None = None) -> None:
        send(self.request(batch))  # from a worker only: the API's own pace (http.send's timeout)
