"""The page cache's in-process tier on a real Redis: hits with no round trip, and never a page Redis would not serve."""

import time

import pytest
import redis
from django.test import Client

from articles import services
from pagecache import memory as page_memory
from pagecache import pages as page_cache
from tests.admin_forms import article_form_data, change_url
from tests.factories import PublishedArticleFactory

pytestmark = pytest.mark.django_db
REDIS_URL = "redis://127.0.0.1:6379/14"


def _redis_is_up() -> bool:
    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        return False


@pytest.fixture
def redis_pages(settings):
    if not _redis_is_up():
        pytest.skip("no Redis on 127.0.0.1:6379 (the page memory tier follows purges through Redis pub/sub)")
    redis.Redis.from_url(REDIS_URL).flushdb()
    settings.CACHES = {"default": {"BACKEND": "newsroom.redis_cache.RedisCache", "LOCATION": REDIS_URL}}
    settings.NEWSROOM = {**settings.NEWSROOM, "PAGE_CACHE": True, "PAGE_MEMORY_BYTES": 8 * 1024**2}
    page_memory.reset()  # this test's own store and listener
    yield
    page_memory.reset()


def _listening() -> page_memory.PageMemory:
    store = page_memory.memory()
    assert store.connected.wait(3), "the purge listener did not connect to Redis"
    return store


def _until(condition, seconds=2.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return condition()


def test_a_hit_from_memory_asks_redis_nothing(redis_pages, monkeypatch):
    story = PublishedArticleFactory(headline="Harbour wall repaired")
    reader = Client()
    _listening()
    assert reader.get(story.get_absolute_url()).get("X-Page-Cache") is None  # built and stored

    def no_redis(*args, **kwargs):
        raise AssertionError("a memory hit asked Redis")

    monkeypatch.setattr(page_cache, "cache_get_many", no_redis)
    hit = reader.get(story.get_absolute_url())

    assert hit.get("X-Page-Cache") == "hit" and b"Harbour wall repaired" in hit.content


def test_a_purge_reaches_every_process_memory_and_the_next_reader_sees_the_change(
    redis_pages, committed, editor_client
):
    story = PublishedArticleFactory(headline="Harbour wall repaired")
    reader = Client()
    store = _listening()
    reader.get(story.get_absolute_url())
    assert reader.get(story.get_absolute_url()).get("X-Page-Cache") == "hit"
    before = store.last_purge

    committed(
        editor_client.post,
        change_url(story),
        article_form_data(story, headline="Harbour wall repaired ahead of storms", _publish_pending="1"),
    )
    assert _until(lambda: store.last_purge != before), "the purge was not heard"

    page = reader.get(story.get_absolute_url())
    assert b"ahead of storms" in page.content

    heard = store.last_purge
    committed(services.withdraw_article, article=story, user=None)
    assert _until(lambda: store.last_purge != heard)
    assert reader.get(story.get_absolute_url()).status_code == 410


def test_without_the_listener_every_hit_is_checked_in_redis(redis_pages, monkeypatch):
    story = PublishedArticleFactory(headline="Harbour wall repaired")
    reader = Client()
    store = _listening()
    reader.get(story.get_absolute_url())
    store.connected.clear()  # as while Redis restarts: purges could be missed
    asked = []
    real = page_cache.cache_get_many
    monkeypatch.setattr(page_cache, "cache_get_many", lambda keys: asked.append(1) or real(keys))

    assert reader.get(story.get_absolute_url()).get("X-Page-Cache") == "hit"
    assert asked, "a hit was served from memory with nobody listening for purges"


def test_the_memory_keeps_to_its_byte_budget():
    store = page_memory.PageMemory(max_bytes=10_000)
    for n in range(20):
        store.put(f"page{n}", {"content": b"x" * 1_000})

    assert store.get("page0") is None and store.get("page19") is not None
    assert store._bytes <= 10_000
