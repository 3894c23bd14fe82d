"""Purging cached pages by key, once a write has committed: Django's page cache, Varnish, and CDNs.

``purge(keys)`` is called by ``articles.signals`` and ``articles.services`` for every write readers would see
(which keys a write makes stale is ``articles.purge_keys``' call). The purge goes out when the transaction commits
(``transaction.on_commit``: a rolled-back save purges nothing, and no reader can refetch the old page before the
new one is committed), to:

- Django's page cache, always (``articles.page_cache.purge_keys``: a cache write, at once);
- every Varnish in ``VARNISH_PURGE_URLS`` (a ``PURGE`` with an ``xkey`` header, which the shipped VCL accepts
  from the app's addresses only), at once, with a short timeout and a couple of quick retries, so a withdrawal
  has left Varnish before the editor's page reloads;
- Fastly (``FASTLY_API_TOKEN`` + ``FASTLY_SERVICE_ID``: purge by surrogate key) and Cloudflare
  (``CLOUDFLARE_API_TOKEN`` + ``CLOUDFLARE_ZONE_ID``: purge by cache tag), as a task on the queue
  (``articles.tasks.purge_cdn``) retried with backoff, since a remote API must not hold an editor's save.

A target that still fails is logged with the keys it missed; pages then expire by their ``s-maxage``.
"""

from __future__ import annotations

import json
import logging
import time
import urllib.parse
import urllib.request
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction

from articles import page_cache

logger = logging.getLogger(__name__)

VARNISH_TIMEOUT = 2.0
VARNISH_ATTEMPTS = 3
CDN_ATTEMPTS = 5
CDN_BACKOFF = 1.0  # seconds, doubled after each failure
# Fastly accepts up to 256 keys per request, Cloudflare 30 tags.
FASTLY_BATCH, CLOUDFLARE_BATCH = 256, 30


def purge(keys: Iterable[str]) -> None:
    keys = sorted(set(keys))
    if keys:
        transaction.on_commit(lambda: purge_now(keys))


def purge_now(keys: list[str]) -> None:
    if not keys:
        return
    page_cache.purge_keys(keys)
    for url in settings.NEWSROOM["VARNISH_PURGE_URLS"]:
        _varnish(url, keys)
    from articles.tasks import purge_cdn  # the task module imports this one

    for target in cdn_targets():
        purge_cdn.enqueue(target, keys)


# --- Varnish ---


def _varnish(url: str, keys: list[str]) -> None:
    for attempt in range(1, VARNISH_ATTEMPTS + 1):
        try:
            # The operator's own Varnish addresses, from the environment (http only, checked in settings).
            request = urllib.request.Request(url, method="PURGE", headers={"xkey": " ".join(keys)})  # noqa: S310
            with urllib.request.urlopen(request, timeout=VARNISH_TIMEOUT) as response:  # noqa: S310
                response.read()
            return
        except OSError as exc:
            if attempt == VARNISH_ATTEMPTS:
                logger.error("Varnish purge of %s at %s failed: %s", " ".join(keys), url, exc)
            else:
                time.sleep(0.05 * attempt)


# --- CDNs, off the request (articles.tasks.purge_cdn sends these) ---


def cdn_targets() -> list[str]:
    conf = settings.NEWSROOM
    targets = []
    if conf["FASTLY_API_TOKEN"] and conf["FASTLY_SERVICE_ID"]:
        targets.append("fastly")
    if conf["CLOUDFLARE_API_TOKEN"] and conf["CLOUDFLARE_ZONE_ID"]:
        targets.append("cloudflare")
    return targets


def cdn_batches(target: str, keys: list[str]) -> list[list[str]]:
    """The keys in as many requests as the target's API needs: one task retries only the batches that failed."""
    return _batches(keys, FASTLY_BATCH if target == "fastly" else CLOUDFLARE_BATCH)


def cdn_request(target: str, batch: list[str]) -> urllib.request.Request:
    (request,) = (fastly_requests if target == "fastly" else cloudflare_requests)(batch)
    return request


def fastly_requests(keys: list[str]) -> list[urllib.request.Request]:
    """Fastly's purge by surrogate key: POST /service/{id}/purge with the keys in a Surrogate-Key header."""
    conf = settings.NEWSROOM
    url = f"https://api.fastly.com/service/{urllib.parse.quote(conf['FASTLY_SERVICE_ID'])}/purge"
    return [
        urllib.request.Request(
            url,
            method="POST",
            headers={
                "Fastly-Key": conf["FASTLY_API_TOKEN"],
                "Surrogate-Key": " ".join(batch),
                "Accept": "application/json",
            },
        )
        for batch in _batches(keys, FASTLY_BATCH)
    ]


def cloudflare_requests(keys: list[str]) -> list[urllib.request.Request]:
    """Cloudflare's purge by cache tag: POST /zones/{zone}/purge_cache with {"tags": [...]}."""
    conf = settings.NEWSROOM
    url = f"https://api.cloudflare.com/client/v4/zones/{urllib.parse.quote(conf['CLOUDFLARE_ZONE_ID'])}/purge_cache"
    return [
        urllib.request.Request(
            url,
            method="POST",
            data=json.dumps({"tags": batch}).encode(),
            headers={"Authorization": f"Bearer {conf['CLOUDFLARE_API_TOKEN']}", "Content-Type": "application/json"},
        )
        for batch in _batches(keys, CLOUDFLARE_BATCH)
    ]


def send_once(request: urllib.request.Request) -> bool:
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (fixed https API hosts)
            response.read()
        return True
    except OSError as exc:
        logger.warning("CDN purge %s %s failed: %s", request.method, request.full_url, exc)
        return False


def _batches(keys: list[str], size: int) -> list[list[str]]:
    return [keys[start : start + size] for start in range(0, len(keys), size)]
