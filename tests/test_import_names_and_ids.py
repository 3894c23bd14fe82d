"""Names and identifiers longer than the fields that keep them: cut or hashed the same way every time."""

import pytest
from django.db import IntegrityError

from articles.importers import write
from articles.importers.lookups import _unique_slug
from articles.importers.records import Outcome
from articles.importers.run import run_import
from articles.models import Article, Source, Topic
from tests.importing import ninjs_story, write_ninjs

pytestmark = pytest.mark.django_db

LONG_TOPIC = "Coastal erosion and the managed retreat of seaside villages along the eastern shore " * 2


def _import(tmp_path, *stories, name="wire.jsonl"):
    return run_import([write_ninjs(tmp_path / name, *stories)], fetch_remote=False)


def test_a_topic_name_longer_than_the_field_is_found_again_on_the_next_import(tmp_path):
    _import(tmp_path, ninjs_story(subject=[{"name": LONG_TOPIC}]), name="one.jsonl")

    report = _import(tmp_path, ninjs_story("urn:newsroom:test:2", subject=[{"name": LONG_TOPIC}]), name="two.jsonl")

    assert report.items[0].outcome == Outcome.CREATED
    assert Topic.objects.count() == 1


def test_an_integrity_error_that_is_not_a_guid_or_slug_clash_is_reported_as_it_is(tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise IntegrityError("CHECK constraint failed: lock_version_positive")

    monkeypatch.setattr(write, "_save", broken)

    report = _import(tmp_path, ninjs_story())

    assert report.items[0].outcome == Outcome.FAILED
    assert report.items[0].reason == "not saved: CHECK constraint failed: lock_version_positive"


def test_a_guid_longer_than_the_field_is_stored_hashed_and_finds_its_story_again(tmp_path):
    guid = "urn:newsroom:test:" + "x" * 600
    _import(tmp_path, ninjs_story(guid), name="one.jsonl")

    report = _import(tmp_path, ninjs_story(guid), name="two.jsonl")

    stored = Article.objects.get().source_guid
    assert report.items[0].outcome == Outcome.UNCHANGED
    assert len(stored) <= 500
    assert stored.startswith("urn:newsroom:test:xxx")


def test_two_long_guids_sharing_a_start_stay_two_stories(tmp_path):
    start = "urn:newsroom:test:" + "x" * 600
    _import(tmp_path, ninjs_story(start + "a"), ninjs_story(start + "b", headline="Another story"))

    assert Article.objects.count() == 2


def test_a_source_slug_with_a_number_added_still_fits_its_field():
    Source.objects.create(name="Agency", slug="a" * 200)

    slug = _unique_slug(Source, "a" * 200, 200)

    assert len(slug) <= 200
    assert slug.endswith("-2")
