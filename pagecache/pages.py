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
built: a page whose keys have moved on since is *purged*, and is rebuilt. That works the same on Redis and on the
local-memory cache, and a key whose generation was evicted counts as moved on, so eviction can only cause a miss.
Checking a page's thirty-odd keys on every hit would cost a second round trip, so a site-wide purge stamp is read
with the page (one round trip): while no purge has happened since the page was checked, it is served as it is;
after one, its keys are checked once and the page is re-stamped. The generations and the stamp are written by
``pagecache.stamps`` (one script on Redis); with Redis, pages are read from it and stored in it only while this
process's watch (``pagecache.memory``) vouches that it lost no purge. A page whose keys were purged while it was
being built is not stored (it may show what the purge removed).

**Stale copies.** A page past its lifetime, or purged, is kept for a while (the answer's ``stale-while-revalidate``
and ``stale-if-error``, at most ``STALE_MAX``; a purged page at most ``PURGED_GRACE`` after the purge was seen) and
may be served while another request rebuilds it (``pagecache.surge``) or when the rebuild fails (the database down),
marked ``X-Page-Cache: stale`` and ``max-age=0`` so no cache in front keeps it. Never when the page shows a story
that was *taken down* since it was stored: a purge of a story leaving readers' view (withdrawn, expired, deleted)
also moves the story's takedown key (``takedown_key``), and a stale copy carrying such a story is dropped. A page
whose lifetime was capped at a scheduled change (``articles.caching``) is sent with ``stale-while-revalidate=0``
and ``stale-if-error=0``: it is never served past that moment.

**Answers that vary** on a request header (the API: ``Accept`` for its ninjs shape, the key headers) are stored per
variant: the page's address holds a marker naming the headers, and each variant is stored under the address plus
those headers' values. A request carrying a header the answer varies on that is not content negotiation (an API
key) is neither served from the cache nor stored in it; one with ``Authorization`` never is (RFC 9111, 3.5).

