"""Polled sources: stories arrive through the import pipeline; faults are recorded, backed off, and kept apart."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from ingest import tasks
from ingest.models import Kind, RunResult, Source
from newsroom import outbound
from tests.factories import SectionFactory
from tests.ingesting.feeds import FeedServer, rss

pytestmark = pytest.mark.django_db


@pytest.fixture
def feed(settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "IMPORT_ALLOW_PRIVATE_HOSTS": True, "INGEST_TIMEOUT": 0.5}
    server = FeedServer()
    yield server
    server.close()


def make_source(url, **fields):
    section = SectionFactory(name="World", slug="world")
    return Source.objects.create(name=fields.pop("name", "Wire"), kind=Kind.FEED, url=url, section=section, **fields)


def test_a_polled_feed_publishes_its_stories_and_an_unchanged_feed_costs_one_304(feed, client):
    feed.body = rss(("wire-1", "Storm reaches the coast"), ("wire-2", "Bridge reopens"))
    source = make_source(feed.url, publish=True, agency="Wire Agency")

    tasks.poll_source.enqueue(source.pk)
    story = Article.objects.get(source_guid="wire-1")
    assert client.get(story.get_absolute_url()).status_code == 200
    assert "Storm reaches the coast" in client.get(reverse("articles:home")).text

    tasks.poll_source.enqueue(source.pk)
    source.refresh_from_db()
    assert feed.requests[-1].get("If-None-Match")  # the second poll was conditional...
    assert source.runs.first().result == RunResult.NOT_MODIFIED  # ...and answered 304
    assert (source.created_count, source.unchanged_count, source.failed_count) == (2, 0, 0)
    assert Article.objects.count() == 2


def test_a_new_version_in_the_feed_updates_the_story_once(feed):
    feed.body = rss(("wire-1", "Storm reaches the coast"))
    source = make_source(feed.url)
    tasks.poll_source.enqueue(source.pk)
    feed.body = rss(("wire-1", "Storm reaches the coast"), ("wire-3", "Ferry cancelled"))
    tasks.poll_source.enqueue(source.pk)
    source.refresh_from_db()
    assert (source.created_count, source.unchanged_count) == (2, 1)
    assert Article.objects.filter(source_guid="wire-1").count() == 1


@pytest.mark.parametrize(
    ("mode", "message"),
    [
        ("hang", "timed out after 0.5 s"),
        ("500", "the server answered 500"),
        ("garbage", "cannot tell the format"),  # the importer's own reason
        ("huge", "larger than the 50 MB limit"),
    ],
)
def test_a_failing_source_is_recorded_with_its_error_and_backed_off_while_others_run(feed, mode, message):
    broken = make_source(feed.url, poll_seconds=60)
    healthy_server = FeedServer()
    try:
        healthy_server.body = rss(("ok-1", "Markets calm"))
        Source.objects.create(name="Healthy", kind=Kind.FEED, url=healthy_server.url, section=broken.section)
        feed.mode = mode
        feed.body = rss(("never-1", "Half a story"))
        before = timezone.now()
        for source_id in tasks.sources.take_due():
            tasks.poll_source.enqueue(source_id)
    finally:
        healthy_server.close()
    broken.refresh_from_db()
    assert broken.runs.first().result == RunResult.FAILED
    assert message in broken.last_error
    assert broken.failures == 1 and broken.last_success_at is None
    assert (broken.next_run_at - before).total_seconds() >= 60  # retried at its next interval...
    assert not Article.objects.filter(source_guid="never-1").exists()  # ...and nothing half-imported
    assert Article.objects.filter(source_guid="ok-1").exists()  # the other source ran all the same

    tasks.poll_source.enqueue(broken.pk)  # fails again: the wait doubles
    broken.refresh_from_db()
    assert broken.failures == 2 and (broken.next_run_at - timezone.now()).total_seconds() > 110


def test_a_redirect_to_a_private_address_is_refused(feed, settings, monkeypatch):
    settings.NEWSROOM = {**settings.NEWSROOM, "IMPORT_ALLOW_PRIVATE_HOSTS": False}
    public = outbound.is_public
    # The test server counts as public; where it redirects (the private network) does not.
    monkeypatch.setattr(outbound, "is_public", lambda address: str(address) == "127.0.0.1" or public(address))
    feed.mode, feed.redirect_to = "redirect", "http://10.0.0.7/admin"
    source = make_source(feed.url)
    tasks.poll_source.enqueue(source.pk)
    source.refresh_from_db()
    assert "10.0.0.7 is a private address; refused" in source.last_error
    assert source.failures == 1


def test_a_source_being_polled_by_another_worker_is_not_polled_twice(feed):
    source = make_source(feed.url)
    Source.objects.filter(pk=source.pk).update(claimed_until=timezone.now() + tasks.sources.LEASE)
    tasks.poll_source.enqueue(source.pk)
    assert feed.requests == [] and not source.runs.exists()


def test_the_scheduler_queues_due_sources_only(feed):
    feed.body = rss(("wire-9", "Due story"))
    due = make_source(feed.url)
    Source.objects.create(
        name="Later", kind=Kind.FEED, url=feed.url + "?later", next_run_at=timezone.now().replace(year=2100)
    )
    Source.objects.create(name="Off", kind=Kind.FEED, url=feed.url + "?off", enabled=False)
    tasks.queue_due_sources.enqueue()  # the worker's scheduler queues it every tick
    assert len(feed.requests) == 1
    due.refresh_from_db()
    assert due.last_success_at is not None and due.created_count == 1


def test_the_admin_lists_sources_with_their_counts_and_runs_one_now(
    feed, admin_client, django_capture_on_commit_callbacks
):
    feed.body = rss(("wire-5", "Run-now story"))
    source = make_source(feed.url, name="Agency wire")
    changelist = reverse("admin:ingest_source_changelist")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(changelist, {"action": "run_now", "_selected_action": [source.pk]}, follow=True)
    assert "1 source(s) queued to run now." in response.text
    assert Article.objects.filter(source_guid="wire-5").exists()
    page = admin_client.get(reverse("admin:ingest_source_change", args=[source.pk])).text
    assert "Agency wire" in page and "Imported" in page


def test_the_ingest_command_polls_due_sources_once_for_cron(feed):
    from io import StringIO

    from django.core.management import call_command

    feed.body = rss(("cron-1", "Cron story"))
    make_source(feed.url, name="Cron wire")
    out = StringIO()
    call_command("ingest", "--once", stdout=out)
    assert "Cron wire: imported; 1 created" in out.getvalue()
    call_command("ingest", "--once", stdout=out)  # not due again until its interval has passed
    assert len(feed.requests) == 1
