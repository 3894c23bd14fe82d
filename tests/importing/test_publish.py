"""Who may change what readers see through an import, and what the agency says may be published when."""

from datetime import UTC, datetime

import pytest

from articles.models import Article, Status
from ingest.importers.records import Outcome
from ingest.importers.run import run_import
from tests.factories import SectionFactory
from tests.importing import FIXTURES, ninjs_story, write_ninjs

pytestmark = pytest.mark.django_db


def _import(tmp_path, *stories, name="wire.jsonl", **options):
    return run_import([write_ninjs(tmp_path / name, *stories)], fetch_remote=False, **options)


def _live_story(tmp_path) -> Article:
    SectionFactory(slug="news")
    _import(tmp_path, ninjs_story(version=1), name="v1.jsonl", publish=True, section="news")
    article = Article.objects.get()
    assert article.status == Status.PUBLISHED
    return article


def test_a_writer_importing_a_newer_version_of_a_live_story_is_held_for_an_editor(tmp_path, writer):
    _live_story(tmp_path)

    report = _import(tmp_path, ninjs_story(version=2, headline="Agency rewrite"), name="v2.jsonl", user=writer)

    assert report.items[0].outcome == Outcome.HELD
    assert report.items[0].reason == "live story: an editor must import this update"
    assert Article.objects.get().headline == "Ferry cancelled in gales"


def test_an_editor_importing_a_newer_version_of_a_live_story_updates_it(tmp_path, editor):
    _live_story(tmp_path)

    report = _import(tmp_path, ninjs_story(version=2, headline="Agency rewrite"), name="v2.jsonl", user=editor)

    assert report.items[0].outcome == Outcome.UPDATED
    assert Article.objects.get().headline == "Agency rewrite"


def test_a_writer_may_still_update_an_imported_draft(tmp_path, writer):
    _import(tmp_path, ninjs_story(version=1), name="v1.jsonl")

    report = _import(tmp_path, ninjs_story(version=2, headline="Agency rewrite"), name="v2.jsonl", user=writer)

    assert report.items[0].outcome == Outcome.UPDATED


def test_a_withheld_ninjs_story_stays_a_draft_even_with_publish(tmp_path):
    SectionFactory(slug="news")

    report = _import(tmp_path, ninjs_story(pubstatus="withheld"), publish=True, section="news")

    assert Article.objects.get().status == Status.DRAFT
    assert "left as a draft: the agency marks it withheld" in report.items[0].warnings


def test_an_embargoed_ninjs_story_imported_with_publish_is_scheduled_for_the_embargo(tmp_path):
    SectionFactory(slug="news")

    _import(tmp_path, ninjs_story(embargoed="2099-03-01T06:00:00Z"), publish=True, section="news")

    article = Article.objects.get()
    assert article.status == Status.PUBLISHED
    assert article.published_at == datetime(2099, 3, 1, 6, tzinfo=UTC)
    assert not Article.objects.published().exists()


def test_a_ninjs_3_pubstatus_is_read_whatever_its_case(tmp_path):
    SectionFactory(slug="news")

    _import(tmp_path, ninjs_story(pubStatus="canceled"), publish=True, section="news")

    assert Article.objects.get().status == Status.DRAFT


def test_an_agency_cancellation_of_a_live_story_is_held_for_an_editor_to_withdraw(tmp_path):
    _live_story(tmp_path)

    report = _import(tmp_path, ninjs_story(version=2, pubstatus="canceled", body="<p>Kill.</p>"), name="v2.jsonl")

    assert report.items[0].outcome == Outcome.HELD
    assert report.items[0].reason == "agency cancelled this story: an editor must withdraw it"
    assert Article.objects.get().status == Status.PUBLISHED
    assert "stayed in port" in Article.objects.get().body


def test_an_nitf_release_date_in_the_future_schedules_the_story(tmp_path):
    SectionFactory(slug="news")

    run_import([FIXTURES / "nitf" / "embargoed_budget.xml"], publish=True, section="news")

    article = Article.objects.get()
    assert article.status == Status.PUBLISHED
    assert article.published_at == datetime(2099, 3, 1, 0, 1, tzinfo=UTC)


def test_a_withheld_newsml_item_stays_a_draft_and_keeps_its_embargo(tmp_path):
    SectionFactory(slug="news")

    report = run_import([FIXTURES / "newsml" / "withheld_item.xml"], publish=True, section="news")

    assert Article.objects.get().status == Status.DRAFT
    assert "left as a draft: the agency marks it withheld" in report.items[0].warnings


def test_a_new_version_stamp_with_the_same_words_is_reported_unchanged(tmp_path):
    _import(tmp_path, ninjs_story(version=1), name="v1.jsonl")
    before = Article.objects.get()

    report = _import(tmp_path, ninjs_story(version=2, versioncreated="2025-01-15T08:00:00Z"), name="v2.jsonl")

    after = Article.objects.get()
    assert report.items[0].outcome == Outcome.UNCHANGED
    assert after.source_version == 2
    assert after.lock_version == before.lock_version
    assert _import(tmp_path, ninjs_story(version=2, versioncreated="2025-01-15T08:00:00Z")).items[0].outcome == (
        Outcome.UNCHANGED
    )


def test_rerunning_an_unchanged_import_with_publish_publishes_the_draft(tmp_path):
    SectionFactory(slug="news")
    _import(tmp_path, ninjs_story(), section="news")

    report = _import(tmp_path, ninjs_story(), section="news", publish=True)

    assert report.items[0].outcome == Outcome.UNCHANGED
    assert Article.objects.get().status == Status.PUBLISHED


def test_a_dry_run_of_an_unchanged_import_with_publish_leaves_the_draft(tmp_path):
    SectionFactory(slug="news")
    _import(tmp_path, ninjs_story(), section="news")

    _import(tmp_path, ninjs_story(), section="news", publish=True, dry_run=True)

    assert Article.objects.get().status == Status.DRAFT
