"""Degrade, don't fail: with the cache unreachable pages are served without it; with the database
unreachable readers get the styled 503 with Retry-After, /healthz says not ready, and both heal by themselves.

These run on both suites with no server stopped: the cache points at a port nothing listens on, and the
database outage is the connection refusing to make cursors. tests/test_fault_proxy.py does the same
through a real TCP proxy in front of Redis and PostgreSQL.
"""

import json
import logging
import socket

import pytest
from django.db import OperationalError, connection
from django.urls import reverse

from articles import outage
from newsroom import shared_cache as caching
from tests.factories import PublishedArticleFactory, RegionFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_outage_left_over():
    caching.forget_cache_outage()
    outage._last_logged["at"] = None
    yield
    caching.forget_cache_outage()


def public_urls(article) -> list[str]:
    region, topic = article.regions.first(), article.topics.first()
    return [
        reverse("articles:home"),
        article.get_absolute_url(),
        reverse("articles:section", kwargs={"slug": article.section.slug}),
        reverse("articles:region", kwargs={"slug": region.slug}),
        reverse("articles:topic", kwargs={"slug": topic.slug}),
        reverse("articles:search") + "?q=ferry",
        "/feeds/latest.rss",
        "/sitemap.xml",
        f"/sitemap-articles-{article.published_at:%Y-%m}.xml",
        "/sitemap-regions.xml",
        "/sitemap-news.xml",
    ]


@pytest.fixture
def story():
    return PublishedArticleFactory(headline="Ferry cancelled", regions=[RegionFactory()], topics=[TopicFactory()])


def unused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def unreachable_cache(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{unused_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }


def test_every_public_page_is_served_while_the_cache_is_unreachable(client, story, unreachable_cache):
    for url in public_urls(story):
        response = client.get(url)
        assert response.status_code == 200, url


def test_related_stories_still_show_while_the_cache_is_unreachable(client, unreachable_cache, monkeypatch):
    region = RegionFactory()
    story = PublishedArticleFactory(regions=[region])
    neighbour = PublishedArticleFactory(headline="Bridge reopens", regions=[region])
    monkeypatch.setattr(caching, "RETRY_SECONDS", 0)  # every cache read and write meets the error

    page = client.get(story.get_absolute_url())

    assert page.status_code == 200
    assert neighbour.headline in page.content.decode()


def test_a_cache_outage_is_logged_once_not_once_per_call(client, story, unreachable_cache, caplog, monkeypatch):
    monkeypatch.setattr(caching, "RETRY_SECONDS", 0)
    with caplog.at_level(logging.WARNING, logger="newsroom.shared_cache"):
        for _ in range(3):
            assert client.get(story.get_absolute_url()).status_code == 200

    assert len([r for r in caplog.records if r.name == "newsroom.shared_cache"]) == 1


@pytest.fixture
def urls(story):
    return public_urls(story)  # read while the database is still up


@pytest.fixture
def database_down(monkeypatch):
    """Every new cursor fails as psycopg and sqlite3 do when the server is gone; ``undo()`` brings it back."""

    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)
    return monkeypatch


def test_public_pages_answer_503_with_the_styled_page_while_the_database_is_down(client, urls, database_down):
    for url in urls:
        response = client.get(url)
        assert response.status_code == 503, url
        assert response["Retry-After"] == str(outage.RETRY_AFTER_SECONDS)
        assert "Back in a moment" in response.content.decode()
        assert response["Cache-Control"] == "no-store"


def test_an_outage_outside_a_view_is_a_503_too(rf):
    from articles.views.site import server_error

    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        response = server_error(rf.get("/"))

    assert response.status_code == 503 and response.has_header("Retry-After")


def test_healthz_says_not_ready_while_the_database_is_down_and_ready_again_after(client, story, database_down):
    down = client.get("/healthz")
    assert down.status_code == 503
    assert _checks(down) == {"ready": False, "database": "down", "cache": "ok"}
    assert client.get("/healthz?live").status_code == 200

    database_down.undo()

    up = client.get("/healthz")
    assert up.status_code == 200
    assert _checks(up) == {"ready": True, "database": "ok", "cache": "ok"}
    assert client.get(story.get_absolute_url()).status_code == 200


def test_healthz_reports_the_cache_down_but_stays_ready(client, unreachable_cache):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert _checks(response) == {"ready": True, "database": "ok", "cache": "down"}


def _checks(response) -> dict:
    """The readiness and the two checks these tests are about (/healthz also reports the workers, the queue, the
    version and what is degraded: tests/test_healthz_workers.py)."""
    body = json.loads(response.content)
    return {name: body[name] for name in ("ready", "database", "cache")}
