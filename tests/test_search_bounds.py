"""Search by relevance ranks a bounded set: the newest matches that pass every filter, never the whole archive
(the database backends' window, ``articles.search.backends.database``)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.search.backends.database import DatabaseBackend
from tests.factories import PublishedArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db


def test_relevance_orders_only_the_newest_matches_so_a_common_word_never_ranks_the_archive(client, monkeypatch):
    monkeypatch.setattr(DatabaseBackend, "ranked", 3)
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
    monkeypatch.setattr(DatabaseBackend, "ranked", 2)
    now = timezone.now()
    culture = SectionFactory(name="Culture", slug="culture")
    in_section = PublishedArticleFactory(headline="Ferry opera", section=culture, published_at=now - timedelta(days=9))
    for n in range(3):
        PublishedArticleFactory(headline=f"Ferry news {n}", published_at=now - timedelta(hours=n + 1))

    page = client.get(reverse("articles:search"), {"q": "ferry", "section": "culture"})

    assert [article.pk for article in page.context["articles"]] == [in_section.pk]


def test_the_window_reaches_back_past_a_month_and_a_year_when_the_newer_matches_do_not_fill_it(client, monkeypatch):
    # PostgreSQL reads the window slice by slice of time (the last month, year, then older): the newest matches
    # must come first, whichever slice holds them, and an older slice is read only while the window has room.
    monkeypatch.setattr(DatabaseBackend, "listed", 4)
    now = timezone.now()
    ages = [timedelta(hours=2), timedelta(days=40), timedelta(days=200), timedelta(days=900), timedelta(days=2000)]
    stories = [
        PublishedArticleFactory(headline=f"Lighthouse keeper {n}", published_at=now - age) for n, age in enumerate(ages)
    ]

    page = client.get(reverse("articles:search"), {"q": "lighthouse", "order": "date"})

    assert [article.pk for article in page.context["articles"]] == [story.pk for story in stories[:4]]
