"""Re-imports meet the rest of the newsroom: related stories, editors with the form open, and racing imports."""

import pytest
from django.utils import timezone

from articles.models import Article, Author, Status
from articles.related.ranking import related_articles
from ingest.importers import write
from ingest.importers.records import Outcome
from ingest.importers.run import run_import
from tests.admin_forms import article_form_data, change_url
from tests.factories import PublishedArticleFactory, SectionFactory, TopicFactory
from tests.importing import ninjs_story, write_ninjs

pytestmark = pytest.mark.django_db


def _live(**fields) -> dict:
    now = timezone.now().isoformat()
    return ninjs_story(firstcreated=now, versioncreated=now, **fields)


def _import(tmp_path, *stories, name="wire.jsonl", **options):
    return run_import([write_ninjs(tmp_path / name, *stories)], fetch_remote=False, **options)


def _lookup_misses_once(monkeypatch):
    """The guid look-up runs before another import's row lands: the insert then meets that row."""
    real = write.find_article
    calls = []

    def find(guid, **hints):
        calls.append(guid)
        return (None, False) if len(calls) == 1 else real(guid, **hints)

    monkeypatch.setattr(write, "find_article", find)


def test_a_live_story_reimported_with_a_new_topic_shows_beside_other_stories_on_that_topic(
    tmp_path, django_capture_on_commit_callbacks
):
    SectionFactory(name="UK", slug="uk")  # not the neighbour's section: only the topic can relate them
    ferries = TopicFactory(name="Ferries")
    neighbour = PublishedArticleFactory(headline="Harbour dredging finishes", topics=[ferries])
    _import(tmp_path, _live(version=1), name="v1.jsonl", publish=True, section="uk")
    imported = Article.objects.get(source_guid="urn:newsroom:test:1")
    assert imported.status == Status.PUBLISHED
    assert imported not in related_articles(neighbour)

    with django_capture_on_commit_callbacks(execute=True):  # cached related lists expire on commit
        report = _import(
            tmp_path, _live(version=2, subject=[{"name": "Ferries"}]), name="v2.jsonl", publish=True, section="uk"
        )

    assert report.items[0].outcome == Outcome.UPDATED
    assert [story.headline for story in related_articles(neighbour)] == ["Ferry cancelled in gales"]
    ferries.refresh_from_db()
    assert ferries.article_count == 2


def test_a_live_story_that_loses_a_topic_on_reimport_leaves_that_topics_related_stories(
    tmp_path, django_capture_on_commit_callbacks
):
    SectionFactory(name="UK", slug="uk")
    ferries = TopicFactory(name="Ferries")
    neighbour = PublishedArticleFactory(headline="Harbour dredging finishes", topics=[ferries])
    tagged = _live(version=1, subject=[{"name": "Ferries"}])
    _import(tmp_path, tagged, name="v1.jsonl", publish=True, section="uk")
    assert [story.headline for story in related_articles(neighbour)] == ["Ferry cancelled in gales"]

    with django_capture_on_commit_callbacks(execute=True):
        _import(tmp_path, _live(version=2), name="v2.jsonl", publish=True, section="uk")

    assert related_articles(neighbour) == []
    ferries.refresh_from_db()
    assert ferries.article_count == 1


def test_an_editor_with_the_form_open_is_told_an_import_saved_the_story_after_them(tmp_path, editor_client):
    _import(tmp_path, ninjs_story(version=1), name="v1.jsonl")
    article = Article.objects.get()
    open_form = article_form_data(article, standfirst="Typed while the agency sent a correction")

    _import(tmp_path, ninjs_story(version=2, headline="Ferry cancelled in storm"), name="v2.jsonl")
    response = editor_client.post(change_url(article), open_form)

    assert response.status_code == 200
    assert "saved this article at" in response.text
    assert "Typed while the agency sent a correction" in response.text
    article.refresh_from_db()
    assert article.headline == "Ferry cancelled in storm"
    assert article.standfirst == ""


