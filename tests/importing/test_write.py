"""Writing a story once: versions, editors' changes kept, dry runs, per-item safety, long names and ids, odd fields."""

import json
from pathlib import Path

import pytest
from django.db import IntegrityError
from django.utils import timezone

from articles.models import Article, Author, Image, Region, Source, Status, Topic
from ingest.importers import write
from ingest.importers.formats import nitf
from ingest.importers.lookups import _unique_slug
from ingest.importers.records import Outcome
from ingest.importers.run import run_import
from tests.factories import RegionFactory, SectionFactory, TopicFactory
from tests.importing import FIXTURES, ninjs_story, write_ninjs, write_picture

pytestmark = pytest.mark.django_db
LONG_TOPIC = "Coastal erosion and the managed retreat of seaside villages along the eastern shore " * 2


def outcomes(report) -> list[str]:
    return [item.outcome.value for item in report.items]


def test_importing_the_same_file_twice_changes_nothing(tmp_path):
    write_picture(tmp_path / "ferry.jpg")
    path = write_ninjs(tmp_path / "wire.jsonl", ninjs_story(picture="ferry.jpg", byline="Jane Roe"))

    assert outcomes(run_import([path])) == ["created"]
    second = run_import([path])

    assert outcomes(second) == ["unchanged"]
    assert Article.objects.count() == 1
    assert Image.objects.count() == 1
    assert Author.objects.count() == 1


def test_a_newer_version_updates_the_story_and_names_the_changed_fields(tmp_path):
    run_import([write_ninjs(tmp_path / "v1.jsonl", ninjs_story(version=1))])
    newer = ninjs_story(version=2, headline="Ferry cancelled in gales for a second day")

    report = run_import([write_ninjs(tmp_path / "v2.jsonl", newer)])

    assert outcomes(report) == ["updated"]
    assert report.items[0].changed_fields == ["headline", "source_version"]
    article = Article.objects.get()
    assert (article.headline, article.source_version) == ("Ferry cancelled in gales for a second day", 2)


def test_an_older_version_arriving_late_is_skipped(tmp_path):
    run_import([write_ninjs(tmp_path / "v3.jsonl", ninjs_story(version=3, headline="Latest"))])

    report = run_import([write_ninjs(tmp_path / "v2.jsonl", ninjs_story(version=2, headline="Stale"))])

    assert outcomes(report) == ["skipped"]
    assert "older" in report.items[0].reason
    assert Article.objects.get().headline == "Latest"


def test_an_update_is_held_when_an_editor_changed_the_story_since_the_last_import(tmp_path):
    run_import([write_ninjs(tmp_path / "v1.jsonl", ninjs_story(version=1))])
    article = Article.objects.get()
    article.headline = "Ferry stays in port as gales batter the coast"  # the desk's rewrite
    article.save()

    report = run_import([write_ninjs(tmp_path / "v2.jsonl", ninjs_story(version=2, headline="Agency rewrite"))])

    assert outcomes(report) == ["held"]
    assert "edited in Newsroom" in report.items[0].reason
    assert Article.objects.get().headline == "Ferry stays in port as gales batter the coast"


def test_publishing_an_imported_story_does_not_hold_the_agency_correction(tmp_path):
    section = SectionFactory(slug="news")
    run_import([write_ninjs(tmp_path / "v1.jsonl", ninjs_story(version=1))], section="news", publish=True)
    assert Article.objects.get().status == Status.PUBLISHED

    report = run_import(
        [write_ninjs(tmp_path / "v2.jsonl", ninjs_story(version=2, headline="Corrected"))], section=section.slug
    )

    assert outcomes(report) == ["updated"]
    assert Article.objects.get().status == Status.PUBLISHED


