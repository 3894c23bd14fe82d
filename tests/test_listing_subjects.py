"""The table of listing subjects (articles.subjects) drives every surface: each kind of listing gets its page, its
feeds, its sitemap, the API's filter, its cache keys and their purge, with nothing else to wire up."""

import pytest
from django.test import Client
from django.urls import reverse

from articles import services, subjects
from articles.sitemaps import PAGE_SITEMAPS
from pagecache import purge
from tests.factories import AuthorFactory, PublishedArticleFactory, RegionFactory, SectionFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def filed():
    """A live story filed under one of each kind of subject."""
    section = SectionFactory(name="Weather", slug="weather")
    region = RegionFactory(name="Valley", slug="valley")
    topic = TopicFactory(name="Floods", slug="floods")
    author = AuthorFactory(name="Ruth Harbour", slug="ruth-harbour")
    story = PublishedArticleFactory(
        headline="River bursts its banks", section=section, regions=[region], topics=[topic], authors=[author]
    )
    return story, {"section": section, "region": region, "topic": topic, "author": author}


@pytest.mark.parametrize("kind", list(subjects.SUBJECTS))
def test_every_kind_of_listing_has_its_page_feed_sitemap_and_api_filter(settings, filed, kind):
    settings.NEWSROOM = {**settings.NEWSROOM, "SEND_SURROGATE_KEYS": True}
    story, subject_of = filed
    subject, reader = subject_of[kind], Client()

    page = reader.get(reverse(f"articles:{kind}", kwargs={"slug": subject.slug}))
    feed = reader.get(reverse(f"feeds:{kind}", kwargs={"slug": subject.slug, "fmt": "rss"}))
    api = reader.get(reverse("api:articles"), {kind: subject.slug})
    sitemap = reader.get(reverse("sitemap-section", kwargs={"section": f"{kind}s"}))

    assert page.status_code == 200 and "River bursts its banks" in page.text
    assert subjects.SUBJECTS[kind].listing_key(subject.pk) in page["xkey"].split()
    assert feed.status_code == 200 and "River bursts its banks" in feed.text
    assert [item["headline"] for item in api.json()["items"]] == ["River bursts its banks"]
    assert subject.get_absolute_url() in sitemap.text


def test_withdrawing_a_story_purges_every_listing_it_was_filed_in(filed, committed, monkeypatch):
    story, subject_of = filed
    purged = []
    monkeypatch.setattr(purge, "purge_now", purged.extend)

    committed(services.withdraw_article, article=story)

    for kind, subject in subject_of.items():
        assert subjects.SUBJECTS[kind].listing_key(subject.pk) in purged, kind


def test_every_listing_subject_has_its_sitemap():
    assert set(PAGE_SITEMAPS) == set(subjects.SUBJECTS)
