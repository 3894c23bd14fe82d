"""Search by relevance ranks a bounded set: the newest matches that pass every filter, never the whole archive."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.views import search as search_view
from tests.factories import PublishedArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db


def test_relevance_orders_only_the_newest_matches_so_a_common_word_never_ranks_the_archive(client, monkeypatch):
    monkeypatch.setattr(search_view, "RANKED_CANDIDATES", 3)
    now = timezone.now()
    old_but_strong = PublishedArticleFactory(headline="Ferry ferry", published_at=now - timedelta(days=30))
    recent = [
        PublishedArticleFactory(
            headline=f"Story {n}", standfirst="The ferry ran late.", published_at=now - timedelta(hours=n)
        )
        for n in range(1, 4)
    ]

    page = client.get(reverse("articles:search"), {"q": "ferry"})

    shown = [article.pk for article in page.context["articles"]]
    assert sorted(shown) == sorted(a.pk for a in recent)
    assert old_but_strong.pk not in shown
    by_date = client.get(reverse("articles:search"), {"q": "ferry", "order": "date"})
    assert old_but_strong.pk in [article.pk for article in by_date.context["articles"]]


def test_the_bound_applies_after_the_other_filters(client, monkeypatch):
    monkeypatch.setattr(search_view, "RANKED_CANDIDATES", 2)
    now = timezone.now()
    culture = SectionFactory(name="Culture", slug="culture")
    in_section = PublishedArticleFactory(headline="Ferry opera", section=culture, published_at=now - timedelta(days=9))
    for n in range(3):
        PublishedArticleFactory(headline=f"Ferry news {n}", published_at=now - timedelta(hours=n + 1))

    page = client.get(reverse("articles:search"), {"q": "ferry", "section": "culture"})

    assert [article.pk for article in page.context["articles"]] == [in_section.pk]
