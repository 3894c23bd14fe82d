"""The cache targets that run, from settings: Django's page cache (``PAGE_CACHE``), each Varnish in
``VARNISH_PURGE_URLS``, Fastly and Cloudflare when their credentials are set."""

from __future__ import annotations

from django.conf import settings

from .base import Backend, PurgeFailed
from .cloudflare import Cloudflare
from .django import DjangoPageCache
from .fastly import Fastly
from .varnish import Varnish

__all__ = ["Backend", "Cloudflare", "DjangoPageCache", "Fastly", "PurgeFailed", "Varnish", "by_name", "configured"]


def configured() -> list[Backend]:
    conf = settings.NEWSROOM
    targets: list[Backend] = [DjangoPageCache()]  # cheap when off: a purge of a cache nobody reads
    targets += [Varnish(url) for url in conf["VARNISH_PURGE_URLS"]]
    if conf["FASTLY_API_TOKEN"] and conf["FASTLY_SERVICE_ID"]:
        targets.append(Fastly(conf["FASTLY_API_TOKEN"], conf["FASTLY_SERVICE_ID"]))
    if conf["CLOUDFLARE_API_TOKEN"] and conf["CLOUDFLARE_ZONE_ID"]:
        targets.append(Cloudflare(conf["CLOUDFLARE_API_TOKEN"], conf["CLOUDFLARE_ZONE_ID"]))
    return targets


def by_name(name: str) -> Backend | None:
    """A configured target by its name (a queued purge names its target; settings may have changed since)."""
    return next((target for target in configured() if target.name == name), None)


def response_headers(keys: set[str]) -> dict[str, str]:
    """The key headers a public answer carries for the caches in front: each configured target's own (Varnish
    ``xkey``, Fastly ``Surrogate-Key``, Cloudflare's comma-separated ``Cache-Tag``); with none configured but
    ``SEND_SURROGATE_KEYS`` on, the two common ones for a cache someone else purges."""
    fronts = [target for target in configured() if target.header]
    if not fronts:
        fronts = [Varnish(""), Fastly("", "")]
    headers = {}
    for target in fronts:
        headers[target.header] = target.header_value(keys)
    return headers
