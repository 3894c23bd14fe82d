"""Minor edits: a typo fixed in a live story leaves its public "Updated" time (and dateModified) where it was; any
other edit moves it on. The same rule when an editor puts a live story's pending changes live."""

import json
import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from articles import services
from articles.models import Article, PendingChange
from tests.admin_forms import article_form_data, change_url
from tests.factories import DraftArticleFactory, PublishedArticleFactory

pytestmark = pytest.mark.django_db

TYPO = "<p>Flood water closed roads acros the valley on Monday.</p>"
FIXED = "<p>Flood water closed roads across the valley on Monday.</p>"


@pytest.fixture
def live():
    """Published two hours ago and last updated then: its page shows no "Updated" line yet."""
    with time_machine.travel(timezone.now() - timedelta(hours=2), tick=False):
        story = PublishedArticleFactory(headline="Floods close valley roads", body=TYPO)
        story.published_at = timezone.now()
        story.save()
    return story


def _news_article(html: str) -> dict:
    blocks = re.findall(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S)
    return next(item for item in map(json.loads, blocks) if item.get("@type") == "NewsArticle")


def _edit(client, story, **changes):
    story.refresh_from_db()
    return client.post(change_url(story), article_form_data(story, opened_version=story.lock_version, **changes))


def test_a_minor_edit_of_a_live_story_keeps_its_updated_time_and_date_modified(editor_client, client, live):
    before = live.updated_at
    modified = _news_article(client.get(live.get_absolute_url()).text)["dateModified"]

    response = _edit(editor_client, live, body=FIXED, minor_edit="on", _publish_pending="1")

    assert response.status_code == 302
    live.refresh_from_db()
    assert live.body == FIXED  # the fix is live
    assert live.updated_at == before
    page = client.get(live.get_absolute_url()).text
    assert "acros " not in page and "across the valley" in page
    assert 'class="updated">Updated' not in page
    assert _news_article(page)["dateModified"] == modified


def test_a_normal_edit_of_a_live_story_moves_the_updated_time(editor_client, client, live):
    before = live.updated_at

    _edit(editor_client, live, body="<p>Roads across the valley reopened on Tuesday.</p>", _publish_pending="1")

    live.refresh_from_db()
    assert live.updated_at > before + timedelta(hours=1)
    page = client.get(live.get_absolute_url()).text
    assert 'class="updated">Updated' in page
    assert _news_article(page)["dateModified"] > _news_article(page)["datePublished"]


def test_the_story_history_says_it_was_a_minor_edit(editor_client, live):
    _edit(editor_client, live, body=FIXED, minor_edit="on", _publish_pending="1")

    history = editor_client.get(f"/admin/articles/article/{live.pk}/history/").text

    assert "Minor edit by editor; changed body" in history


def test_on_a_draft_the_box_changes_nothing_its_edit_time_moves(editor_client):
    with time_machine.travel(timezone.now() - timedelta(hours=2), tick=False):
        draft = DraftArticleFactory(headline="Draft about floods")
    before = draft.updated_at

    _edit(editor_client, draft, body=FIXED, minor_edit="on")

    draft.refresh_from_db()
    assert draft.updated_at > before


def test_pending_changes_put_live_as_a_minor_edit_keep_the_updated_time(editor_client, live):
    before = live.updated_at
    _edit(editor_client, live, body=FIXED, _save_pending="1")

    response = _edit(editor_client, live, body=FIXED, minor_edit="on", _publish_pending="1")

    assert response.status_code == 302
    live.refresh_from_db()
    assert live.body == FIXED and not PendingChange.objects.filter(article=live).exists()
    assert live.updated_at == before


def test_pending_changes_put_live_normally_move_the_updated_time(editor_client, live):
    before = live.updated_at
    _edit(editor_client, live, body="<p>Roads reopened on Tuesday.</p>", _save_pending="1")

    _edit(editor_client, live, body="<p>Roads reopened on Tuesday.</p>", _publish_pending="1")

    live.refresh_from_db()
    assert live.body == "<p>Roads reopened on Tuesday.</p>"
    assert live.updated_at > before + timedelta(hours=1)


def test_the_pending_changes_service_follows_the_same_rule(live, editor):
    before = live.updated_at
    services.save_pending_changes(article=live, data={"body": FIXED}, user=editor)

    services.publish_pending_changes(article=Article.objects.get(pk=live.pk), user=editor, minor=True)

    live.refresh_from_db()
    assert live.body == FIXED and live.updated_at == before
    services.save_pending_changes(article=live, data={"body": TYPO}, user=editor)
    services.publish_pending_changes(article=Article.objects.get(pk=live.pk), user=editor)
    live.refresh_from_db()
    assert live.updated_at > before
