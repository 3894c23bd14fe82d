"""Webhooks: each event reaches the endpoints that asked for it, signed, retried, logged; never a private address
unless allowed."""

import hashlib
import hmac
import json
from datetime import timedelta

import time_machine
from django.urls import reverse
from django.utils import timezone

from api import deliveries, webhooks
from api.models import ApiKey, DeliveryStatus, WebhookDelivery, WebhookEndpoint, hash_key
from articles import services
from tests.api.webhook_receiver import SECRET, Receiver, endpoint
from tests.factories import DraftArticleFactory, PublishedArticleFactory, ScheduledArticleFactory


def test_a_withdrawal_is_posted_signed_with_the_story_as_ninjs(
    db, receiver, editor, django_capture_on_commit_callbacks
):
    endpoint(receiver)
    story = PublishedArticleFactory(headline="Council vote postponed")

    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_article(article=story, user=editor)

    (headers, body), *others = Receiver.received
    assert not others
    assert headers["X-Newsroom-Event"] == "withdrawn"
    expected = hmac.new(SECRET.encode(), headers["X-Newsroom-Timestamp"].encode() + b"." + body, hashlib.sha256)
    assert headers["X-Newsroom-Signature"] == "sha256=" + expected.hexdigest()
    ninjs = json.loads(body)
    assert ninjs["pubstatus"] == "canceled" and ninjs["uri"].endswith(f"/api/v1/articles/{story.pk}/")
    assert "Council vote postponed" not in body.decode()  # withdrawn for what it said: not sent out again
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.DELIVERED and delivery.event_id == headers["X-Newsroom-Event-Id"]


def test_publishing_editing_and_correcting_are_told_but_drafts_are_not(
    db, receiver, editor, django_capture_on_commit_callbacks
):
    endpoint(receiver)
    with django_capture_on_commit_callbacks(execute=True):
        draft = DraftArticleFactory(headline="Budget leak")
        draft.standfirst = "Still a draft."
        draft.save()
    assert Receiver.received == []

    with django_capture_on_commit_callbacks(execute=True):
        services.publish_article(article=draft, user=editor)
    with django_capture_on_commit_callbacks(execute=True):
        draft.standfirst = "Now live, and edited."
        draft.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.add_correction(article=draft, text="The figure was £2m, not £20m.", user=editor)

    assert [h["X-Newsroom-Event"] for h, _ in Receiver.received] == ["published", "updated", "corrected"]
    first, *_, corrected = [json.loads(body) for _, body in Receiver.received]
    assert corrected["versioncreated"] > first["versioncreated"]  # the correction moved the story's edit time


def test_an_endpoint_hears_only_the_events_it_asked_for(db, receiver, editor, django_capture_on_commit_callbacks):
    endpoint(receiver, events=["withdrawn"])
    story = DraftArticleFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_article(article=story, user=editor)
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_article(article=story, user=editor)

    assert [h["X-Newsroom-Event"] for h, _ in Receiver.received] == ["withdrawn"]


def test_a_failing_receiver_is_retried_and_every_attempt_is_logged(
    db, receiver, editor, django_capture_on_commit_callbacks
):
    Receiver.status = 503
    endpoint(receiver)
    story = PublishedArticleFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_article(article=story, user=editor)

    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED and delivery.attempts == deliveries.MAX_ATTEMPTS
    assert [a.status_code for a in delivery.attempt_log.all()] == [503] * deliveries.MAX_ATTEMPTS
    assert len({h["X-Newsroom-Event-Id"] for h, _ in Receiver.received}) == 1  # the same event each time
    assert deliveries.retry_delay(1) == timedelta(seconds=30) and deliveries.retry_delay(5) == timedelta(minutes=8)


def test_deliveries_to_private_addresses_are_refused_by_default(
    db, receiver, settings, editor, django_capture_on_commit_callbacks
):
    settings.NEWSROOM = {**settings.NEWSROOM, "WEBHOOK_ALLOW_PRIVATE_HOSTS": False, "IMPORT_ALLOW_PRIVATE_HOSTS": False}
    endpoint(receiver)
    story = PublishedArticleFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_article(article=story, user=editor)

    delivery = WebhookDelivery.objects.get()
    assert Receiver.received == []
    assert delivery.status == DeliveryStatus.FAILED and delivery.attempts == 1  # refused once, not retried
    assert "private address" in delivery.attempt_log.get().error


def test_a_scheduled_story_going_live_by_itself_is_announced_once(db, receiver):
    endpoint(receiver)
    story = ScheduledArticleFactory(published_at=timezone.now() + timedelta(minutes=5))

    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        since = timezone.now() - timedelta(minutes=2)
        assert webhooks.announce_timed_events(since=since) == 1
        assert webhooks.announce_timed_events(since=since) == 0  # the delivery log remembers

    assert [(h["X-Newsroom-Event"], json.loads(b)["uri"].endswith(f"/{story.pk}/")) for h, b in Receiver.received] == [
        ("published", True)
    ]


def test_an_editor_makes_a_key_in_the_admin_and_sees_it_once(editor_client):
    response = editor_client.post(
        reverse("admin:api_apikey_add"), {"name": "Partner app", "scope": "public", "rate_limit": ""}, follow=True
    )

    key = ApiKey.objects.get()
    shown = [str(m) for m in response.context["messages"]][0]
    raw = shown.split("<code>")[1].split("</code>")[0]
    assert raw.startswith(key.prefix) and key.hashed == hash_key(raw)
    assert raw not in editor_client.get(reverse("admin:api_apikey_change", args=[key.pk])).content.decode()


def test_an_expiry_passing_is_announced_by_the_watch_saving_an_endpoint_starts(
    db, receiver, django_capture_on_commit_callbacks
):
    PublishedArticleFactory(headline="Rights-limited photo story", expires_at=timezone.now() + timedelta(seconds=20))
    PublishedArticleFactory(headline="Live for an hour: not news to a new endpoint")

    later = timezone.now() + timedelta(seconds=30)
    with time_machine.travel(later), django_capture_on_commit_callbacks(execute=True):
        endpoint(receiver)  # starts the watch (the immediate test backend runs one beat of it)

    assert [(h["X-Newsroom-Event"], json.loads(b)["pubstatus"]) for h, b in Receiver.received] == [
        ("expired", "canceled")
    ]


def test_an_editor_registers_an_endpoint_with_the_events_it_wants(editor_client, receiver):
    response = editor_client.post(
        reverse("admin:api_webhookendpoint_add"),
        {"name": "Partner", "url": receiver, "secret": SECRET, "events": ["withdrawn", "corrected"], "active": "on"},
    )

    assert response.status_code == 302
    assert WebhookEndpoint.objects.get().events == ["withdrawn", "corrected"]
