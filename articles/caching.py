"""The one place that decides how long browsers and shared caches may keep a public page.

Pages are the same for every reader (no per-user content), so they are `public`. Browsers keep a page for a
minute (``max-age``: nobody can purge a browser, so breaking news must not wait longer than that). Shared caches
(Varnish, a CDN, Django's own page cache) keep it for an hour (``s-maxage``), because every change that readers
would see purges the pages showing it at once (``pagecache.purge``); ``stale-while-revalidate`` lets them answer
instantly while they refetch, and ``stale-if-error`` lets Django's page cache answer with the old page while the
database is down (5 minutes each: with the hour, the longest the purge outbox keeps a purge, pagecache.outbox).

Nothing purges a page at the moment a scheduled story's time comes or an expiring story's passes (the worker tells
of it within seconds, not at once), so no page is kept past the next such moment anywhere on the site: both
lifetimes are capped at it, and a capped page may not be served stale at all (``stale-while-revalidate=0``,
``stale-if-error=0``; the shipped VCL gives it no grace): it would miss the story due, or show the one expiring.
A page cached before the moment was known is purged when it becomes known (``articles.purging``).
"""

import math
import time
from functools import wraps

from django.utils.cache import patch_cache_control

from articles.models import Article, FrontSlot
from newsroom.shared_cache import cache_get, cache_set

PAGE_MAX_AGE = 60
SHARED_MAX_AGE = 3600
STALE_WHILE_REVALIDATE = 300
STALE_IF_ERROR = 300
NEXT_SCHEDULED_KEY = "public:next-scheduled"
# Answers that change rarely (robots.txt) or are errors a crawler should not hammer.
LONG_MAX_AGE = 3600


def cache_public(response, *, max_age: int = PAGE_MAX_AGE):
    """Mark a response as cacheable by anyone for ``max_age`` seconds (shared caches: an hour, or ``max_age`` when
    that is longer), never past the next scheduled publish or expiry time, and never served stale past it; returns
    it for chaining."""
    shared = max(max_age, SHARED_MAX_AGE)
    stale, on_error = STALE_WHILE_REVALIDATE, STALE_IF_ERROR
    until_scheduled = seconds_until_next_scheduled()
    if until_scheduled is not None and until_scheduled < shared + max(stale, on_error):
        max_age, shared = min(max_age, until_scheduled), min(shared, until_scheduled)
        stale, on_error = max(0, min(stale, until_scheduled - shared)), max(0, min(on_error, until_scheduled - shared))
    patch_cache_control(
        response,
        public=True,
        max_age=max_age,
        s_maxage=shared,
        stale_while_revalidate=stale,
        stale_if_error=on_error,
    )
    return response


def seconds_until_next_scheduled() -> int | None:
    """Seconds until the next scheduled story goes live (None when none is scheduled). Read from the cache, where
    every article save leaves it (``articles.signals``); looked up again only once that moment has passed."""
    stamp = cache_get(NEXT_SCHEDULED_KEY)
    if stamp is None or (stamp and stamp <= time.time()):
        stamp = remember_next_scheduled()
    # Rounded down: a page built a second or more before the moment expires at it, not up to a second after.
    return max(1, math.floor(stamp - time.time())) if stamp else None


def scheduling_changed(*, was, now) -> None:
    """A story saved: it was scheduled for ``was`` and is now for ``now`` (either None). Keeps the next scheduled
    time current with a query only when the cache has none, or when the story that was next moved away."""
    stamp = cache_get(NEXT_SCHEDULED_KEY)
    if stamp is None or (was is not None and abs(was.timestamp() - stamp) < 1e-3 and now != was):
        remember_next_scheduled()
    elif now is not None and (not stamp or now.timestamp() < stamp):
        cache_set(NEXT_SCHEDULED_KEY, now.timestamp(), SHARED_MAX_AGE)


def remember_next_scheduled() -> float:
    """Three indexed look-ups: the next scheduled publish time, expiry time or end of a front's slot, whichever
    comes first (a story or pin leaving by itself purges nothing either), kept as a timestamp (0: nothing due)."""
    upcoming = Article.objects.scheduled().order_by("published_at").values_list("published_at", flat=True)
    expiring = Article.objects.expiring().order_by("expires_at").values_list("expires_at", flat=True)
    slot_ends = FrontSlot.objects.ending().order_by("until").values_list("until", flat=True)
    moment = min(filter(None, (upcoming.first(), expiring.first(), slot_ends.first())), default=None)
    stamp = moment.timestamp() if moment else 0
    cache_set(NEXT_SCHEDULED_KEY, stamp, SHARED_MAX_AGE)
    return stamp


def public_page(view=None, *, max_age: int = PAGE_MAX_AGE):
    """Decorator for public views: successful answers, redirects and 404/410 all get the policy."""

    def decorate(func):
        @wraps(func)
        def wrapped(request, *args, **kwargs):
            response = func(request, *args, **kwargs)
            if response.status_code in {200, 301, 304, 404, 410} and not response.has_header("Cache-Control"):
                cache_public(response, max_age=max_age)
            return response

        return wrapped

    return decorate(view) if view else decorate


# Data behind public pages that is costly to compute and changes with the content (the sitemaps' month list
# and listing dates): cached for an hour under a version that any article save or delete moves on.
PUBLIC_DATA_VERSION_KEY = "public-data:version"
PUBLIC_DATA_SECONDS = 3600


def public_data_version() -> int:
    return cache_get(PUBLIC_DATA_VERSION_KEY, 0)


def public_data_changed() -> None:
    cache_set(PUBLIC_DATA_VERSION_KEY, time.time_ns(), None)


def public_set_stamp() -> str:
    """What data drawn from the whole public set must match: the content version (any article saved), the newest
    live publish time (a scheduled story falling due) and the next moment a story comes or goes by itself (an
    expiry). One indexed look-up and two cache reads."""
    newest = Article.objects.published().latest_first().values_list("published_at", flat=True).first()
    seconds_until_next_scheduled()  # moves the stored moment on once it has passed
    return f"{public_data_version()}:{newest.isoformat() if newest else '-'}:{cache_get(NEXT_SCHEDULED_KEY)}"


def cached_public_data(name: str, compute, *, stamp: str):
    """``compute()``'s value, kept under ``name`` for as long as ``stamp`` (built on the version) holds."""
    key = f"public-data:{name}:{stamp}"
    value = cache_get(key)
    if value is None:
        value = compute()
        cache_set(key, value, PUBLIC_DATA_SECONDS)
    return value
