"""Fastly: keys in ``Surrogate-Key``, space-separated; a purge is ``POST /service/{id}/purge`` with the keys in a
``Surrogate-Key`` header (up to 256 a request), sent from the task queue."""

from __future__ import annotations

import urllib.parse

from .base import Backend
from .http import PurgeRequest, send

API = "https://api.fastly.com"


class Fastly(Backend):
    name = "fastly"
    header = "Surrogate-Key"
    separator = " "
    batch_size = 256
    queued = True

    def __init__(self, token: str, service_id: str):
        self.token, self.service_id = token, service_id

    def request(self, batch: list[str]) -> PurgeRequest:
        return PurgeRequest(
            "POST",
            f"{API}/service/{urllib.parse.quote(self.service_id)}/purge",
            headers={"Fastly-Key": self.token, "Surrogate-Key": " ".join(batch), "Accept": "application/json"},
        )

    def purge(self, batch: list[str], *, timeout: float | None = None) -> None:
        send(self.request(batch))  # from a worker only: the API's own pace (http.send's timeout)
