"""Editions through a real SMTP server: every reader gets one copy with an HTML and a plain-text part, RFC 8058's
one-click unsubscribe headers, and only stories that are public; the one-click POST works with no cookie or token;
a breaking alert goes out from a published story's event; a bounce reported by the mail service suppresses the
address; writers draft, editors send."""

import base64
import hashlib
import hmac
import json
import re
import time
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from articles import services
from newsletters import alerts, assembly, editions, render
from newsletters.models import Delivery, DeliveryStatus, EditionStatus, Subscriber, SubscriberStatus
from tests.factories import (
    DraftArticleFactory,
    PublishedArticleFactory,
    ScheduledArticleFactory,
    WithdrawnArticleFactory,
)
from tests.newsletters.conftest import subscribe


@pytest.fixture
def stories(db):
    live = PublishedArticleFactory(headline="Harbour wall repaired", standfirst="Work finished a week early.")
    second = PublishedArticleFactory(headline="Ferry timetable changes")
    hidden = [
        DraftArticleFactory(headline="Draft about the lighthouse"),
        ScheduledArticleFactory(headline="Scheduled about the pier"),
        WithdrawnArticleFactory(headline="Withdrawn about the dunes"),
        PublishedArticleFactory(headline="Expired about the beach", expires_at=timezone.now() - timedelta(minutes=1)),
    ]
    return live, second, hidden


def digest(newsletter, stories, **fields):
    edition = assembly.new_edition(newsletter=newsletter, subject="Tuesday's briefing", **fields)
    assembly.fill(edition, stories)
    return edition


def parts(message) -> tuple[str, str]:
    return message.get_body(("html",)).get_content(), message.get_body(("plain",)).get_content()


def test_a_digest_reaches_every_reader_once_with_both_parts_unsubscribe_headers_and_only_public_stories(
    smtp, morning, stories, editor, committed
):
    live, second, hidden = stories
    subscribe(morning, "ann@example.org", "bob@example.org")
    edition = digest(morning, [hidden[0], live, hidden[1], hidden[2], second, hidden[3]])

    assert committed(editions.send_now, edition=edition, user=editor)

    assert sorted(m["To"] for m in smtp.messages) == ["ann@example.org", "bob@example.org"]
    for message in smtp.messages:
        html, text = parts(message)
        for body in (html, text):
            assert "Harbour wall repaired" in body and "Ferry timetable changes" in body
            assert not any(story.headline in body for story in hidden)
        unsubscribe = re.fullmatch(
            r"<(https://news\.example\.org/newsletters/unsubscribe/\S+/)>", message["List-Unsubscribe"]
        )
        assert unsubscribe and message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert unsubscribe.group(1) in html and unsubscribe.group(1) in text  # the footer's link is the same
        assert "/newsletters/preferences/" in html and "View in your browser" in html
        assert message["Message-ID"].startswith("<nl.") and message["List-Id"].endswith("morning.news.example.org>")
    edition.refresh_from_db()
    assert edition.status == EditionStatus.SENT and edition.recipients == 2
    assert set(edition.deliveries.values_list("status", flat=True)) == {DeliveryStatus.SENT}


