"""One build per surge: when a page is missing or stale in Django's page cache, one request builds it and the others
get the stale copy or wait for the new one (``pagecache.middleware``).

The build's lock is a key in the shared cache taken with ``add`` (Redis ``SET NX`` with a lifetime: every process
and machine sees it; with the local-memory cache, each process has its own, so at most one build per process).
A request that finds the lock taken is answered from the page's stale copy when there is one it may have
(``pagecache.pages``: never a page taken down since), else it looks again every few milliseconds, for at most
``WAIT_SECONDS``, until the page is there, or the lock is free (it takes it and builds), or the page turned out not
to be storable (``passing``: everyone builds their own). A builder that dies leaves its lock for ``LOCK_SECONDS``.
With the cache unreachable nobody waits: every request builds its own page, as with no cache at all.
"""

from __future__ import annotations

import time
import uuid

from django.core.cache import cache

from newsroom.shared_cache import cache_set

from . import pages

LOCK_SECONDS = 10  # the longest a build holds a page's lock (a process killed mid-build leaves it this long)
# The longest a reader waits for another's build before building the page itself: as long as a build may hold the
# lock, since a reader that gives up early adds a build to a server that is slow already (the wait ends as soon
# as the page is stored, or the lock is let go of or runs out).
WAIT_SECONDS = float(LOCK_SECONDS)
PASS_SECONDS = 10  # a page that could not be stored is built by everyone, without the lock, for this long
_FIRST_PAUSE, _LONGEST_PAUSE = 0.005, 0.05
_LOCK = "page-lock:"


def claim(key: str) -> str | bool | None:
    """The lock on building ``key``: a token when this request holds it, False when another does, None when the
    cache cannot say (then build without it)."""
    token = uuid.uuid4().hex
    try:
        return token if cache.add(_LOCK + key, token, LOCK_SECONDS) else False
    except Exception:  # the cache's own errors: build as if there were no cache
        return None


def release(key: str, token: str | None) -> None:
    if not token:
        return
    try:
        if cache.get(_LOCK + key) == token:  # not another's, taken after ours ran out
            cache.delete(_LOCK + key)
    except Exception:  # it runs out by itself
        return


def wait(request, found: pages.Lookup) -> tuple[pages.Lookup, str | None]:
    """Wait for another request's build of the page: (the page's lookup, None) once it is there, else (the latest
    lookup, the lock's token if this request took it over: build the page then)."""
    deadline = time.monotonic() + WAIT_SECONDS
    pause = _FIRST_PAUSE
    while time.monotonic() < deadline:
        time.sleep(pause)
        pause = min(pause * 2, _LONGEST_PAUSE)
        found = pages.lookup(request)
        if found.fresh is not None or not found.usable or found.passing:
            return found, None
        token = claim(found.key)
        if token:
            # The lock came free between the look and the claim, most often because the build it guarded has just
            # stored the page: look again before building it a second time (bench_surge counted such builds).
            again = pages.lookup(request)
            if again.key == found.key:
                return again, token
            release(found.key, token)  # the page turned out to vary: its variant has a lock of its own
            continue
        if token is None:
            return found, token
    return found, None


def passing(key: str) -> None:
    """The page's answer cannot be stored (private, sets a cookie, an error): nobody waits for the next build."""
    cache_set(pages.pass_key(key), True, PASS_SECONDS)
