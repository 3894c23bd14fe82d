"""The page cache's middleware: key headers on public answers, and Django's page cache in front of the views.

Before sessions and authentication (settings' MIDDLEWARE): a hit costs no SQL query and no template. What is
cached, and how purges reach it, is ``pagecache.pages``'; one build per surge of readers, ``pagecache.surge``'s;
which headers carry the keys, ``pagecache.backends``'.
"""

from __future__ import annotations

from django.conf import settings

from . import backends, pages, surge
from . import keys as surrogate_keys

_ERRORS = 500  # an answer at or above this may be replaced by the page's stale copy (stale-if-error)


class PublicPageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not (settings.NEWSROOM.get("PAGE_CACHE", False) and pages.cacheable_request(request)):
            return self._build(request)[0]
        found = pages.lookup(request)
        if found.fresh is not None:
            return pages.respond(request, found.fresh)
        if not found.usable:
            return self._build(request)[0]
        token, locked = None, found.key
        if not found.passing:
            token = surge.claim(locked)
            if token is False:  # another request is building the page
                if found.stale is not None:
                    return pages.respond(request, found.stale, stale=True)
                found, token = surge.wait(request, found)
                locked = found.key
            elif token:
                found = pages.lookup(request)  # stored by a build that let go of the lock since this one looked
            if found.fresh is not None:
                surge.release(locked, token)
                return pages.respond(request, found.fresh)
        try:
            return self._build_and_store(request, found)
        finally:
            surge.release(locked, token)

    def _build_and_store(self, request, found: pages.Lookup):
        response, keys, public = self._build(request)
        if response.status_code >= _ERRORS and found.fallback is not None:
            return pages.respond(request, found.fallback, stale=True)
        # Nobody waits for a page that is not kept (a revalidation's "not modified" says nothing of the page).
        kept = public and pages.storable(response) and pages.store(request, response, keys, found)
        if found.usable and not kept and response.status_code != 304:
            surge.passing(found.key)
        return response

    def _build(self, request):
        with surrogate_keys.collecting() as keys:
            response = self.get_response(request)
        public = response.status_code in pages.PUBLIC_STATUSES and pages.is_public(response)
        if public and settings.NEWSROOM.get("SEND_SURROGATE_KEYS"):
            for header, value in backends.response_headers(keys).items():
                response[header] = value
        return response, keys, public
