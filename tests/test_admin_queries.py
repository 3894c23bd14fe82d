"""The article list and edit page cost the same number of queries for 5 stories as for 50."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import PinnedRelation
from tests.factories import AuthorFactory, ImageFactory, PublishedArticleFactory, RegionFactory, TopicFactory

pytestmark = pytest.mark.django_db

CHANGELIST_QUERIES = 20
CHANGE_PAGE_QUERIES = 25


def _stories(count):
    regions, topics, authors = (
        RegionFactory.create_batch(3),
        TopicFactory.create_batch(3),
        AuthorFactory.create_batch(2),
    )
    return [
        PublishedArticleFactory(regions=regions, topics=topics, authors=authors, lead_image=ImageFactory())
        for _ in range(count)
    ]


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


@pytest.mark.parametrize("stories", [5, 50])
def test_article_list_needs_a_fixed_number_of_queries(editor_client, stories, django_assert_max_num_queries):
    articles = _stories(stories)

    with django_assert_max_num_queries(CHANGELIST_QUERIES):
        response = editor_client.get(reverse("admin:articles_article_changelist"))

    assert response.context["cl"].result_count == stories
    first = articles[0]
    assert first.byline in response.text
    assert f'<span class="desk-badge">{first.section.name}</span>' in response.text


def test_article_list_query_count_does_not_grow_with_the_list(editor_client):
    _stories(5)
    _count(editor_client, reverse("admin:articles_article_changelist"))  # what is cached once (content types)
    few, _ = _count(editor_client, reverse("admin:articles_article_changelist"))
    _stories(45)
    many, response = _count(editor_client, reverse("admin:articles_article_changelist"))

    assert response.context["cl"].result_count == 50
    assert many == few


def _pinned(pins):
    article, *others = _stories(pins + 1)
    for position, other in enumerate(others):
        PinnedRelation.objects.create(from_article=article, to_article=other, position=position)
    return article


@pytest.mark.parametrize("pins", [1, 10])
def test_article_edit_page_needs_a_fixed_number_of_queries(editor_client, pins, django_assert_max_num_queries):
    article = _pinned(pins)

    with django_assert_max_num_queries(CHANGE_PAGE_QUERIES):
        response = editor_client.get(reverse("admin:articles_article_change", args=[article.pk]))

    assert response.context["inline_admin_formsets"][1].formset.total_form_count() == pins
    assert f">{article.pinned_relations.last().to_article.headline}</option>" in response.text


def test_edit_page_query_count_does_not_grow_with_pinned_stories(editor_client):
    few, _ = _count(editor_client, reverse("admin:articles_article_change", args=[_pinned(1).pk]))
    many, _ = _count(editor_client, reverse("admin:articles_article_change", args=[_pinned(10).pk]))

    assert many <= few
