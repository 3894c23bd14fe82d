"""Listing pages show readers their feeds as links they can see and follow, not only as <link rel=alternate>."""

import re

import pytest
from django.urls import reverse

from tests.factories import AuthorFactory, PublishedArticleFactory, RegionFactory, SectionFactory, TopicFactory

pytestmark = pytest.mark.django_db


def visible_feed_links(html: str) -> dict[str, str]:
    block = re.search(r'<p class="feed-links">(.*?)</p>', html, re.S)
    assert block, "no visible feed links on the page"
    return {
        re.sub(r"<[^>]+>", "", label).strip(): href
        for href, label in re.findall(r'<a href="([^"]+)"[^>]*>(.*?)</a>', block.group(1), re.S)
    }


def test_home_shows_links_to_the_latest_feeds(client):
    PublishedArticleFactory()

    links = visible_feed_links(client.get(reverse("articles:home")).content.decode())

    assert links == {
        "RSS feed": reverse("feeds:latest", args=["rss"]),
        "Atom": reverse("feeds:latest", args=["atom"]),
        "JSON Feed": reverse("feeds:latest", args=["json"]),
    }


@pytest.mark.parametrize("kind", ["section", "region", "topic", "author"])
def test_each_listing_links_to_its_own_rss_and_atom_feeds(client, kind):
    section = SectionFactory(name="Coast", slug="coast-desk")
    region, topic, author = RegionFactory(slug="bay"), TopicFactory(slug="tides"), AuthorFactory(slug="jo-sea")
    PublishedArticleFactory(section=section, regions=[region], topics=[topic], authors=[author])
    subject = {"section": section, "region": region, "topic": topic, "author": author}[kind]

    response = client.get(subject.get_absolute_url())
    links = visible_feed_links(response.content.decode())

    assert links["RSS feed"] == reverse(f"feeds:{kind}", kwargs={"slug": subject.slug, "fmt": "rss"})
    assert links["Atom"] == reverse(f"feeds:{kind}", kwargs={"slug": subject.slug, "fmt": "atom"})
    assert f"Follow {subject.name}" in response.content.decode()
    assert client.get(links["RSS feed"]).status_code == 200, "the link leads to a feed"
