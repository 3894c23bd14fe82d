"""The story form's quieter rules an editor meets every day: a second story with a headline already in use saves
under an address of its own (and the editor is told), pickers tell two stories with one headline apart, and
"Updated" appears only when a published story's words change."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from articles.models import Article
from tests.admin_forms import article_form_data, change_url
from tests.factories import DraftArticleFactory, PublishedArticleFactory, SectionFactory

NOW = datetime(2026, 3, 2, 14, 5, tzinfo=UTC)
pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOW, tick=False)]


def test_a_second_story_with_a_headline_in_use_saves_at_its_own_address_and_the_editor_is_told(editor_client):
    first = PublishedArticleFactory(headline="Storm closes the coast road", slug="storm-closes-the-coast-road")
    second = DraftArticleFactory(headline="Storm closes the coast road (evening)")

    response = editor_client.post(
        change_url(second),
        article_form_data(second, headline=first.headline, slug=first.slug, _save="1"),
        follow=True,
    )

    second.refresh_from_db()
    assert second.slug == "storm-closes-the-coast-road-2"
    page = response.content.decode()
    assert "storm-closes-the-coast-road-2" in page and "belongs to" in page and first.headline in page
    first.refresh_from_db()
    assert first.slug == "storm-closes-the-coast-road"


def test_a_story_picker_shows_section_status_and_date_beside_each_headline(editor_client):
    world, business = SectionFactory(name="World"), SectionFactory(name="Business")
    PublishedArticleFactory(headline="Minister resigns", section=world, published_at=NOW - timedelta(days=3))
    DraftArticleFactory(headline="Minister resigns", section=business)

    answer = editor_client.get(
        reverse("admin:autocomplete"),
        {"term": "Minister", "app_label": "live", "model_name": "livecoverage", "field_name": "article"},
    ).json()

    metas = sorted(row["meta"] for row in answer["results"])
    assert [row["headline"] for row in answer["results"]] == ["Minister resigns", "Minister resigns"]
    assert metas[0].startswith("Business · Draft") and metas[1].startswith("World · Live · 27 Feb 2026")


def test_updated_shows_only_when_the_words_change_after_publication(editor_client, client):
    story = PublishedArticleFactory(headline="Harbour wall repaired", published_at=NOW - timedelta(days=2))
    Article.objects.filter(pk=story.pk).update(updated_at=story.published_at)  # as it went out: no "Updated" line
    story.refresh_from_db()
    assert "Updated" not in client.get(story.get_absolute_url()).content.decode()
    earlier = NOW - timedelta(days=4)

    editor_client.post(
        change_url(story),
        article_form_data(
            story,
            published_at_0=earlier.strftime("%d/%m/%Y"),
            published_at_1=earlier.strftime("%H:%M:%S"),
            _publish_pending="1",
        ),
    )
    story.refresh_from_db()
    assert story.published_at == earlier
    assert "Updated" not in client.get(story.get_absolute_url()).content.decode()

    editor_client.post(
        change_url(story), article_form_data(story, standfirst="Work finished a week early.", _publish_pending="1")
    )
    story.refresh_from_db()
    assert "Updated" in client.get(story.get_absolute_url()).content.decode()
    assert Article.objects.get(pk=story.pk).standfirst == "Work finished a week early."
