"""Who may open Ingest → Sources: editors manage the polled sources; writers do not see them."""

from __future__ import annotations

from importlib import import_module

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.urls import reverse

from ingest.models import Kind, Source

pytestmark = pytest.mark.django_db
INDEX = reverse("admin:index")
SOURCES = reverse("admin:ingest_source_changelist")


@pytest.fixture
def source():
    return Source.objects.create(name="Wire", kind=Kind.FEED, url="https://wire.example/feed.xml")


def test_an_editor_opens_the_sources_and_a_source_and_finds_them_in_the_sidebar(editor_client, source):
    listing = editor_client.get(SOURCES)
    page = editor_client.get(reverse("admin:ingest_source_change", args=[source.pk]))

    assert listing.status_code == 200 and "Wire" in listing.text
    assert page.status_code == 200 and 'name="url"' in page.text  # the editor may change it, not just read it
    assert editor_client.get(reverse("admin:ingest_source_add")).status_code == 200
    assert f'href="{SOURCES}"' in editor_client.get(INDEX).text


def test_a_writer_neither_opens_the_sources_nor_sees_them_in_the_sidebar(writer_client, source):
    assert writer_client.get(SOURCES).status_code == 403
    assert writer_client.get(reverse("admin:ingest_source_change", args=[source.pk])).status_code == 403
    assert f'href="{SOURCES}"' not in writer_client.get(INDEX).text


def test_the_grant_makes_the_editor_group_on_a_database_without_one_and_changes_nothing_run_twice():
    migration = "0003_editors_manage_sources"
    historical = MigrationLoader(connection).project_state(("ingest", migration)).apps
    grant = import_module(f"ingest.migrations.{migration}").grant
    Group.objects.filter(name="Editor").delete()

    grant(historical, None)
    grant(historical, None)

    codenames = Group.objects.get(name="Editor").permissions.values_list("content_type__app_label", "codename")
    assert sorted(codenames) == [
        ("ingest", "add_source"),
        ("ingest", "change_source"),
        ("ingest", "delete_source"),
        ("ingest", "view_source"),
    ]
