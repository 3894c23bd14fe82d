"""Sitemaps as a crawler reads them: the index, monthly story sitemaps, listing pages and the Google News sitemap."""

from datetime import datetime, timedelta
from urllib.parse import urlparse

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from lxml import etree

from articles import sitemaps
from articles.services import withdraw_article
from tests.factories import (
    AuthorFactory,
    DraftArticleFactory,
    PublishedArticleFactory,
    RegionFactory,
    ScheduledArticleFactory,
    SectionFactory,
    TopicFactory,
    WithdrawnArticleFactory,
)

pytestmark = pytest.mark.django_db

NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}


def read_xml(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    assert response["Content-Type"].startswith("application/xml")
    return etree.fromstring(response.content)


def sitemap_paths(client):
    """Every sitemap the index names, as paths on this site."""
    index = read_xml(client, "/sitemap.xml")
    paths = []
    for loc in index.findall("s:sitemap/s:loc", NS):
        url = urlparse(loc.text)
        assert url.scheme == "http" and url.netloc == "testserver"  # the address readers used, not a stored one
        paths.append(url.path + (f"?{url.query}" if url.query else ""))
    return paths


def locations(client, path):
    return [urlparse(loc.text).path for loc in read_xml(client, path).findall("s:url/s:loc", NS)]


def every_listed_path(client):
    return [loc for path in sitemap_paths(client) for loc in locations(client, path)]


def local(moment):
    return timezone.make_aware(datetime(*moment))


def test_the_index_lives_where_robots_txt_points():
    assert reverse("sitemap-index") == "/sitemap.xml"


def test_robots_txt_names_the_index_and_the_news_sitemap(client):
    lines = client.get(reverse("articles:robots")).content.decode().splitlines()

    assert [line for line in lines if line.startswith("Sitemap:")] == [
        "Sitemap: http://testserver/sitemap.xml",
        "Sitemap: http://testserver/sitemap-news.xml",
    ]


def test_the_index_lists_the_news_sitemap_dated_by_its_newest_edit(client):
    with time_machine.travel(timezone.now() - timedelta(hours=3), tick=False):
        story = PublishedArticleFactory(headline="Bridge reopens")
    PublishedArticleFactory(published_at=timezone.now() - timedelta(days=5))  # out of the window, in its month

    index = read_xml(client, "/sitemap.xml")

    (entry,) = [
        row for row in index.findall("s:sitemap", NS) if row.findtext("s:loc", namespaces=NS).endswith("news.xml")
    ]
    assert urlparse(entry.findtext("s:loc", namespaces=NS)).path == reverse("sitemap-news")
    assert datetime.fromisoformat(entry.findtext("s:lastmod", namespaces=NS)) == story.updated_at
    news = read_xml(client, reverse("sitemap-news"))  # the Google News sitemap, not a plain one of the same name
    assert news.findtext("s:url/news:news/news:title", namespaces=NS) == "Bridge reopens"


def test_an_empty_news_sitemap_is_listed_too(client):
    PublishedArticleFactory(published_at=local((2025, 1, 5, 9)))

    assert "/sitemap-news.xml" in sitemap_paths(client)
    assert read_xml(client, "/sitemap-news.xml").findall("s:url", NS) == []


def test_index_names_the_listing_sitemaps_and_one_sitemap_per_month(client):
    PublishedArticleFactory(published_at=local((2026, 1, 15, 12)))
    PublishedArticleFactory(published_at=local((2026, 3, 2, 12)))

    assert sitemap_paths(client) == [
        "/sitemap-news.xml",
        "/sitemap-sections.xml",
        "/sitemap-regions.xml",
        "/sitemap-topics.xml",
        "/sitemap-authors.xml",
        "/sitemap-articles-2026-03.xml",
        "/sitemap-articles-2026-01.xml",
    ]


def test_month_sitemap_lists_its_live_stories_with_the_date_of_their_last_edit(client):
    live = PublishedArticleFactory(published_at=local((2026, 3, 2, 12)))
    other_month = PublishedArticleFactory(published_at=local((2026, 2, 27, 12)))
    with time_machine.travel(local((2026, 3, 20, 9)), tick=False):
        live.standfirst = "Corrected."
        live.save()

    document = read_xml(client, "/sitemap-articles-2026-03.xml")

    assert [urlparse(loc.text).path for loc in document.findall("s:url/s:loc", NS)] == [live.get_absolute_url()]
    assert document.findtext("s:url/s:lastmod", namespaces=NS) == "2026-03-20"
    assert other_month.get_absolute_url() in locations(client, "/sitemap-articles-2026-02.xml")


def test_months_follow_the_site_time_zone(client, settings):
    settings.TIME_ZONE = "Europe/London"
    # 23:30 UTC on 31 March is 00:30 on 1 April in London (summer time).
    article = PublishedArticleFactory(published_at=datetime(2026, 3, 31, 23, 30, tzinfo=timezone.UTC))

    assert "/sitemap-articles-2026-04.xml" in sitemap_paths(client)
    assert locations(client, "/sitemap-articles-2026-04.xml") == [article.get_absolute_url()]
    assert client.get("/sitemap-articles-2026-03.xml").status_code == 404


@pytest.mark.parametrize("path", ["/sitemap-articles-1999-01.xml", "/sitemap-articles-2026-13.xml", "/sitemap-x.xml"])
def test_unknown_or_empty_sitemaps_are_not_found(client, path):
    PublishedArticleFactory()
    assert client.get(path).status_code == 404


def test_draft_scheduled_and_withdrawn_stories_appear_in_no_sitemap(client):
    region, topic, author = RegionFactory(), TopicFactory(), AuthorFactory()
    tags = {"regions": [region], "topics": [topic], "authors": [author]}
    live = PublishedArticleFactory(headline="Live", **tags)
    hidden = [
        DraftArticleFactory(headline="Draft", **tags),
        ScheduledArticleFactory(headline="Scheduled", **tags),
        WithdrawnArticleFactory(headline="Withdrawn", published_at=timezone.now() - timedelta(hours=3), **tags),
    ]

    listed = every_listed_path(client)

    assert listed.count(live.get_absolute_url()) == 2  # its month and the news sitemap
    assert not {article.get_absolute_url() for article in hidden} & set(listed)


def test_listing_sitemaps_name_only_pages_with_live_stories(client):
    world, empty_section = SectionFactory(name="World", slug="world"), SectionFactory(name="Sport", slug="sport")
    live_topic, draft_topic = TopicFactory(slug="floods"), TopicFactory(slug="secret")
    writer, unpublished_writer = AuthorFactory(slug="jane"), AuthorFactory(slug="john")
    PublishedArticleFactory(section=world, topics=[live_topic], authors=[writer])
    DraftArticleFactory(section=empty_section, topics=[draft_topic], authors=[unpublished_writer])

    assert locations(client, "/sitemap-sections.xml") == [world.get_absolute_url()]
    assert locations(client, "/sitemap-topics.xml") == [live_topic.get_absolute_url()]
    assert locations(client, "/sitemap-authors.xml") == [writer.get_absolute_url()]


def test_a_story_in_a_child_region_puts_its_parent_region_in_the_sitemap(client):
    middle_east = RegionFactory(slug="middle-east")
    syria = RegionFactory(slug="syria", parent=middle_east)
    RegionFactory(slug="europe")
    with time_machine.travel(local((2026, 5, 4, 10)), tick=False):
        PublishedArticleFactory(regions=[syria])

    document = read_xml(client, "/sitemap-regions.xml")

    listed = {
        urlparse(url.findtext("s:loc", namespaces=NS)).path: url.findtext("s:lastmod", namespaces=NS)
        for url in document.findall("s:url", NS)
    }
    assert listed == {middle_east.get_absolute_url(): "2026-05-04", syria.get_absolute_url(): "2026-05-04"}


def test_news_sitemap_carries_the_last_48_hours_with_publication_details(client):
    with time_machine.travel(local((2026, 6, 10, 12)), tick=False):
        recent = PublishedArticleFactory(headline="Bridge & tunnel reopen", published_at=local((2026, 6, 9, 13)))
        PublishedArticleFactory(headline="Older story", published_at=local((2026, 6, 8, 11)))
        ScheduledArticleFactory(headline="Tomorrow's story")

        document = read_xml(client, "/sitemap-news.xml")

    urls = document.findall("s:url", NS)
    assert [urlparse(url.findtext("s:loc", namespaces=NS)).path for url in urls] == [recent.get_absolute_url()]
    news = urls[0].find("news:news", NS)
    assert news.findtext("news:publication/news:name", namespaces=NS) == settings.NEWSROOM["SITE_NAME"]
    assert news.findtext("news:publication/news:language", namespaces=NS) == settings.NEWSROOM["SITE_LANGUAGE"]
    assert news.findtext("news:title", namespaces=NS) == "Bridge & tunnel reopen"
    published = datetime.fromisoformat(news.findtext("news:publication_date", namespaces=NS))
    assert published == recent.published_at


def test_scheduled_story_enters_the_sitemaps_once_its_time_passes(client):
    with time_machine.travel(local((2026, 7, 1, 8)), tick=False):
        article = ScheduledArticleFactory(published_at=local((2026, 7, 1, 10)))
        assert article.get_absolute_url() not in every_listed_path(client)
    with time_machine.travel(local((2026, 7, 1, 10, 1)), tick=False):
        assert every_listed_path(client).count(article.get_absolute_url()) == 2


def test_a_long_month_is_split_into_pages(client, monkeypatch):
    monkeypatch.setattr(sitemaps.ArticleMonthSitemap, "limit", 2)
    stories = [PublishedArticleFactory(published_at=local((2026, 2, day, 9))) for day in (1, 2, 3)]

    assert "/sitemap-articles-2026-02.xml?p=2" in sitemap_paths(client)
    first, second = (
        locations(client, "/sitemap-articles-2026-02.xml"),
        locations(client, "/sitemap-articles-2026-02.xml?p=2"),
    )
    assert first + second == [article.get_absolute_url() for article in stories]
    assert client.get("/sitemap-articles-2026-02.xml?p=3").status_code == 404


def _index_queries(client):
    client.get("/sitemap.xml")
    with CaptureQueriesContext(connection) as queries:
        client.get("/sitemap.xml")
    return len(queries)


def test_the_index_costs_the_same_queries_however_many_months_it_spans(client):
    PublishedArticleFactory(published_at=local((2025, 1, 5, 9)), regions=[RegionFactory()], topics=[TopicFactory()])
    one_month = _index_queries(client)
    for month in range(2, 13):
        PublishedArticleFactory(published_at=local((2025, month, 5, 9)), regions=[RegionFactory()])

    assert len(sitemap_paths(client)) == 5 + 12
    assert _index_queries(client) == one_month


def test_syndicated_copy_with_its_original_elsewhere_is_left_to_the_originals_sitemap(client):
    own = PublishedArticleFactory(headline="Our story")
    syndicated = PublishedArticleFactory(headline="Their story", canonical_url="https://agency.example.net/story")

    listed = every_listed_path(client)

    assert listed.count(own.get_absolute_url()) == 2
    assert syndicated.get_absolute_url() not in listed


def test_the_index_reads_the_archive_once_then_answers_from_the_cache(client):
    PublishedArticleFactory(published_at=local((2025, 1, 5, 9)), regions=[RegionFactory()], topics=[TopicFactory()])
    client.get("/sitemap.xml")

    with CaptureQueriesContext(connection) as queries:
        assert client.get("/sitemap.xml").status_code == 200
        assert client.get("/sitemap-topics.xml").status_code == 200

    assert len(queries) == 2, "one indexed look-up of the newest publish time per request, no grouping"


def test_a_withdrawal_or_a_new_story_shows_in_the_cached_sitemaps_at_once(client):
    kept = PublishedArticleFactory(published_at=local((2025, 3, 5, 9)))
    leaving = PublishedArticleFactory(published_at=local((2025, 1, 5, 9)), topics=[TopicFactory(slug="floods")])
    assert "/sitemap-articles-2025-01.xml" in sitemap_paths(client)
    assert locations(client, "/sitemap-topics.xml") == ["/topic/floods/"]

    withdraw_article(article=leaving)  # not the newest story: only the save tells the cache

    assert "/sitemap-articles-2025-01.xml" not in sitemap_paths(client)
    assert locations(client, "/sitemap-topics.xml") == []
    fresh = PublishedArticleFactory(section=SectionFactory(name="Sport", slug="sport"))
    assert sorted(locations(client, "/sitemap-sections.xml")) == ["/sport/", kept.section.get_absolute_url()]
    assert fresh.get_absolute_url() in every_listed_path(client)
