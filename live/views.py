"""Live coverage's public answers: the poll a live page makes, the breaking-news banner, Most read, the beacon.

The article page itself stays ``articles.views.article`` (``live.page`` adds the updates). Every public answer
gets its Cache-Control from ``cache_public``; the poll and the banner carry the story's or the banner's
surrogate key, so a new update or alert purges them with the page.
"""

from __future__ import annotations

import hashlib
import json
import math
import re

from django.http import Http404, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from articles.caching import cache_public, public_page
from articles.seo import page_meta
from live import reads, throttle
from live.page import PER_PAGE
from live.queries import current_alert, public_coverage
from newsroom.proxies import client_ip
from pagecache import keys as surrogate_keys

# Ranked by reads, which move without any purge: shared caches keep these answers for minutes, not an hour.
MOST_READ_SHARED_SECONDS = 300
# Browsers' user agents that are not readers: crawlers, link previews, monitors, scripts.
BOTS = re.compile(r"bot|crawl|spider|slurp|preview|facebookexternalhit|monitor|curl|wget|python|java/|http", re.I)


def poll(request, pk: int):
    """What a live page asks every 30 s with If-None-Match: 304 from one indexed query (or from a cache in front)
    while nothing changed; otherwise the newest update ids, for the "N new updates" button."""
    coverage = public_coverage(pk)
    if coverage is None:
        raise Http404("No live coverage here.")
    surrogate_keys.record(surrogate_keys.story(pk))
    stamp = f"{coverage.pk}-{coverage.changed_at.timestamp():.6f}-{coverage.state}"
    etag = f'"{hashlib.sha256(stamp.encode()).hexdigest()[:24]}"'
    response = get_conditional_response(request, etag=etag)
    if response is None:
        newest = list(coverage.updates.values_list("pk", flat=True)[:PER_PAGE])
        payload = {"url": coverage.article.get_absolute_url(), "state": coverage.state, "updates": newest}
        response = JsonResponse(payload)
    response["ETag"] = etag
    return cache_public(response)


def breaking(request):
    """The banner, fetched by every page's script: {"alert": null} or its text and link. A small answer cached and
    purged on its own, rather than a purge of every cached page each time an alert is set or cleared (which, at
    the moment news breaks, would send every reader's next page to the application at once)."""
    alert = current_alert()
    surrogate_keys.record(surrogate_keys.BREAKING)
    payload = {"alert": None}
    if alert is not None:
        payload["alert"] = {"id": alert.pk, "text": alert.text}
        if alert.article_id:
            surrogate_keys.record(surrogate_keys.story(alert.article_id))  # its withdrawal purges the banner
            payload["alert"]["url"] = alert.article.get_absolute_url()
    response = cache_public(HttpResponse(json.dumps(payload), content_type="application/json"))
    if alert is not None and alert.expires_at:
        # Nothing purges when an alert's time runs out: no cache keeps it past that.
        left = max(1, math.ceil((alert.expires_at - timezone.now()).total_seconds()))
        _shorten(response, left)
    return response


@csrf_exempt  # a counter with nothing to forge: no session, no cookie, no reader's data
@require_POST
def count_read(request, pk: int):
    """The article page's beacon: one read of story ``pk``. Always 204, counted or not (a client cannot tell)."""
    if _is_reader(request) and throttle.allow(client_ip(request) or "", pk):
        reads.record_read(pk)
    response = HttpResponse(status=204)
    response["Cache-Control"] = "no-store"
    return response


def _is_reader(request) -> bool:
    meta = request.META
    purpose = " ".join(meta.get(h, "") for h in ("HTTP_SEC_PURPOSE", "HTTP_PURPOSE", "HTTP_X_PURPOSE", "HTTP_X_MOZ"))
    if "prefetch" in purpose.lower() or "preview" in purpose.lower():
        return False
    agent = meta.get("HTTP_USER_AGENT", "")
    return bool(agent) and not BOTS.search(agent)


@method_decorator(public_page, name="dispatch")
class MostReadView(TemplateView):
    template_name = "live/most_read.html"

    def get(self, request, *args, **kwargs):
        return _shorten(super().get(request, *args, **kwargs).render(), MOST_READ_SHARED_SECONDS)

    def get_context_data(self, **kwargs):
        title = "Most read"
        crumbs = [("Home", reverse("articles:home")), (title, reverse("live:most_read"))]
        description = "The stories read most in the last 24 hours."
        meta = page_meta(self.request, title=title, description=description, crumbs=crumbs)
        stories = reads.most_read(cards=True)
        return {**super().get_context_data(**kwargs), "stories": stories, "crumbs": crumbs, "meta": meta}


def _shorten(response, seconds: int):
    """``cache_public``'s policy, with both lifetimes capped at ``seconds``."""
    cache_public(response)
    control = response.get("Cache-Control", "")
    max_age, shared = (int(re.search(rf"\b{name}=(\d+)", control).group(1)) for name in ("max-age", "s-maxage"))
    patch_cache_control(response, max_age=min(max_age, seconds), s_maxage=min(shared, seconds))
    return response