Never from or into the cache: the admin, previews, account pages, anything but GET/HEAD, requests carrying a
session or messages cookie (a logged-in editor sees the live site as it is), answers that set a cookie, vary on
``Cookie``, or are not ``public`` in their Cache-Control.
"""

from __future__ import annotations

import hashlib
import math
import re
import time
from dataclasses import dataclass, field

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
_PAGE = "page2:"  # entries carry their stale windows since "page2": older ones are never read
_LAST_PURGE = stamps.LAST_PURGE
_S_MAXAGE = re.compile(r"\bs-maxage=(\d+)")
_STALE_WHILE_REVALIDATE = re.compile(r"\bstale-while-revalidate=(\d+)")
_STALE_IF_ERROR = re.compile(r"\bstale-if-error=(\d+)")
_STORY_KEY = re.compile(r"a\d+")
# The longest a page is kept past its lifetime, whatever its answer says: with an hour's lifetime that is the purge
# outbox's horizon (pagecache.outbox.HORIZON), so no page outlives the purges that could still reach it.
STALE_MAX = 300
# How long a purged page may still be served stale after the purge was seen (while it is rebuilt, or the database
# is down).
PURGED_GRACE = 300
# Request headers that only choose between representations: an answer varying on them is stored per value.
NEGOTIATION = {"accept", "accept-encoding", "accept-language", "origin"}


def purge_keys(keys) -> int:
    """Every cached page carrying one of ``keys`` is stale from now on; the purge's stamp. Raises
    ``stamps.CacheUnavailable`` when the cache did not take it (the purge then waits in the outbox)."""
    stamp = stamps.write_purge(keys)
    if (watch := page_memory.running()) is not None:
        watch.heard(stamp)  # this process's own pages are stale now, not when the channel says so
    return stamp


def takedown_key(story_key: str) -> str:
    """Purged with a story's key when the story leaves readers' view: no stale copy showing it is served after."""
    return f"gone-{story_key}"


def cacheable_request(request) -> bool:
    if request.method not in {"GET", "HEAD"} or request.path.startswith(PRIVATE_PREFIXES):
        return False
    if "authorization" in request.headers:
        return False
    return settings.SESSION_COOKIE_NAME not in request.COOKIES and "messages" not in request.COOKIES


def is_public(response) -> bool:
    return "public" in response.get("Cache-Control", "")


def _vary(response) -> set[str]:
    return {part.strip().lower() for part in response.get("Vary", "").split(",") if part.strip()}


def storable(response) -> bool:
    """Whether the answer may be stored for anyone (per variant when it varies on a request header)."""
    vary = _vary(response)
    return (
        not response.streaming
        and not response.cookies
        and "cookie" not in vary
        and "*" not in vary
        and "private" not in response.get("Cache-Control", "")
    )


def _address_key(request) -> str:
    # HEAD is answered from the GET's entry (the handler drops the body); the host is part of the address.
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return _PAGE + hashlib.sha256(address.encode()).hexdigest()


def _variant_key(address_key: str, request, names) -> str | None:
    """The key of this request's variant of an answer that varies on ``names``; None when the request carries one
    of them that is not content negotiation (a key: its answers are not for everyone)."""
    names = sorted(set(names) - {"accept-encoding"})
    if any(name not in NEGOTIATION and request.headers.get(name) for name in names):
        return None
    values = "\n".join(f"{name}:{request.headers.get(name, '')}" for name in names)
    return f"{address_key}:{hashlib.sha256(values.encode()).hexdigest()[:32]}"


@dataclass
class Lookup:
    """What the cache holds for a request: a fresh page, a stale copy, or nothing, and how to store the answer."""

    address: str = ""  # the key of the page's address (its variants hang from it)
    key: str = ""  # the key of this request's page (the address, or its variant's)
    usable: bool = True  # False: neither read nor stored (cache away, or a key-carrying request of a varied page)
    stamp: int = 0  # the site-wide purge stamp before the page is built: a purge after it makes the build stale
    fresh: dict | None = None
    stale: dict | None = None  # may be served while another request rebuilds the page
    fallback: dict | None = None  # may be served when the rebuild fails (stale-if-error)
    passing: bool = False  # recently not storable: built without waiting for anyone
    # When the page began to be built: its lifetime counts from then (the view's ``s-maxage`` was worked out after),
    # so a page capped at a moment (articles.caching) is never kept past it here or, through ``Age``, in front.
    started: float = field(default_factory=time.time)


def lookup(request) -> Lookup:
    watch = page_memory.memory()
    if watch is not None and not watch.vouched.is_set():
        return Lookup(usable=False)  # Redis restarting, hung, or not yet checked for lost purges: built afresh
    address = _address_key(request)
    if (entry := _from_memory(watch, address)) is not None:
        return Lookup(address=address, key=address, fresh=entry)
    found = cache_get_many([address, _LAST_PURGE, pass_key(address)])
    entry, last_purge = found.get(address), found.get(_LAST_PURGE)
    if watch is not None and not watch.consistent(last_purge, page_found=entry is not None):
        return Lookup(usable=False)
    key, passing = address, pass_key(address) in found
    if entry is not None and "vary" in entry:
        key = _variant_key(address, request, entry["vary"])
        if key is None:
            return Lookup(usable=False)
        if (variant := _from_memory(watch, key)) is not None:
            return Lookup(address=address, key=key, fresh=variant)
        found = cache_get_many([key, pass_key(key)])
        entry, passing = found.get(key), pass_key(key) in found
    result = Lookup(address=address, key=key, stamp=last_purge or 0, passing=passing)
    entry = _checked(key, entry, last_purge) if entry is not None else None
    now = time.time()
    if entry is None:
        if watch is not None:
            watch.drop(key)
        return result
    if _is_fresh(entry, now):
        if watch is not None:
            watch.put(key, entry)
        result.fresh = entry
        return result
    if watch is not None:
        watch.drop(key)
    result.stale = entry if now < entry["stale_until"] else None
    result.fallback = entry if now < entry["error_until"] else None
    return result


def pass_key(key: str) -> str:
    return f"{key}:pass"


def _from_memory(watch, key: str) -> dict | None:
    """This process's copy, while its purge listener vouches that nothing was purged since it was checked."""
    if watch is None:
        return None
    entry, stamp = watch.get(key), watch.trusted_stamp()
    if entry is not None and stamp is not None and entry["checked_at"] == stamp and _is_fresh(entry, time.time()):
        return entry
    return None


def _is_fresh(entry: dict, now: float) -> bool:
    return not entry.get("purged") and entry["expires_at"] > now