def test_the_one_click_unsubscribe_post_needs_no_cookie_or_csrf_token(smtp, morning, stories, editor, committed):
    live, second, _ = stories
    ann, bob = subscribe(morning, "ann@example.org", "bob@example.org")
    committed(editions.send_now, edition=digest(morning, [live]), user=editor)
    address = next(m for m in smtp.messages if m["To"] == "ann@example.org")["List-Unsubscribe"].strip("<>")
    path = address.removeprefix("https://news.example.org")

    mail_service = Client(enforce_csrf_checks=True)  # RFC 8058: a POST from the mail service, no cookie
    assert "Unsubscribe from The Morning Briefing" in mail_service.get(path).content.decode()
    assert ann.subscriptions.exists()  # a GET (a link scanner) changes nothing
    response = mail_service.post(path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200 and "You are unsubscribed" in response.content.decode()
    assert not ann.subscriptions.exists()

    smtp.messages.clear()
    committed(editions.send_now, edition=digest(morning, [second]), user=editor)
    assert [m["To"] for m in smtp.messages] == ["bob@example.org"]


def test_a_forged_unsubscribe_token_changes_nothing(client, morning, db):
    [ann] = subscribe(morning, "ann@example.org")
    assert client.post("/newsletters/unsubscribe/forged:token/").status_code == 410
    assert ann.subscriptions.exists()


def test_a_breaking_alert_goes_out_from_a_published_story(smtp, breaking, editor, committed, db):
    subscribe(breaking, "ann@example.org")
    story = PublishedArticleFactory(headline="Storm closes the bridge")

    committed(alerts.request_alert, article=story, newsletter=breaking, user=editor)

    [message] = smtp.messages
    assert message["Subject"] == "Storm closes the bridge"
    assert "Storm closes the bridge" in parts(message)[0]


def test_an_alert_for_a_draft_waits_for_the_story_event_and_goes_out_once(smtp, breaking, editor, committed, db):
    subscribe(breaking, "ann@example.org")
    story = DraftArticleFactory(headline="Council leader resigns", body="<p>She said so.</p>")
    committed(alerts.request_alert, article=story, newsletter=breaking, user=editor)
    assert smtp.messages == []  # not public: nothing goes out

    story.refresh_from_db()
    committed(services.publish_article, article=story, user=editor)
    assert [m["Subject"] for m in smtp.messages] == ["Council leader resigns"]

    story.refresh_from_db()
    story.standfirst = "Updated."
    committed(services.publish_article, article=story, user=editor)  # saved again: no second alert
    assert alerts.sweep() == 0 and len(smtp.messages) == 1


def test_writers_draft_editions_and_only_editors_send_them(smtp, morning, stories, writer, editor):
    edition = assembly.draft_digest(newsletter=morning, user=writer)
    assert edition.items.count() == 2  # the front's public stories
    with pytest.raises(PermissionDenied):
        editions.send_now(edition=edition, user=writer)
    with pytest.raises(PermissionDenied):
        alerts.request_alert(article=stories[0], newsletter=morning, user=writer)


def test_a_reader_who_paused_gets_nothing_until_the_pause_ends(smtp, morning, stories, editor, committed):
    ann, bob = subscribe(morning, "ann@example.org", "bob@example.org")
    Subscriber.objects.filter(pk=ann.pk).update(
        status=SubscriberStatus.PAUSED, paused_until=timezone.now() + timedelta(days=7)
    )
    committed(editions.send_now, edition=digest(morning, [stories[0]]), user=editor)
    assert [m["To"] for m in smtp.messages] == ["bob@example.org"]


def mailgun_event(recipient: str, message_id: str, key: str) -> dict:
    timestamp, token = str(int(time.time())), "t" * 50
    signature = hmac.new(key.encode(), (timestamp + token).encode(), hashlib.sha256).hexdigest()
    return {
        "signature": {"timestamp": timestamp, "token": token, "signature": signature},
        "event-data": {
            "event": "failed",
            "severity": "permanent",
            "reason": "bounce",
            "recipient": recipient,
            "timestamp": time.time(),
            "id": "evt-1",
            "message": {"headers": {"message-id": message_id}},
            "delivery-status": {"code": 550, "message": "No such user", "description": "No such user"},
        },
    }


def test_a_bounce_reported_by_the_mail_services_signed_webhook_suppresses_the_address(
    client, smtp, morning, stories, editor, committed, settings
):
    settings.ANYMAIL = {"WEBHOOK_SECRET": "hook:s3cret", "MAILGUN_WEBHOOK_SIGNING_KEY": "mailgun-key"}
    subscribe(morning, "gone@example.org", "bob@example.org")
    committed(editions.send_now, edition=digest(morning, [stories[0]]), user=editor)
    sent = Delivery.objects.get(email="gone@example.org")
    url = "/newsletters/webhooks/mailgun/tracking/"
    auth = {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(b"hook:s3cret").decode()}
    event = mailgun_event("gone@example.org", sent.message_id.strip("<>"), "mailgun-key")

    forged = mailgun_event("gone@example.org", sent.message_id, "wrong-key")
    assert client.post(url, json.dumps(forged), content_type="application/json", **auth).status_code == 400
    assert client.post(url, json.dumps(event), content_type="application/json").status_code == 400  # no basic auth
    assert Subscriber.objects.get(email="gone@example.org").status == SubscriberStatus.ACTIVE

    assert client.post(url, json.dumps(event), content_type="application/json", **auth).status_code == 200
    assert Subscriber.objects.get(email="gone@example.org").status == SubscriberStatus.SUPPRESSED
    sent.refresh_from_db()
    assert sent.status == DeliveryStatus.BOUNCED

    smtp.messages.clear()
    committed(editions.send_now, edition=digest(morning, [stories[1]]), user=editor)
    assert [m["To"] for m in smtp.messages] == ["bob@example.org"]


def test_webhooks_are_refused_until_a_secret_is_set(client, settings, db):
    settings.ANYMAIL = {}
    assert (
        client.post("/newsletters/webhooks/mailgun/tracking/", "{}", content_type="application/json").status_code == 403
    )


def test_a_long_digest_with_pictures_stays_under_gmails_clipping_limit(morning, db, committed):
    from tests.factories import ImageFactory

    long = "A standfirst long enough to fill two lines of a phone's screen and then some more words. " * 3
    picked = [
        PublishedArticleFactory(
            headline=f"Story number {n} about the coast", standfirst=long, lead_image=ImageFactory()
        )
        for n in range(assembly.MAX_STORIES)
    ]
    edition = digest(morning, picked, intro="Good morning. " * 20)
    rendered = render.render(edition, assembly.public_stories(edition))
    assert len(rendered.html.encode()) < 102 * 1024
    assert rendered.html.count('alt="') >= assembly.MAX_STORIES and "Picture: " in rendered.html
    assert "https://news.example.org/media/renditions/" in rendered.html  # absolute picture addresses
    assert "<style" in rendered.html and "prefers-color-scheme: dark" in rendered.html
    assert 'style="' in rendered.html  # inlined CSS
    assert "googleapis" not in rendered.html and "<script" not in rendered.html
