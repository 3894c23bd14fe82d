"""Webhooks: partners are told when a story is published, updated, corrected, withdrawn or expires.

Each event is one ``WebhookDelivery`` per endpoint that asked for it, holding the story as ninjs 2.1 (for a
withdrawal or an expiry, only what identifies it, with ``pubstatus: canceled``: a takedown notice; the bytes
are fixed when the event happens, so every retry sends, and signs, the same body), and is sent by a task on the
queue (``api.tasks.deliver_webhook``) once the write that caused it commits: a rolled-back withdrawal tells no one.
The deliveries and their tasks are written in one transaction: a delivery never waits without a task to send it.

Each POST is signed and sent by ``api.deliveries`` (headers, signature, retries).

Events are the story events (``articles.events``, receivers below): a story becoming public, a live story saved,
withdrawn or expired, a public correction saved. A scheduled story going live, or an expiry passing, happens
without a save: ``articles.timed`` claims each in the database (once, however many machines look: the worker's
scheduler every few seconds, or cron's ``manage.py announce_timed_events``) and sends its event with an ``event_id``
that is the same on every machine and retry, inside the claim's transaction, so its deliveries are written with
the claim or not at all. Whether any endpoint listens is one indexed query of the database, never a flag in one
process's memory: a worker learns of a new endpoint at once.
"""

from __future__ import annotations

import json
import uuid

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.urls import reverse

from api import ninjs, shapes, stories
from api.models import Event, WebhookDelivery, WebhookEndpoint
from api.tasks import deliver_webhook
from articles import events, timed

# --- whether anyone listens (a site without webhooks pays one indexed query per story event) ---


def anyone_listening() -> bool:
    return WebhookEndpoint.objects.filter(active=True).exists()


def _endpoints_changed(sender, instance, **kwargs):
    if instance.active and kwargs.get("signal") is post_save:
        transaction.on_commit(look_for_timed_events)


def look_for_timed_events() -> None:
    """An endpoint was saved: look for what the clock did lately at once rather than at the scheduler's next tick
    (what was told already is claimed, so nothing is told twice)."""
    timed.tell_due_events.enqueue()


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


def _story_event(sender, signal, story_id: int, event_id: str | None = None, **kwargs):
    """Sent after the write committed (a timed event: inside its claim's transaction, with its stable ``event_id``):
    one delivery per endpoint that asked for the event."""
    if anyone_listening():
        announce(EVENTS[signal], story_id, event_id=event_id)


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


def announce(event: str, article_id: int, *, event_id: str | None = None) -> list[WebhookDelivery]:
    endpoints = [e for e in WebhookEndpoint.objects.filter(active=True) if event in (e.events or [])]
    body = body_for(event, article_id) if endpoints else None
    if body is None:
        return []
    event_id = event_id or uuid.uuid4().hex
    with transaction.atomic():  # each delivery with the task that sends it, or neither
        deliveries = WebhookDelivery.objects.bulk_create(
            WebhookDelivery(endpoint=e, event=event, event_id=event_id, article_id=article_id, body=body.decode())
            for e in endpoints
        )
        for delivery in deliveries:
            deliver_webhook.enqueue(delivery.pk)
    return deliveries


def announce_timed_events(*, since, now=None) -> int:
    """Scheduled stories whose time came and live stories whose expiry passed after ``since``, each claimed and told
    once however many machines run this at once (``articles.timed``): safe to run again over the same period.
    Returns the events this call told."""
    return len(timed.tell_due(since=since, now=now))