def test_every_import_that_changes_a_story_moves_its_version_on_and_a_repeat_does_not(tmp_path):
    _import(tmp_path, ninjs_story(version=1), name="v1.jsonl")
    first = Article.objects.get().lock_version

    _import(tmp_path, ninjs_story(version=2, headline="Ferry cancelled in storm"), name="v2.jsonl")
    second = Article.objects.get().lock_version
    _import(tmp_path, ninjs_story(version=2, headline="Ferry cancelled in storm"), name="v2-again.jsonl")

    assert first < second == Article.objects.get().lock_version


def test_the_revision_of_an_imported_story_records_its_byline(tmp_path):
    from reversion.models import Version

    _import(tmp_path, ninjs_story(byline="Jane Roe"))
    _import(tmp_path, ninjs_story(version=2, byline="John Doe"), name="v2.jsonl")

    latest = Version.objects.get_for_object(Article.objects.get()).first().revision
    links = [version for version in latest.version_set.all() if version.content_type.model == "articleauthor"]

    assert latest.comment == "Imported from v2.jsonl"
    assert [Author.objects.get(pk=link.field_dict["author_id"]).name for link in links] == ["John Doe"]


def test_an_import_that_loses_a_race_for_a_guid_reports_the_winners_story_unchanged(tmp_path, monkeypatch):
    _import(tmp_path, ninjs_story(), name="winner.jsonl")
    _lookup_misses_once(monkeypatch)

    report = _import(tmp_path, ninjs_story(), name="loser.jsonl")

    assert [item.outcome for item in report.items] == [Outcome.UNCHANGED]
    assert Article.objects.count() == 1


def test_an_import_that_loses_a_race_with_a_different_copy_updates_the_winners_story(tmp_path, monkeypatch):
    _import(tmp_path, ninjs_story(version=1), name="winner.jsonl")
    _lookup_misses_once(monkeypatch)

    report = _import(tmp_path, ninjs_story(version=2, headline="Ferry cancelled in storm"), name="loser.jsonl")

    assert [item.outcome for item in report.items] == [Outcome.UPDATED]
    assert list(Article.objects.values_list("headline", flat=True)) == ["Ferry cancelled in storm"]


def test_a_story_whose_guid_keeps_clashing_fails_on_its_own_and_the_rest_import(tmp_path, monkeypatch):
    Article.objects.create(headline="Already here", source_guid="urn:newsroom:test:1")
    monkeypatch.setattr(write, "find_article", lambda guid, **hints: (None, False))

    report = _import(tmp_path, ninjs_story(), ninjs_story("urn:newsroom:test:2", headline="Bridge reopens"))

    assert [item.outcome for item in report.items] == [Outcome.FAILED, Outcome.CREATED]
    assert "another import saved the same story" in report.items[0].reason
    assert sorted(Article.objects.values_list("headline", flat=True)) == ["Already here", "Bridge reopens"]


def test_two_stories_cannot_share_an_import_guid_but_hand_written_ones_need_none():
    from django.db import IntegrityError, transaction

    Article.objects.create(headline="Written here", slug="written-here")
    Article.objects.create(headline="Also written here", slug="also-written-here")
    Article.objects.create(headline="Imported", slug="imported", source_guid="urn:x")

    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.create(headline="Imported twice", slug="imported-twice", source_guid="urn:x")


def test_a_new_story_with_the_headline_of_another_gets_its_own_address(tmp_path):
    Article.objects.create(headline="Ferry cancelled in gales", slug="ferry-cancelled-in-gales")

    _import(tmp_path, ninjs_story())

    imported = Article.objects.get(source_guid="urn:newsroom:test:1")
    assert imported.slug == "ferry-cancelled-in-gales-2"


def test_the_first_revision_of_an_imported_story_brings_back_its_words_and_byline(tmp_path):
    from reversion.models import Version

    _import(tmp_path, ninjs_story(byline="Jane Roe"))
    _import(tmp_path, ninjs_story(version=2, headline="Ferry cancelled in storm", byline="John Doe"), name="v2.jsonl")
    article = Article.objects.get()

    Version.objects.get_for_object(article).last().revision.revert(delete=True)

    article.refresh_from_db()
    assert article.headline == "Ferry cancelled in gales"
    assert article.byline == "Jane Roe"
