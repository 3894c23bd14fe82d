"""Webhooks: partners are told when a story is published, updated, corrected, withdrawn or expires.

Each event is one ``WebhookDelivery`` per endpoint that asked for it, holding the story as ninjs 2.1 (for a
withdrawal or an expiry, only what identifies it, with ``pubstatus: canceled``: a takedown notice; the bytes
are fixed when the event happens, so every retry sends, and signs, the same body), and is sent by a task on the
queue (``api.tasks.deliver_webhook``) once the write that caused it commits: a rolled-back withdrawal tells no one.

Each POST is signed and sent by ``api.deliveries`` (headers, signature, retries).

Events are the story events (``articles.events``, receivers below): a story becoming public, a live story saved,
withdrawn or expired, a public correction saved. A scheduled story going live, or an expiry passing, happens
without a save: ``articles.timed`` finds those and ``announce_timed_events`` tells each once (the delivery log
says), run every 30 s by a chain of tasks that saving an endpoint starts (``watch_timed_events``), or from cron
(``manage.py announce_timed_events``). Whether any endpoint listens is one indexed query of the database, never a
flag in one process's memory: a worker learns of a new endpoint at once.
"""

from __future__ import annotations

import json
import time
import uuid
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.tasks import default_task_backend, task
from django.urls import reverse
from django.utils import timezone

from api import ninjs, shapes, stories
from api.models import Event, WebhookDelivery, WebhookEndpoint
from api.tasks import deliver_webhook
from articles import events, timed
from newsroom.shared_cache import cache_get, cache_set

# --- whether anyone listens (a site without webhooks pays one indexed query per story event) ---


def anyone_listening() -> bool:
    return WebhookEndpoint.objects.filter(active=True).exists()


def _endpoints_changed(sender, instance, **kwargs):
    if instance.active and kwargs.get("signal") is post_save:
        transaction.on_commit(start_watching)


# --- events ---

EVENTS = {
    events.story_published: Event.PUBLISHED,
    events.story_updated: Event.UPDATED,
    events.story_withdrawn: Event.WITHDRAWN,
    events.story_expired: Event.EXPIRED,
    events.story_corrected: Event.CORRECTED,
}


def connect() -> None:
    for story_event in EVENTS:
        story_event.connect(_story_event, dispatch_uid=f"api-webhooks-{EVENTS[story_event]}")
    for signal in (post_save, post_delete):
        signal.connect(_endpoints_changed, sender=WebhookEndpoint, dispatch_uid=f"api-webhooks-endpoints-{signal}")


def _story_event(sender, signal, story_id: int, **kwargs):
    """Sent after the write committed: one delivery per endpoint that asked for the event."""
    if anyone_listening():
        announce(EVENTS[signal], story_id)


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
    """Scheduled stories whose time came and live stories whose expiry passed after ``since`` (``articles.timed``),
    not yet announced (the delivery log says): safe to run again over the same period. Returns the events
    announced."""
    if not anyone_listening():
        return 0
    count = 0
    for name, pk, at in timed.due(since=since, now=now):
        event = Event.PUBLISHED if name == timed.PUBLISHED else Event.EXPIRED
        if not WebhookDelivery.objects.filter(article_id=pk, event=event, created_at__gte=at).exists():
            announce(event, pk)
            count += 1
    return count


# Scheduled stories going live and expiries passing happen without a write: this chain looks for them every TICK,
# keeping itself queued (as ingest's scheduler does), started whenever an endpoint is saved. A second chain (two
# editors saving at once) sees the first one's recent beat and ends.
TICK = timedelta(seconds=30)
CHAIN_KEY = "api:timed-events-chain"


@task
def watch_timed_events(chain: str) -> None:
    beat = cache_get(CHAIN_KEY)
    if beat and beat[0] != chain and time.time() - beat[1] < 2 * TICK.total_seconds():
        return
    now = time.time()
    # Since this chain's last look (a new chain looks two ticks back: not at a day's stories a new endpoint missed).
    since = beat[1] if beat and beat[0] == chain else now - 2 * TICK.total_seconds()
    cache_set(CHAIN_KEY, (chain, now), None)
    announce_timed_events(since=datetime.fromtimestamp(since, tz=UTC))
    if default_task_backend.supports_defer and anyone_listening():  # the immediate backend would recurse
        watch_timed_events.using(run_after=timezone.now() + TICK).enqueue(chain)


def start_watching() -> None:
    watch_timed_events.enqueue(uuid.uuid4().hex)
