"""Each action writes a story once: one save (its receivers run once), one revision, lock_version moved by one."""

import contextlib

import pytest
from django.db.models.signals import post_save
from reversion.models import Version

from articles import services
from articles.models import Article, Status
from ingest.importers import run_import
from tests.admin_forms import article_form_data, change_url
from tests.factories import DraftArticleFactory, PublishedArticleFactory, ReviewArticleFactory, SectionFactory
from tests.importing import ninjs_story, write_ninjs

pytestmark = pytest.mark.django_db


@contextlib.contextmanager
def counted_saves():
    saves = []

    def count(sender, instance, **kwargs):
        saves.append(instance.pk)

    post_save.connect(count, sender=Article, dispatch_uid="test-counted-saves")
    try:
        yield saves
    finally:
        post_save.disconnect(sender=Article, dispatch_uid="test-counted-saves")


def _revisions(article: Article) -> list[Version]:
    return list(Version.objects.get_for_object(article).select_related("revision"))


@pytest.mark.parametrize(
    ("factory", "button", "status"),
    [
        (ReviewArticleFactory, "_publish", Status.PUBLISHED),
        (PublishedArticleFactory, "_withdraw", Status.WITHDRAWN),
        (DraftArticleFactory, "_submit_review", Status.IN_REVIEW),
    ],
)
def test_a_button_in_the_admin_saves_the_story_once(editor_client, factory, button, status):
    article = factory()
    before = article.lock_version

    with counted_saves() as saves:
        editor_client.post(change_url(article), article_form_data(article, headline="Floods recede", **{button: "1"}))

    article.refresh_from_db()
    assert (article.status, article.headline) == (status, "Floods recede")
    assert saves == [article.pk]
    assert article.lock_version == before + 1
    assert len(_revisions(article)) == 1


def test_history_says_the_story_was_published_and_what_changed(editor_client):
    article = ReviewArticleFactory()

    editor_client.post(change_url(article), article_form_data(article, headline="Floods recede", _publish="1"))

    (version,) = _revisions(article)
    assert version.revision.get_comment() == "Published; changed headline"


def test_publishing_from_a_service_saves_once():
    article = ReviewArticleFactory()

    with counted_saves() as saves:
        services.publish_article(article=article)

    assert saves == [article.pk]
    assert [v.revision.get_comment() for v in _revisions(article)] == ["Published"]


def test_an_import_with_publish_writes_each_story_once_with_one_revision(tmp_path):
    SectionFactory(name="World", slug="world")
    path = write_ninjs(
        tmp_path / "wire.jsonl",
        ninjs_story("urn:one", headline="Ferry cancelled"),
        ninjs_story("urn:two", headline="Bridge reopens"),
    )

    with counted_saves() as saves:
        report = run_import([path], publish=True, section="world")

    stories = list(Article.objects.order_by("pk"))
    assert [item.outcome for item in report.items] == ["created", "created"]
    assert [story.status for story in stories] == [Status.PUBLISHED, Status.PUBLISHED]
    assert saves == [story.pk for story in stories]
    for story in stories:
        (version,) = _revisions(story)
        assert version.revision.get_comment() == "Imported from wire.jsonl; published"
        assert version.field_dict["status"] == Status.PUBLISHED


def test_an_import_updating_a_story_writes_it_once(tmp_path):
    SectionFactory(name="World", slug="world")
    run_import([write_ninjs(tmp_path / "v1.jsonl", ninjs_story("urn:one"))], section="world")
    article = Article.objects.get()

    with counted_saves() as saves:
        run_import([write_ninjs(tmp_path / "v2.jsonl", ninjs_story("urn:one", version=2, headline="New"))])

    assert saves == [article.pk]
    assert len(_revisions(article)) == 2
