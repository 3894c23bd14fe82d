"""The API's answers on the wire: JSON bodies, validators and 304s, the site's cache policy, CORS.

Anonymous and ``public``-key answers carry the site's public Cache-Control (``articles.caching.cache_public``),
and the page middleware adds the surrogate keys collected while they were built, so every purge that refreshes a
page refreshes the API answers showing the same stories. A ``preview`` key's answers are ``private, no-store``.
Answers vary on ``Accept`` (the ninjs shape) and on the key headers, so no shared cache mixes them up (and
Django's own page cache, which keys on the address alone, does not store them).
"""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import (
    add_never_cache_headers,
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
)
from django.utils.http import http_date

from api.errors import ApiError
from articles.caching import cache_public

JSON = "application/json"


def answer(request, data, *, preview: bool, last_modified=None, content_type: str = JSON) -> HttpResponse:
    content = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    response = HttpResponse(content, content_type=content_type)
    etag = f'"{hashlib.sha256(content).hexdigest()[:32]}"'
    response["ETag"] = etag
    if last_modified:
        response["Last-Modified"] = http_date(last_modified.timestamp())
    _decorate(request, response, preview=preview)
    return get_conditional_response(
        request,
        etag=etag,
        last_modified=int(last_modified.timestamp()) if last_modified else None,
        response=response,
    )


def error(request, exc: ApiError) -> HttpResponse:
    response = HttpResponse(json.dumps(exc.payload()), status=exc.status, content_type=JSON)
    for name, value in exc.headers.items():
        response[name] = value
    add_never_cache_headers(response)
    _cors(request, response)
    return response


def preflight(request) -> HttpResponse:
    """A browser asking whether it may send a key header from its origin: yes only for a configured origin."""
    response = HttpResponse(status=204)
    if _cors(request, response):
        response["Access-Control-Allow-Methods"] = "GET, OPTIONS"
        response["Access-Control-Allow-Headers"] = "Authorization, X-Api-Key, Accept, If-None-Match"
        response["Access-Control-Max-Age"] = "3600"
    return response


def _decorate(request, response, *, preview: bool) -> None:
    if preview:
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
    else:
        cache_public(response)
    patch_vary_headers(response, ("Accept", "Authorization", "X-Api-Key"))
    _cors(request, response)


def _cors(request, response) -> bool:
    allowed = settings.NEWSROOM["API_CORS_ORIGINS"]
    origin = request.headers.get("Origin", "")
    if not (origin and ("*" in allowed or origin in allowed)):
        return False
    response["Access-Control-Allow-Origin"] = "*" if "*" in allowed else origin
    response["Access-Control-Expose-Headers"] = "ETag, Last-Modified, Retry-After"
    patch_vary_headers(response, ("Origin",))
    return True
