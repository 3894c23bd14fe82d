"""The same outages through a real TCP proxy (tests/faultproxy.py) in front of Redis and PostgreSQL:
cache down → pages 200; database down → 503 with the page and Retry-After, /healthz not ready; both back →
200, with nothing restarted. The servers themselves are never touched. Nothing here is timed: a test asserts
what happened (how many requests the proxy held, which error the app met), so a loaded machine is only slower.

The Redis test needs a Redis on 127.0.0.1:6379 and runs on both suites; the PostgreSQL one needs
DATABASE_URL to be PostgreSQL (the test database is reached through the proxy by repointing the connection).
"""

import json
import logging
import os
import socket

import pytest
from django.db import connection
from django.urls import reverse

from newsroom import shared_cache
from tests.factories import PublishedArticleFactory, RegionFactory, TopicFactory
from tests.faultproxy import FaultProxy

REDIS = ("127.0.0.1", 6379)


def _listening(address) -> bool:
    try:
        socket.create_connection(address, timeout=0.5).close()
    except OSError:
        return False
    return True


needs_redis = pytest.mark.skipif(
    not _listening(REDIS), reason="no Redis on 127.0.0.1:6379 to put the proxy in front of"
)
needs_postgresql = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
    reason="the database proxy test needs DATABASE_URL to be PostgreSQL",
)


class PauseClock:
    """The clock the cache's pause after a failure is measured by, moved on by the test instead of slept through.
    The sockets' own timeouts keep the real clock."""

    def __init__(self):
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now

    def past_the_pause(self) -> None:
        # Past the log's quiet time too, so the next failure is logged (and its kind can be read).
        self.now += shared_cache.RETRY_SECONDS + shared_cache.LOG_SECONDS + 1


@pytest.fixture(autouse=True)
def pause_clock(monkeypatch):
    shared_cache.forget_cache_outage()
    clock = PauseClock()
    monkeypatch.setattr(shared_cache, "time", clock)
    yield clock
    shared_cache.forget_cache_outage()


@pytest.fixture
def story(db):
    return PublishedArticleFactory(headline="Ferry cancelled", regions=[RegionFactory()], topics=[TopicFactory()])


@pytest.fixture
def redis_proxy(settings):
    with FaultProxy(*REDIS) as proxy:
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                # A database number and prefix of its own: nothing here is flushed, nothing collides.
                "LOCATION": f"redis://127.0.0.1:{proxy.port}/9",
                "KEY_PREFIX": f"fault-test-{os.getpid()}",
                "TIMEOUT": 60,
                "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
            }
        }
        yield proxy


@needs_redis
@pytest.mark.django_db
def test_pages_are_served_while_redis_is_cut_slow_or_reset_and_use_it_again_after(
    client, story, redis_proxy, pause_clock, caplog
):
    from django.core.cache import cache

    caplog.set_level(logging.WARNING, logger=shared_cache.logger.name)
    url = story.get_absolute_url()
    assert client.get(url).status_code == 200

    redis_proxy.cut()
    assert client.get(url).status_code == 200
    assert client.get(reverse("articles:home")).status_code == 200
    assert client.get("/sitemap.xml").status_code == 200
    assert json.loads(client.get("/healthz").content)["cache"] == "down"
    assert "ConnectionError" in caplog.text  # refused at once: a cut costs no timeout

    redis_proxy.restore()
    redis_proxy.delay = 2.0  # a Redis that hangs: it accepts, then holds every request past the socket timeout
    pause_clock.past_the_pause()
    caplog.clear()
    assert client.get(url).status_code == 200
    # The page waited on the hung Redis once: that one timeout paused the cache, and every later cache call of the
    # page skipped it instead of waiting its own timeout. (Held requests are counted as they arrive.)
    assert redis_proxy.wait_until_held(1)
    assert redis_proxy.held == 1
    assert "TimeoutError" in caplog.text

    redis_proxy.restore()
    redis_proxy.reset()  # pooled connections die under the app's feet
    pause_clock.past_the_pause()
    assert client.get(url).status_code == 200

    pause_clock.past_the_pause()
    cache.set("fault-test:probe", "back", 30)
    assert client.get(url).status_code == 200
    assert cache.get("fault-test:probe") == "back"
    assert json.loads(client.get("/healthz").content)["cache"] == "ok"
    assert redis_proxy.held == 1  # nothing held once the delay was lifted


@pytest.fixture
def database_proxy(transactional_db):
    """The test database (committed rows: a new connection must see them) reached through the proxy."""
    settings_dict = connection.settings_dict
    real = {"HOST": settings_dict["HOST"], "PORT": settings_dict["PORT"]}
    with FaultProxy(real["HOST"] or "127.0.0.1", real["PORT"] or 5432) as proxy:
        connection.close()
        settings_dict.update(HOST="127.0.0.1", PORT=str(proxy.port))
        try:
            yield proxy
        finally:
            # Put back by hand, before transactional_db's flush (monkeypatch would undo it only after).
            connection.close()
            settings_dict.update(real)


@needs_postgresql
def test_a_database_cut_answers_503_and_not_ready_then_recovers_without_a_restart(client, story, database_proxy):
    url = story.get_absolute_url()
    assert client.get(url).status_code == 200
    assert client.get("/healthz").status_code == 200

    database_proxy.cut()
    for address in (url, reverse("articles:home"), reverse("articles:search") + "?q=ferry", "/feeds/latest.rss"):
        response = client.get(address)
        assert response.status_code == 503, address
        assert response.has_header("Retry-After")
        assert "Back in a moment" in response.content.decode()
    health = client.get("/healthz")
    assert health.status_code == 503
    assert json.loads(health.content)["database"] == "down"

    database_proxy.restore()
    assert client.get(url).status_code == 200
    assert client.get("/healthz").status_code == 200


@needs_postgresql
def test_a_database_connection_reset_mid_session_is_a_503_then_heals(client, story, database_proxy):
    url = story.get_absolute_url()
    assert client.get(url).status_code == 200

    database_proxy.reset()  # the open, pooled connection dies; the port still accepts
    first = client.get(url)

    assert first.status_code in {200, 503}  # the health check may already replace the dead connection
    assert client.get(url).status_code == 200
