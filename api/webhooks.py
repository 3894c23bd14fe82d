"""Webhooks: partners are told when a story is published, updated, corrected, withdrawn or expires.

Each event is one ``WebhookDelivery`` per endpoint that asked for it, holding the story as ninjs 2.1 (for a
withdrawal or an expiry, only what identifies it, with ``pubstatus: canceled``: a takedown notice; the bytes
are fixed when the event happens, so every retry sends, and signs, the same body), and is sent by a task on the
queue (``api.tasks.deliver_webhook``) once the write that caused it commits: a rolled-back withdrawal tells no one.

Each POST carries ``X-Newsroom-Event``, ``X-Newsroom-Event-Id`` (the same on every retry: receivers dedupe on it),
``X-Newsroom-Timestamp`` (Unix seconds) and ``X-Newsroom-Signature: sha256=HEX``, the HMAC-SHA256 with the
endpoint's secret of ``TIMESTAMP.BODY``: signing the time with the body means an old delivery replayed later fails
the receiver's freshness check, which it could not if only the body were signed.

Events come from saves (receivers below): a story becoming public, a live story saved, a live story withdrawn
(or given an expiry time already past), a public correction saved. A scheduled story going live, or an expiry
passing, happens without a save: ``announce_timed_events`` finds those, run every 30 s by a chain of tasks that
saving an endpoint starts (``api.tasks.watch_timed_events``), or from cron (``manage.py announce_timed_events``).
Nothing is read from the database for any of this while no endpoint is active (a cached flag).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
import urllib.error
import urllib.request
import uuid
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.urls import reverse
from django.utils import timezone

from api import ninjs, shapes, stories
from api.models import DeliveryStatus, Event, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from articles.caching import cache_delete, cache_get, cache_set
from articles.models import Article, Correction, Status
from ingest.importers import fetch

logger = logging.getLogger(__name__)

TIMEOUT = 10  # seconds for one attempt
MAX_ATTEMPTS = 6
BACKOFF_SECONDS = 30  # doubled after each failed attempt: 30 s, 1, 2, 4, 8 min
ACTIVE_FLAG = "api:webhooks-active"


# --- whether anyone listens (so a site without webhooks pays nothing per save) ---


def anyone_listening() -> bool:
    active = cache_get(ACTIVE_FLAG)
    if active is None:
        active = WebhookEndpoint.objects.filter(active=True).exists()
        cache_set(ACTIVE_FLAG, active, 3600)
    return active


def _endpoints_changed(sender, instance, **kwargs):
    cache_delete(ACTIVE_FLAG)
    if instance.active and kwargs.get("signal") is post_save:
        from api.tasks import start_watching

        transaction.on_commit(start_watching)


# --- events from writes ---


def connect() -> None:
    pre_save.connect(_story_before, sender=Article, dispatch_uid="api-webhooks-story-before")
    post_save.connect(_story_saved, sender=Article, dispatch_uid="api-webhooks-story-saved")
    post_save.connect(_correction_saved, sender=Correction, dispatch_uid="api-webhooks-correction-saved")
    for signal in (post_save, post_delete):
        signal.connect(_endpoints_changed, sender=WebhookEndpoint, dispatch_uid=f"api-webhooks-endpoints-{signal}")


def _story_before(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None or not anyone_listening():
        return
    row = Article.objects.filter(pk=instance.pk).values("status", "published_at", "expires_at").first()
    instance._webhook_was_public = bool(row) and Article(**row).is_published


def _story_saved(sender, instance, created, raw=False, **kwargs):
    if raw or not anyone_listening():
        return
    event = story_event(was_public=getattr(instance, "_webhook_was_public", False), story=instance)
    if event:
        transaction.on_commit(partial(announce, event, instance.pk))


def story_event(*, was_public: bool, story: Article) -> str | None:
    if story.is_published:
        return Event.UPDATED if was_public else Event.PUBLISHED
    if not was_public:
        return None
    return Event.WITHDRAWN if story.status == Status.WITHDRAWN else Event.EXPIRED if story.is_expired else None


def _correction_saved(sender, instance, raw=False, **kwargs):
    if not raw and instance.published_at is not None and anyone_listening():
        transaction.on_commit(partial(announce, Event.CORRECTED, instance.article_id))


# --- announcing: one delivery per endpoint, each sent by a task ---


def site_url() -> str:
    return settings.NEWSROOM.get("SITE_URL") or f"https://{settings.ALLOWED_HOSTS[0]}"


# Enough for a receiver to find the story and take it down. A story is often withdrawn for what it says (a legal
# problem, a wrong name): its words and pictures are not sent out again.
TAKEDOWN_FIELDS = ("uri", "standard", "type", "version", "versioncreated", "pubstatus")


def body_for(event: str, article_id: int) -> bytes | None:
    article = stories.one(article_id, preview=True)  # a withdrawn or expired story is told as "canceled"
    if article is None:
        return None
    absolute = shapes.Links(site_url())
    api_url = absolute(reverse("api:article", kwargs={"article_id": article.pk}))
    story = ninjs.story(article, absolute, api_url=api_url)
    if event in {Event.WITHDRAWN, Event.EXPIRED}:
        story = {key: story[key] for key in TAKEDOWN_FIELDS if key in story}
    return json.dumps(story, ensure_ascii=False).encode()


def announce(event: str, article_id: int) -> list[WebhookDelivery]:
    from api.tasks import deliver_webhook

    endpoints = [e for e in WebhookEndpoint.objects.filter(active=True) if event in (e.events or [])]
    body = body_for(event, article_id) if endpoints else None
    if body is None:
        return []
    event_id = uuid.uuid4().hex
    deliveries = WebhookDelivery.objects.bulk_create(
        WebhookDelivery(endpoint=e, event=event, event_id=event_id, article_id=article_id, body=body.decode())
        for e in endpoints
    )
    for delivery in deliveries:
        deliver_webhook.enqueue(delivery.pk)
    return deliveries


def announce_timed_events(*, since, now=None) -> int:
    """Scheduled stories whose time came and live stories whose expiry passed after ``since``, not yet announced
    (the delivery log says): safe to run again over the same period. Returns the events announced."""
    if not anyone_listening():
        return 0
    now = now or timezone.now()
    due = {
        Event.PUBLISHED: Article.objects.published().filter(published_at__gt=since),
        Event.EXPIRED: Article.objects.filter(status=Status.PUBLISHED, expires_at__gt=since, expires_at__lte=now),
    }
    count = 0
    for event, queryset in due.items():
        moment = "published_at" if event == Event.PUBLISHED else "expires_at"
        for pk, at in queryset.values_list("pk", moment):
            if not WebhookDelivery.objects.filter(article_id=pk, event=event, created_at__gte=at).exists():
                announce(event, pk)
                count += 1
    return count


# --- sending ---


def signature(secret: str, timestamp: str, body: bytes) -> str:
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def attempt(delivery: WebhookDelivery) -> bool:
    """One POST, logged; True when the receiver took it (2xx). A refused address is final: no retry."""
    endpoint, body = delivery.endpoint, delivery.body.encode()
    timestamp = str(int(time.time()))
    request = urllib.request.Request(  # noqa: S310 (an http(s) URLField; the guard checks the scheme again)
        endpoint.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": ninjs.MEDIA_TYPE,
            "User-Agent": "Newsroom webhooks",
            "X-Newsroom-Event": delivery.event,
            "X-Newsroom-Event-Id": delivery.event_id,
            "X-Newsroom-Timestamp": timestamp,
            "X-Newsroom-Signature": signature(endpoint.secret, timestamp, body),
        },
    )
    started, status, error, final = time.monotonic(), None, "", False
    try:
        with _open(request) as response:
            status = response.status
    except fetch.ImageProblem as exc:  # the address guard: a private or loopback address
        error, final = str(exc).replace("fetched", "sent"), True
    except urllib.error.HTTPError as exc:
        status, error = exc.code, str(exc.reason)
    except (urllib.error.URLError, OSError) as exc:
        error = str(getattr(exc, "reason", exc))
    took = int((time.monotonic() - started) * 1000)
    WebhookAttempt.objects.create(delivery=delivery, status_code=status, error=error[:500], duration_ms=took)
    delivery.attempts += 1
    delivered = status is not None and 200 <= status < 300
    if delivered:
        delivery.status, delivery.delivered_at = DeliveryStatus.DELIVERED, timezone.now()
    elif final or delivery.attempts >= MAX_ATTEMPTS:
        delivery.status = DeliveryStatus.FAILED
    delivery.save(update_fields=["attempts", "status", "delivered_at"])
    return delivered


def _open(request):
    """Behind the importers' address guard (``ingest.importers.fetch``) unless private hosts are allowed."""
    if settings.NEWSROOM.get("WEBHOOK_ALLOW_PRIVATE_HOSTS"):
        if not request.full_url.startswith(("http://", "https://")):
            raise fetch.ImageProblem(f"{request.full_url}: only http and https addresses are sent to")
        return urllib.request.urlopen(request, timeout=TIMEOUT)  # noqa: S310 (the scheme is checked just above)
    return fetch.open_checked(request, timeout=TIMEOUT)


def retry_delay(attempts: int) -> timedelta:
    return timedelta(seconds=BACKOFF_SECONDS * 2 ** (attempts - 1))
