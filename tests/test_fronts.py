"""Home, section, region, topic and author pages, robots.txt: what they list and what they cost."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.views import listings
from tests.factories import (
    AuthorFactory,
    DraftArticleFactory,
    ImageFactory,
    PublishedArticleFactory,
    RegionFactory,
    ScheduledArticleFactory,
    SectionFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def ago(hours):
    return timezone.now() - timedelta(hours=hours)


def test_home_leads_with_the_newest_story_then_latest_then_a_block_per_section(client):
    sport = SectionFactory(name="Sport", slug="sport")
    older = [PublishedArticleFactory(headline=f"Older world story {n}", published_at=ago(20 + n)) for n in range(3)]
    latest = [PublishedArticleFactory(headline=f"Recent story {n}", published_at=ago(2 + n)) for n in range(8)]
    match = PublishedArticleFactory(headline="Cup final goes to extra time", section=sport, published_at=ago(30))
    lead = PublishedArticleFactory(headline="The newest story", published_at=ago(1), lead_image=ImageFactory())

    html = client.get(reverse("articles:home")).content.decode()

    front_lead = html.split('class="front-lead"')[1].split("</section>")[0]
    assert lead.headline in front_lead and 'fetchpriority="high"' in front_lead
    latest_block = html.split('id="latest-heading"')[1].split("</section>")[0]
    assert all(story.headline in latest_block for story in latest)
    sport_block = html.split('id="section-sport"')[1].split("</section>")[0]
    assert match.headline in sport_block
    world_block = html.split('id="section-world"')[1].split("</section>")[0]
    assert all(story.headline in world_block for story in older)
    assert html.count("Older world story 0") == 1, "a story shows once on the front"


def test_home_costs_the_same_queries_with_many_sections_and_stories(client, django_assert_max_num_queries):
    for n in range(6):
        section = SectionFactory(name=f"Desk {n}", slug=f"desk-{n}")
        for _ in range(10):  # more than the lead and latest can take from one desk
            PublishedArticleFactory(section=section, lead_image=ImageFactory(), authors=[AuthorFactory()])

    with django_assert_max_num_queries(12):
        response = client.get(reverse("articles:home"))

    assert response.status_code == 200 and response.content.decode().count('class="front-section"') == 6
    assert "public" in response["Cache-Control"]


def test_section_front_is_paginated_newest_first(client, settings, django_assert_max_num_queries):
    stories = [PublishedArticleFactory(headline=f"World story number {n:02d}", published_at=ago(n)) for n in range(25)]
    url = stories[0].section.get_absolute_url()

    with django_assert_max_num_queries(12):
        first = client.get(url)
    second = client.get(url, {"page": 2})

    html = first.content.decode()
    assert "<h1>Latest World News</h1>" in html
    assert html.index("World story number 00") < html.index("World story number 01")
    assert "World story number 20" not in html and "World story number 24" in second.content.decode()
    assert 'rel="next" href="?page=2"' in html


def test_region_page_includes_stories_tagged_with_places_inside_it(client, django_assert_max_num_queries):
    syria = RegionFactory(name="Syria", slug="syria")
    idlib = RegionFactory(name="Idlib", slug="idlib", parent=syria)
    elsewhere = RegionFactory(name="Peru", slug="peru")
    PublishedArticleFactory(headline="Story about the whole country", regions=[syria])
    PublishedArticleFactory(headline="Story about one province", regions=[idlib])
    PublishedArticleFactory(headline="Story from far away", regions=[elsewhere])

    with django_assert_max_num_queries(12):
        html = client.get(syria.get_absolute_url()).content.decode()
    idlib_html = client.get(idlib.get_absolute_url()).content.decode()

    assert "Story about the whole country" in html and "Story about one province" in html
    assert "Story from far away" not in html
    assert f'href="{idlib.get_absolute_url()}">Idlib</a>' in html
    assert "Story about the whole country" not in idlib_html
    assert f'href="{syria.get_absolute_url()}">Syria</a>' in idlib_html, "breadcrumbs climb the tree"


def test_topic_and_author_pages_list_their_stories(client, django_assert_max_num_queries):
    topic, author = TopicFactory(name="Elections"), AuthorFactory(name="Jane Doe")
    PublishedArticleFactory(headline="Polls open in the north", topics=[topic], authors=[author])
    PublishedArticleFactory(headline="Unrelated weather story")

    with django_assert_max_num_queries(12):
        topic_html = client.get(topic.get_absolute_url()).content.decode()
    author_html = client.get(author.get_absolute_url()).content.decode()

    assert "<h1>Elections</h1>" in topic_html and "Polls open in the north" in topic_html
    assert "Unrelated weather story" not in topic_html
    assert "<h1>Jane Doe</h1>" in author_html and "Polls open in the north" in author_html


def test_scheduled_story_appears_on_the_fronts_once_its_time_passes(client):
    story = ScheduledArticleFactory(headline="Embargoed results", published_at=timezone.now() + timedelta(hours=3))

    assert story.headline not in client.get(reverse("articles:home")).content.decode()
    with time_machine.travel(timezone.now() + timedelta(hours=4)):
        assert story.headline in client.get(reverse("articles:home")).content.decode()
        assert story.headline in client.get(story.section.get_absolute_url()).content.decode()
        assert client.get(story.get_absolute_url()).status_code == 200


def test_unknown_section_region_topic_and_author_are_not_found_in_the_site_layout(client):
    for url in ("/no-such-section/", "/region/nowhere/", "/topic/nothing/", "/author/nobody/"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert '<main id="main"' in response.content.decode()


def test_robots_txt_keeps_crawlers_out_of_admin_search_and_preview_and_names_the_sitemap(client):
    response = client.get(reverse("articles:robots"))

    lines = response.content.decode().splitlines()
    assert response["Content-Type"].startswith("text/plain")
    assert lines[0] == "User-agent: *"
    assert {"Disallow: /admin/", "Disallow: /search/", "Disallow: /preview/"} <= set(lines)
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def test_a_long_archive_counts_a_bounded_number_of_pages_and_deeper_pages_are_not_found(client, monkeypatch):
    monkeypatch.setattr(listings, "MAX_PAGES", 2)
    monkeypatch.setattr(listings.SectionView, "paginate_by", 2)
    stories = [PublishedArticleFactory(headline=f"World story number {n:02d}", published_at=ago(n)) for n in range(7)]
    url = stories[0].section.get_absolute_url()

    with CaptureQueriesContext(connection) as queries:
        second = client.get(url, {"page": 2})
    counts = [query["sql"] for query in queries.captured_queries if "COUNT(" in query["sql"].upper()]
    third = client.get(url, {"page": 3})

    html = second.content.decode()
    assert second.status_code == 200 and "World story number 02" in html
    assert "Page 2 of many" in html and 'rel="next"' not in html
    assert third.status_code == 404
    assert counts and all("LIMIT 5" in sql.upper() for sql in counts), "the count reads at most 2 pages and 1 row"


def test_a_short_archive_says_how_many_pages_it_has(client, monkeypatch):
    monkeypatch.setattr(listings.SectionView, "paginate_by", 2)
    stories = [PublishedArticleFactory(headline=f"World story number {n:02d}", published_at=ago(n)) for n in range(3)]

    html = client.get(stories[0].section.get_absolute_url()).content.decode()

    assert "Page 1 of 2" in html


def test_the_section_nav_marks_the_section_being_read(client):
    politics = SectionFactory(name="Politics", slug="politics")
    story = PublishedArticleFactory(section=politics)

    section_html = client.get(politics.get_absolute_url()).content.decode()
    article_html = client.get(story.get_absolute_url()).content.decode()
    home_html = client.get(reverse("articles:home")).content.decode()

    assert '<a href="/politics/" aria-current="page">Politics</a>' in section_html
    assert '<a href="/politics/" aria-current="true">Politics</a>' in article_html
    assert 'aria-current="page">Politics' not in home_html and 'aria-current="true"' not in home_html


def test_region_page_links_only_to_places_within_it_that_have_live_stories(client):
    syria = RegionFactory(name="Syria", slug="syria")
    idlib = RegionFactory(name="Idlib", slug="idlib", parent=syria)
    aleppo = RegionFactory(name="Aleppo", slug="aleppo", parent=syria)
    PublishedArticleFactory(headline="Story about one province", regions=[idlib])
    DraftArticleFactory(headline="Draft about another", regions=[aleppo])

    html = client.get(syria.get_absolute_url()).content.decode()

    assert f'href="{idlib.get_absolute_url()}">Idlib</a>' in html
    assert "Aleppo" not in html
    assert client.get(aleppo.get_absolute_url()).status_code == 404


def test_listings_never_read_the_story_bodies(client):
    story = PublishedArticleFactory(body="<p>" + "A very long body. " * 2000 + "</p>")

    with CaptureQueriesContext(connection) as queries:
        assert client.get(story.section.get_absolute_url()).status_code == 200

    assert not [query for query in queries.captured_queries if '"articles_article"."body"' in query["sql"]]
