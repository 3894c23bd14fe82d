"""The desk's front page and the article list, as an editor and a writer see them."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.models import Article, Status
from ingest.models import Source
from tests.admin_forms import article_form_data
from tests.factories import (
    DraftArticleFactory,
    ImageFactory,
    PublishedArticleFactory,
    ReviewArticleFactory,
    ScheduledArticleFactory,
)

INDEX = reverse("admin:index")
ARTICLES = reverse("admin:articles_article_changelist")


def _panel(html: str, key: str) -> str:
    """The text of one dashboard panel (its <section> element)."""
    match = re.search(rf'<section class="desk-panel desk-panel--{key}".*?</section>', html, re.S)
    assert match, f"no {key} panel on the page"
    return match.group(0)


def _headlines(panel: str) -> list[str]:
    return re.findall(r'class="desk-row__headline" href="[^"]+">([^<]+)</a>', panel)


def test_the_editors_desk_lists_what_needs_them_oldest_review_first(editor_client, editor):
    now = timezone.now()
    older = ReviewArticleFactory(headline="Older copy in review")
    newer = ReviewArticleFactory(headline="Newer copy in review")
    Article.objects.filter(pk=older.pk).update(updated_at=now - timedelta(hours=3))
    Article.objects.filter(pk=newer.pk).update(updated_at=now - timedelta(minutes=5))
    ScheduledArticleFactory(headline="Budget speech at nine", published_at=now + timedelta(hours=5))
    DraftArticleFactory(headline="My own draft", created_by=editor)
    DraftArticleFactory(headline="Somebody else's draft")
    PublishedArticleFactory(headline="Live story")

    page = editor_client.get(INDEX).text

    assert _headlines(_panel(page, "review")) == ["Older copy in review", "Newer copy in review"]
    scheduled = _panel(page, "scheduled")
    assert _headlines(scheduled) == ["Budget speech at nine"] and "goes live" in scheduled
    assert _headlines(_panel(page, "mine")) == ["My own draft"]
    assert _headlines(_panel(page, "live")) == ["Live story"]
    assert f'href="{reverse("admin:articles_article_change", args=[older.pk])}"' in page


def test_an_empty_desk_says_so_in_words(editor_client):
    page = editor_client.get(INDEX).text

    assert "Nothing is waiting for review." in _panel(page, "review")
    assert "Nothing is scheduled." in _panel(page, "scheduled")
    assert "No import is waiting for a decision." in _panel(page, "held")
    assert "Every feed and drop folder is working." in _panel(page, "failures")


def test_held_imports_and_failing_feeds_reach_the_desk(editor_client):
    held = PublishedArticleFactory(headline="Agency story an editor changed")
    Article.objects.filter(pk=held.pk).update(import_held_at=timezone.now(), import_held_note="edited in Newsroom")
    Source.objects.create(name="Wire feed", url="https://wire.example.org/feed", failures=3, last_error="timed out")
    Source.objects.create(name="Healthy feed", url="https://ok.example.org/feed")

    page = editor_client.get(INDEX).text

    held_panel = _panel(page, "held")
    assert _headlines(held_panel) == ["Agency story an editor changed"] and "edited in Newsroom" in held_panel
    failures = _panel(page, "failures")
    assert "Wire feed" in failures and "3 failed runs" in failures and "Healthy feed" not in failures


def test_each_dashboard_list_is_one_query_however_many_stories(editor_client, editor):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert editor_client.get(INDEX).status_code == 200
        return len(queries)

    ReviewArticleFactory()
    count()  # warm what the site caches once (menus, content types)
    few = count()
    ReviewArticleFactory.create_batch(12)
    ScheduledArticleFactory.create_batch(12)
    PublishedArticleFactory.create_batch(12)
    DraftArticleFactory.create_batch(12, created_by=editor)

    assert count() == few
    page = editor_client.get(INDEX).text
    assert "See all: waiting for review" in page  # eight shown, a link to the rest


def test_a_writer_sees_their_drafts_submissions_and_what_came_back(writer_client, writer, editor):
    DraftArticleFactory(headline="Still writing this", created_by=writer)
    ReviewArticleFactory(headline="Sent to the desk", created_by=writer)
    returned = ReviewArticleFactory(headline="Needs another source", created_by=writer)
    services.return_to_writer(article=returned, user=editor)
    DraftArticleFactory(headline="A colleague's draft")

    page = writer_client.get(INDEX).text

    assert _headlines(_panel(page, "returned")) == ["Needs another source"]
    assert set(_headlines(_panel(page, "mine"))) == {"Still writing this", "Needs another source"}
    assert _headlines(_panel(page, "submitted")) == ["Sent to the desk"]
    assert 'desk-panel--review"' not in page and "Held by imports" not in page  # the editors' queues


def test_an_editor_returns_a_story_to_its_writer_and_a_writer_cannot(client, writer, editor):
    story = ReviewArticleFactory(headline="Needs a second source", created_by=writer)
    change = reverse("admin:articles_article_change", args=[story.pk])

    client.force_login(writer)
    assert 'name="_return"' not in client.get(change).text
    assert client.post(change, {"_return": "1"}).status_code == 403
    story.refresh_from_db()
    assert story.status == Status.IN_REVIEW

    client.force_login(editor)
    assert 'name="_return"' in client.get(change).text
    response = client.post(change, {**article_form_data(story), "_return": "1"}, follow=True)
    assert "is back with its writer, as a draft" in response.text
    story.refresh_from_db()
    assert story.status == Status.DRAFT
    with pytest.raises(ValidationError, match="Only a story in review"):
        services.return_to_writer(article=story, user=editor)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"state": "scheduled"}, {"Scheduled story"}),
        ({"state": "live"}, {"Live with picture", "Live without alt text", "Live without a picture"}),
        ({"mine": "yes"}, {"My draft"}),
        ({"held": "yes"}, {"Held story"}),
        ({"picture": "none"}, {"Live without a picture", "Scheduled story", "My draft", "Held story"}),
        ({"picture": "no_alt"}, {"Live without alt text"}),
    ],
)
def test_the_article_list_filters_editors_asked_for(editor_client, editor, query, expected):
    PublishedArticleFactory(headline="Live with picture", lead_image=ImageFactory(alt_text="Flooded road"))
    PublishedArticleFactory(headline="Live without alt text", lead_image=ImageFactory(alt_text=""))
    PublishedArticleFactory(headline="Live without a picture")
    ScheduledArticleFactory(headline="Scheduled story")
    DraftArticleFactory(headline="My draft", created_by=editor)
    held = DraftArticleFactory(headline="Held story")
    Article.objects.filter(pk=held.pk).update(import_held_at=timezone.now())

    response = editor_client.get(ARTICLES, query)

    assert {story.headline for story in response.context["cl"].result_list} == expected


def test_the_article_list_shows_badges_not_a_wide_table(editor_client):
    PublishedArticleFactory(headline="Bridge reopens", lead_image=ImageFactory(alt_text=""))
    ScheduledArticleFactory(headline="Budget at nine")

    page = editor_client.get(ARTICLES).text

    headers = re.findall(r'<th[^>]*class="[^"]*column-(\w+)', page)
    assert headers == ["story", "byline", "publish_time"]
    assert '<span class="desk-badge desk-badge--live">Published</span>' in page
    assert '<span class="desk-badge desk-badge--scheduled">Scheduled</span>' in page
    assert "picture needs alt text" in page and "no picture" in page


def test_an_import_held_for_an_editor_waits_on_the_desk_until_dismissed(tmp_path, editor_client):
    from ingest.importers.run import run_import
    from tests.importing import ninjs_story, write_ninjs

    run_import([write_ninjs(tmp_path / "v1.jsonl", ninjs_story(version=1))])
    story = Article.objects.get()
    story.headline = "Ferry stays in port as gales batter the coast"  # the desk's rewrite
    story.save()
    run_import([write_ninjs(tmp_path / "v2.jsonl", ninjs_story(version=2, headline="Agency rewrite"))])

    held = _panel(editor_client.get(INDEX).text, "held")
    assert _headlines(held) == ["Ferry stays in port as gales batter the coast"] and "edited in Newsroom" in held

    editor_client.post(ARTICLES, {"action": "dismiss_held_imports", "_selected_action": [story.pk]})
    assert "No import is waiting for a decision." in _panel(editor_client.get(INDEX).text, "held")
    assert Article.objects.get().headline == "Ferry stays in port as gales batter the coast"


def test_a_dry_run_of_a_held_update_leaves_the_desk_alone(tmp_path, db):
    from ingest.importers.run import run_import
    from tests.importing import ninjs_story, write_ninjs

    run_import([write_ninjs(tmp_path / "v1.jsonl", ninjs_story(version=1))])
    Article.objects.update(headline="Rewritten on the desk")
    Article.objects.get().save()
    run_import([write_ninjs(tmp_path / "v2.jsonl", ninjs_story(version=2))], dry_run=True)

    assert Article.objects.get().import_held_at is None


def test_the_sidebar_offers_what_each_person_may_open(client, writer, editor):
    editors_only = [reverse("admin:articles_article_activity"), reverse("admin:articles_front_changelist")]
    client.force_login(writer)
    page = client.get(INDEX).text
    assert f'href="{ARTICLES}"' in page and f'href="{reverse("admin:articles_image_changelist")}"' in page
    assert f'href="{reverse("admin:live_livecoverage_changelist")}"' in page  # its ModelAdmin lets writers in
    assert not [url for url in editors_only if f'href="{url}"' in page]

    client.force_login(editor)
    page = client.get(INDEX).text
    assert all(f'href="{url}"' in page for url in editors_only)
    assert f'href="{reverse("admin:pages_page_changelist")}"' in page
