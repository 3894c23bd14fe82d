"""A read replica (DATABASE_REPLICA_URL): readers' anonymous pages and the API read from it; the desk, every write
and whoever must see their own writes use the primary (newsroom/db_router.py).

The suite has a second database alias, ``replica``, mirroring the first (as ``DATABASE_REPLICA_URL`` makes it,
``TEST["MIRROR"] = "default"``): its own connection to the same test database, so which alias ran which query is
visible. On PostgreSQL one test also makes the replica lag (its connection reads a snapshot taken before the
write, as a replica behind by a few seconds would) to show who sees what.
"""

from __future__ import annotations

import os

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article
from newsroom.db_router import REPLICA
from tests.admin_forms import article_form_data, change_url
from tests.factories import DraftArticleFactory, PublishedArticleFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", REPLICA])
POSTGRES = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


@pytest.fixture(scope="module", autouse=True)
def replica_alias(django_db_setup, django_db_blocker):
    """The ``replica`` alias beside ``default``, on the same test database, unless DATABASE_REPLICA_URL made one."""
    if REPLICA in connections.settings:
        yield
        return
    default = connections["default"].settings_dict
    connections.settings[REPLICA] = {**default, "TEST": {**default["TEST"], "MIRROR": "default"}}
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            connections[REPLICA].close()
        del connections[REPLICA]
        del connections.settings[REPLICA]


def _content_queries(captured) -> list[str]:
    """The ORM's reads of stories and tags (quoted table names). Raw SQL written against ``django.db.connection``
    (the related-stories ranking) bypasses routers and reads the primary until it asks
    ``newsroom.db_router.reading_connection()``."""
    return [query["sql"] for query in captured.captured_queries if '"articles_' in query["sql"]]


def _watch():
    return CaptureQueriesContext(connections["default"]), CaptureQueriesContext(connections[REPLICA])


def test_an_anonymous_readers_story_page_is_read_from_the_replica(client):
    story = PublishedArticleFactory(headline="Harbour wall repaired")
    on_primary, on_replica = _watch()

    with on_primary, on_replica:
        response = client.get(story.get_absolute_url())

    assert response.status_code == 200 and "Harbour wall repaired" in response.text
    assert _content_queries(on_replica), "the story was not read from the replica"
    assert _content_queries(on_primary) == []


def test_the_content_api_reads_from_the_replica(client):
    PublishedArticleFactory(headline="Harbour wall repaired")
    on_primary, on_replica = _watch()

    with on_primary, on_replica:
        response = client.get(reverse("api:articles"))

    assert response.status_code == 200 and "Harbour wall repaired" in response.text
    assert _content_queries(on_replica) and _content_queries(on_primary) == []


def test_a_desk_save_reads_its_own_write_from_the_primary_and_never_the_replica(client):
    editor = UserFactory(is_superuser=True)
    client.force_login(editor)
    story = DraftArticleFactory(headline="Ferry timetable changes")
    on_primary, on_replica = _watch()

    with on_primary, on_replica:
        saved = client.post(change_url(story), article_form_data(story, headline="Ferry timetable changes again"))
        form = client.get(change_url(story))

    assert saved.status_code == 302, saved.text[:2000]
    assert form.status_code == 200 and "Ferry timetable changes again" in form.text
    assert Article.objects.get(pk=story.pk).headline == "Ferry timetable changes again"
    assert on_replica.captured_queries == []
    assert _content_queries(on_primary)


def test_a_logged_in_editor_reads_the_public_pages_from_the_primary(client):
    story = PublishedArticleFactory(headline="Harbour wall repaired")
    client.force_login(UserFactory())
    on_primary, on_replica = _watch()

    with on_primary, on_replica:
        assert client.get(story.get_absolute_url()).status_code == 200

    assert on_replica.captured_queries == [] and _content_queries(on_primary)


def test_a_readers_write_goes_to_the_primary(client):
    """The Most read beacon (a POST from any reader) counts on the primary, never the copy."""
    story = PublishedArticleFactory()
    on_primary, on_replica = _watch()

    with on_primary, on_replica:
        client.post(reverse("live:count", args=[story.pk]))

    assert on_replica.captured_queries == []


@pytest.mark.skipif(not POSTGRES, reason="the lagging replica is a REPEATABLE READ snapshot: PostgreSQL only")
def test_while_the_replica_lags_readers_see_the_old_headline_and_the_editor_the_new(client):
    story = PublishedArticleFactory(headline="Harbour wall repaired")
    replica = connections[REPLICA]
    replica.ensure_connection()
    replica.connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")  # the replica, frozen from here on
    replica.connection.execute("SELECT count(*) FROM articles_article")
    try:
        Article.objects.filter(pk=story.pk).update(headline="Harbour wall collapses")  # the desk publishes a change

        reader = client.get(story.get_absolute_url())
        client.force_login(UserFactory())
        editor = client.get(story.get_absolute_url())
    finally:
        replica.connection.execute("ROLLBACK")  # caught up
    client.logout()

    assert "Harbour wall repaired" in reader.text  # read from the replica, a moment behind
    assert "Harbour wall collapses" in editor.text  # the editor reads the primary
    assert "Harbour wall collapses" in client.get(story.get_absolute_url()).text