def test_dry_run_writes_no_rows_and_no_files_but_reports_what_would_happen(tmp_path, settings):
    write_picture(tmp_path / "ferry.jpg")
    path = write_ninjs(
        tmp_path / "wire.jsonl",
        ninjs_story(picture="ferry.jpg", byline="Jane Roe"),
        ninjs_story("urn:newsroom:test:2", headline=""),
    )

    report = run_import([path], dry_run=True, source="Press Association")

    assert report.dry_run and outcomes(report) == ["created", "failed"]
    assert not Article.objects.exists() and not Image.objects.exists()
    assert not Author.objects.exists() and not Source.objects.exists()
    media = Path(settings.MEDIA_ROOT)
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_dry_run_of_a_new_version_lists_the_fields_it_would_change(tmp_path):
    run_import([write_ninjs(tmp_path / "v1.jsonl", ninjs_story(version=1))])
    newer = ninjs_story(version=2, body="<p>The ferry sails at noon.</p>")

    report = run_import([write_ninjs(tmp_path / "v2.jsonl", newer)], dry_run=True)

    assert outcomes(report) == ["updated"]
    assert "body" in report.items[0].changed_fields
    assert Article.objects.get().source_version == 1


def test_an_item_that_fails_half_way_leaves_nothing_and_the_batch_goes_on(tmp_path, monkeypatch, settings):
    write_picture(tmp_path / "ferry.jpg")
    path = write_ninjs(
        tmp_path / "wire.jsonl",
        ninjs_story("urn:a", headline="Breaks after saving", picture="ferry.jpg", byline="Jane Roe"),
        ninjs_story("urn:b", headline="Imports fine"),
    )
    real_record = write.record_import

    def explode(article, **kwargs):
        # After the story, its picture, author and tags were written: all of it must go.
        if article.source_guid == "urn:a":
            raise RuntimeError("disk full")
        real_record(article, **kwargs)

    monkeypatch.setattr(write, "record_import", explode)

    report = run_import([path])

    assert outcomes(report) == ["failed", "created"]
    assert "disk full" in report.items[0].reason
    assert list(Article.objects.values_list("headline", flat=True)) == ["Imports fine"]
    assert not Image.objects.exists() and not Author.objects.exists()
    assert not any(p.is_file() for p in Path(settings.MEDIA_ROOT).rglob("*"))


def test_the_report_names_file_item_and_field_for_each_failure(tmp_path):
    path = write_ninjs(tmp_path / "wire.jsonl", ninjs_story("urn:a"), ninjs_story("urn:b", headline=""))
    (tmp_path / "broken.json").write_text('{"uri": "urn:c", "headline": "x",', encoding="utf-8")

    report = run_import([path, tmp_path / "broken.json"], format="ninjs")

    failed = [item for item in report.items if item.outcome == Outcome.FAILED]
    assert [item.where for item in failed] == ["wire.jsonl item 2", "broken.json line 1"]
    assert "headline" in failed[0].reason
    assert "invalid JSON" in failed[1].reason
    assert report.failed and report.summary()["created"] == 1


def test_imported_stories_are_drafts_filed_under_the_default_section_and_source(tmp_path):
    SectionFactory(name="World", slug="world")
    path = write_ninjs(tmp_path / "wire.jsonl", ninjs_story())

    run_import([path], section="world", source="Press Association")

    article = Article.objects.get()
    assert article.status == Status.DRAFT
    assert article.section.slug == "world"
    assert article.source.name == "Press Association"
    assert not Article.objects.published().exists()


def test_publish_publishes_complete_stories_and_explains_why_others_stay_drafts(tmp_path):
    SectionFactory(slug="news")
    write_picture(tmp_path / "ferry.jpg")
    complete = ninjs_story("urn:a", versioncreated="2025-01-14T07:40:00Z")
    no_alt = ninjs_story("urn:b", headline="Pictured without alt text", picture="ferry.jpg")
    no_alt["associations"]["featuremedia"].pop("alt")
    no_alt["associations"]["featuremedia"]["headline"] = ""

    report = run_import([write_ninjs(tmp_path / "wire.jsonl", complete, no_alt)], publish=True, section="news")

    published = Article.objects.get(source_guid="urn:a")
    assert published.is_published
    assert published.published_at.isoformat().startswith("2025-01-14T07:40")
    assert Article.objects.get(source_guid="urn:b").status == Status.DRAFT
    assert any("alt text" in warning for warning in report.items[1].warnings)


