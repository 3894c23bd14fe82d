"""Readers' pages served from Django's cache, purged by the keys they were built from (the store behind
``pagecache.middleware.PublicPageMiddleware``).

The middleware does two things for every request:

1. It collects the surrogate keys of the answer as it is built (``pagecache.keys``) and, when the answer is public
   and a cache is in front (``NEWSROOM["SEND_SURROGATE_KEYS"]``), sends them in the header each configured target
   reads (``pagecache.backends``: Varnish's ``xkey``, Fastly's ``Surrogate-Key``, Cloudflare's ``Cache-Tag``); that
   cache strips them before the browser.
2. With the page cache on (``NEWSROOM["PAGE_CACHE"]``: on when ``REDIS_URL`` is set, so every process shares one
   cache and one purge reaches them all), it answers an anonymous GET or HEAD from the cache, before sessions,
   authentication or a view run: a hit costs no SQL query and no template, only two cache reads.

A purge cannot find the pages that carry a key in a plain key-value cache, so each key has a *generation* (a
stamp; ``purge_keys`` moves it on) and a page is stored with the generations of its keys as they were when it was
built: a page whose keys have moved on since is a miss, and is rebuilt. That works the same on Redis and on the
local-memory cache, and a key whose generation was evicted counts as moved on, so eviction can only cause a miss.
Checking a page's thirty-odd keys on every hit would cost a second round trip, so a site-wide purge stamp is read
with the page (one round trip): while no purge has happened since the page was checked, it is served as it is;
after one, its keys are checked once and the page is re-stamped. The generations and the stamp are written by
``pagecache.stamps`` (one script on Redis); with Redis, pages are read from it and stored in it only while this
process's watch (``pagecache.memory``) vouches that it lost no purge.

Never from or into the cache: the admin, previews, account pages, anything but GET/HEAD, requests carrying a
session or messages cookie (a logged-in editor sees the live site as it is), answers that set a cookie, vary on
something other than the URL, or are not ``public`` in their Cache-Control.
"""

from __future__ import annotations

import hashlib
import re
import time

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, get_max_age
from django.utils.http import parse_http_date_safe

from newsroom.shared_cache import cache_delete, cache_get_many, cache_set

from . import memory as page_memory
from . import stamps

PUBLIC_STATUSES = {200, 301, 404, 410}
PRIVATE_PREFIXES = ("/admin/", "/preview/", "/account/", "/accounts/", "/healthz")
_GENERATION = stamps.GENERATION
_PAGE = "page:"
_LAST_PURGE = stamps.LAST_PURGE
_S_MAXAGE = re.compile(r"\bs-maxage=(\d+)")


def purge_keys(keys) -> int:
    """Every cached page carrying one of ``keys`` is stale from now on; the purge's stamp. Raises
    ``stamps.CacheUnavailable`` when the cache did not take it (the purge then waits in the outbox)."""
    stamp = stamps.write_purge(keys)
    if (watch := page_memory.running()) is not None:
        watch.heard(stamp)  # this process's own pages are stale now, not when the channel says so
    return stamp


def cacheable_request(request) -> bool:
    if request.method not in {"GET", "HEAD"} or request.path.startswith(PRIVATE_PREFIXES):
        return False
    return settings.SESSION_COOKIE_NAME not in request.COOKIES and "messages" not in request.COOKIES


def is_public(response) -> bool:
    return "public" in response.get("Cache-Control", "")


def storable(response) -> bool:
    vary = {part.strip().lower() for part in response.get("Vary", "").split(",") if part.strip()}
    return (
        not response.streaming
        and not response.cookies
        and vary <= {"accept-encoding"}
        and "private" not in response.get("Cache-Control", "")
    )


def _page_key(request) -> str:
    # HEAD is answered from the GET's entry (the handler drops the body); the host is part of the address.
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return _PAGE + hashlib.sha256(address.encode()).hexdigest()


def _lifetime(response) -> int:
    match = _S_MAXAGE.search(response.get("Cache-Control", ""))
    return int(match.group(1)) if match else (get_max_age(response) or 0)


def store(request, response, keys: set[str]) -> None:
    lifetime = _lifetime(response)
    watch = page_memory.memory()
    if lifetime <= 0 or (watch is not None and not watch.vouched.is_set()):
        return
    generations = cache_get_many([_LAST_PURGE, *(_GENERATION + key for key in keys)])
    if watch is not None and not watch.consistent(generations.get(_LAST_PURGE), page_found=False):
        return
    now = time.time()
    entry = {
        "status": response.status_code,
        "headers": [(name, value) for name, value in response.items()],
        "content": response.content,
        "keys": sorted(keys),
        "generations": {key: generations.get(_GENERATION + key) for key in keys},
        "checked_at": generations.get(_LAST_PURGE),
        "stored_at": now,
        "expires_at": now + lifetime,
    }
    page_key = _page_key(request)
    cache_set(page_key, entry, lifetime)
    if watch is not None:
        watch.put(page_key, entry)


def read(request) -> HttpResponse | None:
    store = page_memory.memory()
    if store is not None and not store.vouched.is_set():
        return None  # Redis restarting, hung, or not yet checked for lost purges: the page is built afresh
    page_key = _page_key(request)
    if store is not None:
        # This process's copy, while its purge listener vouches that nothing was purged since it was checked.
        entry = store.get(page_key)
        stamp = store.trusted_stamp()
        if (
            entry is not None
            and stamp is not None
            and entry["checked_at"] == stamp
            and entry["expires_at"] > time.time()
        ):
            return _respond(request, entry)
    entry = _read_shared(page_key, store)
    if store is not None:
        if entry is None:
            store.drop(page_key)
        else:
            store.put(page_key, entry)
    return None if entry is None else _respond(request, entry)


def _read_shared(page_key: str, watch) -> dict | None:
    """The page from the shared cache, its keys checked against their generations when a purge happened since."""
    found = cache_get_many([page_key, _LAST_PURGE])
    entry = found.get(page_key)
    last_purge = found.get(_LAST_PURGE)
    if watch is not None and not watch.consistent(last_purge, page_found=entry is not None):
        return None
    if entry is None:
        return None
    if entry["checked_at"] != last_purge or last_purge is None:
        current = cache_get_many(_GENERATION + key for key in entry["keys"])
        if any(current.get(_GENERATION + key) != stamp for key, stamp in entry["generations"].items()):
            cache_delete(page_key)
            return None
        remaining = int(entry["expires_at"] - time.time())
        if remaining > 0 and last_purge is not None:
            entry = {**entry, "checked_at": last_purge}
            cache_set(page_key, entry, remaining)
    return entry


def _respond(request, entry: dict) -> HttpResponse:
    response = HttpResponse(entry["content"], status=entry["status"])
    for name, value in entry["headers"]:
        response[name] = value
    response["Age"] = str(int(time.time() - entry["stored_at"]))
    response["X-Page-Cache"] = "hit"
    if response.status_code == 200 and response.has_header("ETag"):
        # A revalidating browser is told "not modified" from the cache too, as the view would have.
        last_modified = response.get("Last-Modified")
        response = get_conditional_response(
            request,
            etag=response["ETag"],
            last_modified=parse_http_date_safe(last_modified) if last_modified else None,
            response=response,
        )
        response["X-Page-Cache"] = "hit"
    return response
