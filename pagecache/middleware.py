"""The page cache's middleware: key headers on public answers, and Django's page cache in front of the views.

Before sessions and authentication (settings' MIDDLEWARE): a hit costs no SQL query and no template. What is
cached, and how purges reach it, is ``pagecache.pages``'; which headers carry the keys, ``pagecache.backends``'.
"""

from __future__ import annotations

from django.conf import settings

from . import backends, pages
from . import keys as surrogate_keys


class PublicPageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        use_cache = settings.NEWSROOM.get("PAGE_CACHE", False) and pages.cacheable_request(request)
        if use_cache:
            cached = pages.read(request)
            if cached is not None:
                return cached
        with surrogate_keys.collecting() as keys:
            response = self.get_response(request)
        if response.status_code in pages.PUBLIC_STATUSES and pages.is_public(response):
            if settings.NEWSROOM.get("SEND_SURROGATE_KEYS"):
                for header, value in backends.response_headers(keys).items():
                    response[header] = value
            if use_cache and pages.storable(response):
                pages.store(request, response, keys)
        return response