def test_wordpress_drafts_stay_drafts_even_with_publish(tmp_path):
    SectionFactory(slug="news")

    run_import([FIXTURES / "wxr" / "export.xml"], publish=True, section="news", fetch_remote=False)

    draft = Article.objects.get(headline__startswith="Hedge-laying")
    assert draft.status == Status.DRAFT


def test_codes_places_and_names_become_topics_regions_and_authors(tmp_path, settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "IMPORT_UNKNOWN_TAGS": "report"}
    kent = RegionFactory(name="Kent")
    TopicFactory(name="Ferries", slug="ferries")
    story = ninjs_story(
        subject=[{"uri": "medtop:11000000"}, {"qcode": "medtop:15000000"}, {"name": "ferries"}, {"name": "Gales"}],
        place=[{"name": "KENT"}, {"name": "Atlantis"}],
        byline="Jane Roe",
    )

    report = run_import([write_ninjs(tmp_path / "wire.jsonl", story)])

    article = Article.objects.get()
    assert sorted(article.topics.values_list("name", flat=True)) == ["Ferries", "politics", "sport"]
    assert Topic.objects.get(name="politics").iptc_code == "medtop:11000000"
    assert list(article.regions.all()) == [kent]
    assert not Region.objects.filter(name="Atlantis").exists()
    assert not Topic.objects.filter(name__iexact="gales").exists()
    warnings = " ".join(report.items[0].warnings)
    assert "'Atlantis' is not in the region tree" in warnings and "'Gales' does not exist" in warnings
    assert article.byline == "Jane Roe"


def test_nitf_subject_codes_map_to_the_same_top_level_topics():
    run_import([FIXTURES / "nitf" / "flood_latin1.xml"], fetch_remote=False)

    weather = Topic.objects.get(iptc_code="medtop:17000000")  # from subject code 17004000
    assert weather.name == "weather"
    assert weather in Article.objects.get().topics.all()


def test_a_story_keeps_its_agency_time_while_a_draft(tmp_path):
    run_import([write_ninjs(tmp_path / "wire.jsonl", ninjs_story(versioncreated="2025-01-14T07:40:00Z"))])

    article = Article.objects.get()
    assert article.published_at == timezone.datetime(2025, 1, 14, 7, 40, tzinfo=timezone.UTC)
    assert article.status == Status.DRAFT


# --- names and identifiers longer than the fields that keep them ---------------------------------------------------


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


# --- wire items with fields of unexpected types --------------------------------------------------------------------


def _write(path: Path, *items) -> Path:
    path.write_text("\n".join(json.dumps(item) for item in items) + "\n", encoding="utf-8")
    return path


def test_a_ninjs_byline_given_as_a_list_becomes_the_joined_names(tmp_path):
    run_import([_write(tmp_path / "w.jsonl", ninjs_story(by=["Ann Lee", {"name": "Bo Chen"}]))])

    assert Article.objects.get().byline == "Ann Lee, Bo Chen"


def test_a_ninjs_source_name_that_is_not_text_is_read_as_text(tmp_path):
    run_import([_write(tmp_path / "w.jsonl", ninjs_story(infosource=[{"name": 42}]))])

    assert Article.objects.get().source.name == "42"


def test_a_ninjs_item_with_an_unreadable_field_fails_alone_and_the_next_item_imports(tmp_path):
    bad = ninjs_story("urn:newsroom:test:bad", headlines=5)
    good = ninjs_story("urn:newsroom:test:good", headline="Pier repairs finished")

    report = run_import([_write(tmp_path / "w.jsonl", bad, good)])

    assert [item.outcome for item in report.items] == [Outcome.FAILED, Outcome.CREATED]
    assert report.items[0].where == "w.jsonl item 1"
    assert "(field: texts)" in report.items[0].reason
    assert Article.objects.get().headline == "Pier repairs finished"


def test_an_nitf_picture_with_height_auto_does_not_stop_the_story():
    [parsed] = list(nitf.parse(FIXTURES / "nitf" / "auto_height_picture.xml"))

    assert parsed.error is None
    assert parsed.story.images[0].source == "large.jpg"