def _checked(key: str, entry: dict, last_purge: int | None) -> dict | None:
    """The entry, its keys checked against their generations when a purge happened since it was last checked:
    marked purged (a stale copy for ``PURGED_GRACE``), or None when it shows a story taken down since it was
    stored (dropped: never served again)."""
    if entry["checked_at"] == last_purge and last_purge is not None:
        return entry
    shown = [key_ for key_ in entry["keys"] if _STORY_KEY.fullmatch(key_)]
    names = [_GENERATION + key_ for key_ in entry["keys"]] + [_GENERATION + takedown_key(key_) for key_ in shown]
    current = cache_get_many(names)
    if any((current.get(_GENERATION + takedown_key(key_)) or 0) > entry["stamp"] for key_ in shown):
        cache_delete(key)
        return None
    now = time.time()
    purged = any(current.get(_GENERATION + key_) != stamp for key_, stamp in entry["generations"].items())
    if purged and not entry.get("purged"):
        grace = now + PURGED_GRACE
        entry = {**entry, "purged": True, "stale_until": min(entry["stale_until"], grace)}
        entry["error_until"] = min(entry["error_until"], grace)
    remaining = max(entry["expires_at"], entry["stale_until"], entry["error_until"]) - now
    if remaining <= 0:
        cache_delete(key)
        return None
    if last_purge is not None:
        entry = {**entry, "checked_at": last_purge}
        cache_set(key, entry, math.ceil(remaining))
    return entry


def _seconds(pattern: re.Pattern, cache_control: str) -> int:
    match = pattern.search(cache_control)
    return int(match.group(1)) if match else 0


def _lifetime(response) -> int:
    match = _S_MAXAGE.search(response.get("Cache-Control", ""))
    return int(match.group(1)) if match else (get_max_age(response) or 0)


def store(request, response, keys: set[str], found: Lookup) -> bool:
    """Keep ``response`` for ``request`` unless its keys were purged since ``found`` was looked up (while it was
    built: it may show what the purge took away). False when the answer cannot be kept at all (no lifetime)."""
    lifetime = _lifetime(response)
    if lifetime <= 0:
        return False
    watch = page_memory.memory()
    if not found.usable or (watch is not None and not watch.vouched.is_set()):
        return True
    vary = sorted(_vary(response) - {"accept-encoding"})
    key = _variant_key(found.address, request, vary) if vary else found.address
    if key is None:
        return True  # a key-carrying request: its answer is not everyone's
    generations = cache_get_many([_LAST_PURGE, *(_GENERATION + key_ for key_ in keys)])
    last_purge = generations.get(_LAST_PURGE)
    if watch is not None and not watch.consistent(last_purge, page_found=False):
        return True
    if any((generations.get(_GENERATION + key_) or 0) > found.stamp for key_ in keys):
        return True
    cache_control = response.get("Cache-Control", "")
    stale = min(_seconds(_STALE_WHILE_REVALIDATE, cache_control), STALE_MAX)
    on_error = min(_seconds(_STALE_IF_ERROR, cache_control), STALE_MAX)
    now = found.started
    entry = {
        "status": response.status_code,
        "headers": [(name, value) for name, value in response.items()],
        "content": response.content,
        "keys": sorted(keys),
        "generations": {key_: generations.get(_GENERATION + key_) for key_ in keys},
        "checked_at": last_purge,
        "stamp": last_purge or 0,
        "stored_at": now,
        "expires_at": now + lifetime,
        "stale_until": now + lifetime + stale,
        "error_until": now + lifetime + on_error,
    }
    kept = math.ceil(now + lifetime + max(stale, on_error) - time.time())
    if kept <= 0:
        return True
    if vary:
        cache_set(found.address, {"vary": vary}, kept)
    cache_set(key, entry, kept)
    cache_delete(pass_key(key))
    if watch is not None:
        watch.put(key, entry)
    return True


def respond(request, entry: dict, *, stale: bool = False) -> HttpResponse:
    response = HttpResponse(entry["content"], status=entry["status"])
    for name, value in entry["headers"]:
        response[name] = value
    # Rounded up: a cache in front that takes this page keeps it no longer than the page's own lifetime.
    response["Age"] = str(max(0, math.ceil(time.time() - entry["stored_at"])))
    if stale:
        response["Cache-Control"] = "max-age=0, must-revalidate"  # no cache in front may keep a stale copy
        response["X-Page-Cache"] = "stale"
        return response
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
