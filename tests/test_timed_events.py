"""What the clock does to stories (a scheduled time coming, an expiry passing) is claimed in the database and told
once, with an event id that is the same on every machine and retry: two workers, or cron on two machines, never
announce one event twice."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from api import webhooks
from api.models import WebhookDelivery
from articles import events, timed
from articles.models import Article, TimedEvent, timed_event_id
from pagecache import keys
from pagecache import purge as page_purge
from tests.api import webhook_receiver
from tests.api.webhook_receiver import Receiver, endpoint
from tests.factories import PublishedArticleFactory, ScheduledArticleFactory
from tests.worker_process import ROOT, WorkerDatabase, needs_postgresql

receiver = webhook_receiver.receiver  # a fixture


@pytest.fixture
def told():
    """Every story_published and story_expired sent while the test runs."""
    sent = []

    def listen(sender, signal, **kwargs):
        sent.append((signal, kwargs))

    for signal in (events.story_published, events.story_expired):
        signal.connect(listen, dispatch_uid="tests-timed-told")
    yield sent
    for signal in (events.story_published, events.story_expired):
        signal.disconnect(dispatch_uid="tests-timed-told")


def went_live_and_expired(now):
    """A scheduled story whose time came 30 s ago (its last save before that) and a live story that expired 20 s ago."""
    scheduled = ScheduledArticleFactory(headline="Budget day")
    Article.objects.filter(pk=scheduled.pk).update(
        published_at=now - timedelta(seconds=30), updated_at=now - timedelta(minutes=5)
    )
    expiring = PublishedArticleFactory(headline="Rights-limited photo story", expires_at=now - timedelta(seconds=20))
    scheduled.refresh_from_db()
    expiring.refresh_from_db()
    return scheduled, expiring


@pytest.mark.django_db
def test_a_scheduled_story_going_live_is_claimed_and_told_once_with_a_stable_event_id(told):
    story = ScheduledArticleFactory(published_at=timezone.now() + timedelta(minutes=5))

    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        since = timezone.now() - timedelta(minutes=10)
        first = timed.tell_due(since=since)
        again = timed.tell_due(since=since)

    assert [(claim.story_id, claim.kind) for claim in first] == [(story.pk, "published")] and again == []
    ((signal, sent),) = told
    assert signal is events.story_published and sent["timed"] is True
    assert sent["event_id"] == timed_event_id(story.pk, "published", story.published_at) == first[0].event_id
    assert sent["before"].public is False and sent["after"].public is True
    assert TimedEvent.objects.get().moment == story.published_at


@pytest.mark.django_db
def test_an_expiry_passing_is_told_once_and_purges_the_pages_listing_the_story(told, monkeypatch):
    purged = []
    monkeypatch.setattr(page_purge, "purge", lambda stale: purged.append(set(stale)))
    story = PublishedArticleFactory(expires_at=timezone.now() + timedelta(minutes=1))

    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        assert timed.tell_due_events.call() == 1
        assert timed.tell_due_events.call() == 0

    ((signal, sent),) = told
    assert signal is events.story_expired and sent["before"].public and not sent["after"].public
    assert purged and {keys.story(story.pk), keys.LATEST} <= purged[0]


@pytest.mark.django_db
def test_a_listener_that_fails_leaves_the_event_unclaimed_so_the_next_look_tells_it(told):
    now = timezone.now()
    story, _ = went_live_and_expired(now)
    failures = [RuntimeError("a listener broke")]

    def flaky(sender, **kwargs):
        if failures:
            raise failures.pop()

    events.story_published.connect(flaky, dispatch_uid="tests-timed-flaky")
    try:
        first = timed.tell_due(since=now - timedelta(minutes=2))
        second = timed.tell_due(since=now - timedelta(minutes=2))
    finally:
        events.story_published.disconnect(dispatch_uid="tests-timed-flaky")

    assert [claim.kind for claim in first] == ["expired"]  # the publication's claim was rolled back with it
    assert [(claim.story_id, claim.kind) for claim in second] == [(story.pk, "published")]
    assert TimedEvent.objects.count() == 2


@pytest.mark.django_db
def test_cron_and_the_scheduler_claim_the_same_way_so_the_second_look_announces_nothing(receiver):
    endpoint(receiver)
    went_live_and_expired(timezone.now())
    out = StringIO()

    call_command("announce_timed_events", stdout=out)
    call_command("announce_timed_events", stdout=out)

    assert out.getvalue().splitlines() == ["2 event(s) announced", "0 event(s) announced"]
    assert timed.tell_due_events.call() == 0
    assert sorted(WebhookDelivery.objects.values_list("event", flat=True)) == ["expired", "published"]


@needs_postgresql  # concurrent claims need PostgreSQL; SQLite's test database is one connection's
def test_announcers_running_at_once_deliver_each_event_once_with_a_stable_event_id(transactional_db, receiver):
    endpoint(receiver)
    now = timezone.now()
    scheduled, expiring = went_live_and_expired(now)
    at_once = threading.Barrier(4, timeout=60)
    counts = []

    def announcer():
        try:
            at_once.wait()
            counts.append(webhooks.announce_timed_events(since=now - timedelta(minutes=2)))
        finally:
            connection.close()

    threads = [threading.Thread(target=announcer) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)

    expected = {
        ("published", timed_event_id(scheduled.pk, "published", scheduled.published_at)),
        ("expired", timed_event_id(expiring.pk, "expired", expiring.expires_at)),
    }
    assert sum(counts) == 2 and len(counts) == 4
    assert set(WebhookDelivery.objects.values_list("event", "event_id")) == expected
    assert WebhookDelivery.objects.count() == 2
    assert sorted((h["X-Newsroom-Event"], h["X-Newsroom-Event-Id"]) for h, _ in Receiver.received) == sorted(expected)


@needs_postgresql
def test_cron_on_two_machines_at_once_queues_one_delivery_per_event(transactional_db, tmp_path, receiver):
    endpoint(receiver)
    scheduled, expiring = went_live_and_expired(timezone.now())
    env = WorkerDatabase(tmp_path).env  # the test database, by name; the real queue (deliveries wait for a worker)
    command = [sys.executable, "manage.py", "announce_timed_events", "--minutes", "5"]
    machines = [subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True) for _ in range(2)]
    said = [machine.communicate(timeout=120)[0] for machine in machines]

    announced = [int(re.search(r"(\d+) event\(s\) announced", out).group(1)) for out in said]
    assert sorted(announced) in ([0, 2], [1, 1])  # between them, each event once
    deliveries = WebhookDelivery.objects.all()
    assert sorted(d.event_id for d in deliveries) == sorted(
        [
            timed_event_id(scheduled.pk, "published", scheduled.published_at),
            timed_event_id(expiring.pk, "expired", expiring.expires_at),
        ]
    )
    queued = connection.cursor()
    queued.execute(
        "SELECT args_kwargs FROM django_tasks_database_dbtaskresult WHERE task_path = %s",
        ["api.tasks.deliver_webhook"],
    )
    rows = [args if isinstance(args, dict) else json.loads(args) for (args,) in queued.fetchall()]
    assert sorted(row["args"][0] for row in rows) == sorted(d.pk for d in deliveries)
