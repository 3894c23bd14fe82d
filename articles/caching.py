"""The one place that decides how long browsers and shared caches may keep a public page.

Pages are the same for every reader (no per-user content), so they are `public`. A short max-age keeps
breaking news fresh; `stale-while-revalidate` lets a CDN answer instantly while it refetches.
"""

import time
from functools import wraps

from django.core.cache import cache
from django.utils.cache import patch_cache_control

PAGE_MAX_AGE = 60
STALE_WHILE_REVALIDATE = 300
# Answers that change rarely (robots.txt) or are errors a crawler should not hammer.
LONG_MAX_AGE = 3600


def cache_public(response, *, max_age: int = PAGE_MAX_AGE):
    """Mark a response as cacheable by anyone for ``max_age`` seconds; returns it for chaining."""
    patch_cache_control(response, public=True, max_age=max_age, stale_while_revalidate=STALE_WHILE_REVALIDATE)
    return response


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
    return cache.get(PUBLIC_DATA_VERSION_KEY, 0)


def public_data_changed() -> None:
    cache.set(PUBLIC_DATA_VERSION_KEY, time.time_ns(), None)


def cached_public_data(name: str, compute, *, stamp: str):
    """``compute()``'s value, kept under ``name`` for as long as ``stamp`` (built on the version) holds."""
    key = f"public-data:{name}:{stamp}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, PUBLIC_DATA_SECONDS)
    return value
