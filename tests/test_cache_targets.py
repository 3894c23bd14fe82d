"""Each cache in front gets the keys in the header it reads, and its purge names keys that cached pages carry:
Varnish (xkey), Fastly (Surrogate-Key), Cloudflare (comma-separated Cache-Tag)."""

import json

import pytest
from django.test import Client

from articles import services
from pagecache import backends
from pagecache.backends import cloudflare
from tests.factories import PublishedArticleFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cloudflare_in_front(settings, monkeypatch):
    settings.NEWSROOM = {
        **settings.NEWSROOM,
        "CLOUDFLARE_API_TOKEN": "cf-token",
        "CLOUDFLARE_ZONE_ID": "zone1",
        "SEND_SURROGATE_KEYS": True,
    }
    sent = []
    monkeypatch.setattr(cloudflare, "send", sent.append)
    return sent


def test_pages_behind_cloudflare_carry_the_cache_tags_its_purges_name(cloudflare_in_front, committed):
    floods = TopicFactory(name="Floods")
    story = PublishedArticleFactory(headline="River bursts its banks", topics=[floods])

    page = Client().get(story.get_absolute_url())
    tags = page["Cache-Tag"].split(",")
    listing = Client().get(floods.get_absolute_url())
    committed(services.withdraw_article, article=story)

    assert f"a{story.pk}" in tags and f"tn{floods.pk}" in tags and "site" in tags  # the story, the topic's name
    assert f"t{floods.pk}" in listing["Cache-Tag"].split(",")  # the topic's page lists its stories
    assert " " not in page["Cache-Tag"]  # Cloudflare separates tags with commas
    purged = {tag for request in cloudflare_in_front for tag in json.loads(request.data)["tags"]}
    assert {f"a{story.pk}", f"t{floods.pk}", "latest"} <= purged  # both cached pages carry a purged tag


def test_each_target_declares_its_own_header(settings):
    settings.NEWSROOM = {
        **settings.NEWSROOM,
        "VARNISH_PURGE_URLS": ["http://127.0.0.1:6081/"],
        "FASTLY_API_TOKEN": "t",
        "FASTLY_SERVICE_ID": "s",
        "CLOUDFLARE_API_TOKEN": "t",
        "CLOUDFLARE_ZONE_ID": "z",
    }

    headers = backends.response_headers({"a1", "latest", "t7"})

    assert headers == {"xkey": "a1 latest t7", "Surrogate-Key": "a1 latest t7", "Cache-Tag": "a1,latest,t7"}


def test_without_a_target_configured_the_common_key_headers_are_sent_when_asked(settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "SEND_SURROGATE_KEYS": True}

    assert backends.response_headers({"a1", "site"}) == {"xkey": "a1 site", "Surrogate-Key": "a1 site"}
