"""One build per surge in Django's page cache: while one request rebuilds a missing or purged page the others get the
stale copy or wait for it, a page taken down is never served stale, and with the database down a stale page is
served rather than a 503."""

import threading
import time
from datetime import timedelta

import pytest
import time_machine
from django.db import OperationalError, connection
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control

from articles import services
from articles.models import Article
from pagecache import keys as surrogate_keys
from pagecache import pages, surge
from pagecache.middleware import PublicPageMiddleware
from tests.factories import DraftArticleFactory, PublishedArticleFactory

NOW = timezone.now().replace(microsecond=0) + timedelta(days=3)


@pytest.fixture
def page_cache(settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "PAGE_CACHE": True}


class SlowPage:
    """A view that takes a while to build, counts its builds, and shows the version it is told."""

    def __init__(self, seconds: float = 0.2):
        self.seconds, self.builds, self.version, self.cache_control = seconds, 0, "v1", {"public": True}
        self._lock = threading.Lock()

    def __call__(self, request):
        with self._lock:
            self.builds += 1
            version = self.version
        surrogate_keys.record("k1")
        time.sleep(self.seconds)
        response = HttpResponse(f"page {version}")
        patch_cache_control(response, max_age=60, s_maxage=3600, stale_while_revalidate=300, **self.cache_control)
        return response


def get(middleware, path="/surge/"):
    return middleware(RequestFactory().get(path))


def hold_lock(path="/surge/") -> str:
    token = surge.claim(pages.lookup(RequestFactory().get(path)).key)
    assert token, "the page's build lock was free"
    return token


def in_parallel(how_many: int, call) -> list:
    answers, start = [None] * how_many, threading.Barrier(how_many)

    def run(n):
        start.wait()
        answers[n] = call()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(how_many)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def test_twenty_readers_of_a_page_nobody_has_built_cause_one_build(page_cache):
    view = SlowPage()
    middleware = PublicPageMiddleware(view)

    answers = in_parallel(20, lambda: get(middleware))

    assert view.builds == 1
    assert {answer.content for answer in answers} == {b"page v1"}
    assert sum(answer.get("X-Page-Cache") is None for answer in answers) == 1  # the builder's; the rest were hits


def test_while_a_purged_page_is_rebuilt_the_other_readers_get_the_stale_copy_marked_so_nobody_keeps_it(page_cache):
    view = SlowPage(seconds=0.5)
    middleware = PublicPageMiddleware(view)
    get(middleware)
    pages.purge_keys(["k1"])
    view.version = "v2"

    builder = threading.Thread(target=get, args=(middleware,))
    builder.start()
    while view.builds < 2:
        time.sleep(0.005)
    meanwhile = get(middleware)
    builder.join()
    after = get(middleware)

    assert view.builds == 2
    assert meanwhile.content == b"page v1" and meanwhile["X-Page-Cache"] == "stale"
    assert "public" not in meanwhile["Cache-Control"] and "max-age=0" in meanwhile["Cache-Control"]
    assert after.content == b"page v2" and after["X-Page-Cache"] == "hit"


def test_a_reader_waits_for_the_build_when_there_is_no_stale_copy(page_cache):
    view = SlowPage(seconds=0.3)
    middleware = PublicPageMiddleware(view)
    builder = threading.Thread(target=get, args=(middleware,))
    builder.start()
    while view.builds < 1:
        time.sleep(0.005)

    waited = get(middleware)
    builder.join()

    assert view.builds == 1 and waited.content == b"page v1" and waited["X-Page-Cache"] == "hit"


def test_a_reader_whose_wait_ends_just_as_the_build_is_stored_does_not_build_the_page_again(page_cache, monkeypatch):
    view = SlowPage(seconds=0)
    middleware = PublicPageMiddleware(view)
    held = hold_lock()  # another request is building the page
    real_claim, claims = surge.claim, []

    def claim(key):
        claims.append(key)
        if len(claims) == 2:  # the waiting reader's next try: the other build lands and lets go just before it
            surge.release(key, held)
            get(middleware)
        return real_claim(key)

    monkeypatch.setattr(surge, "claim", claim)
    answer = get(middleware)

    assert view.builds == 1 and answer.content == b"page v1" and answer["X-Page-Cache"] == "hit"


def test_a_page_that_cannot_be_stored_is_built_by_everyone_without_waiting(page_cache, monkeypatch):
    view = SlowPage(seconds=0)
    view.cache_control = {"public": False, "private": True}
    middleware = PublicPageMiddleware(view)
    get(middleware)
    hold_lock()

    def no_waiting(*args, **kwargs):
        raise AssertionError("a reader waited for a page nobody can store")

    monkeypatch.setattr(surge, "wait", no_waiting)
    get(middleware)

    assert view.builds == 2


def test_a_builder_that_never_finishes_holds_nobody_for_long(page_cache, monkeypatch):
    monkeypatch.setattr(surge, "WAIT_SECONDS", 0.05)
    view = SlowPage(seconds=0)
    middleware = PublicPageMiddleware(view)
    hold_lock()  # taken by a process that died

    assert get(middleware).content == b"page v1" and view.builds == 1


# --- which purges leave a stale copy servable: through the real site ---


@pytest.mark.django_db
def test_after_a_publish_the_old_front_page_may_be_served_while_it_is_rebuilt(page_cache, committed):
    PublishedArticleFactory(headline="Markets steady")
    draft = DraftArticleFactory(headline="Budget unveiled")
    reader, home = Client(), reverse("articles:home")
    reader.get(home)

    committed(services.publish_article, article=Article.objects.get(pk=draft.pk))
    hold_lock(home)
    meanwhile = reader.get(home)

    assert meanwhile["X-Page-Cache"] == "stale" and "Markets steady" in meanwhile.text
    assert "Budget unveiled" not in meanwhile.text


@pytest.mark.django_db
@pytest.mark.parametrize("takedown", ["withdraw", "delete", "reschedule"])
def test_a_story_taken_down_is_never_served_stale_anywhere_it_showed(page_cache, committed, monkeypatch, takedown):
    monkeypatch.setattr(surge, "WAIT_SECONDS", 0.05)
    story = PublishedArticleFactory(headline="Rights-limited photo essay")
    reader, home, page = Client(), reverse("articles:home"), story.get_absolute_url()
    reader.get(home)
    reader.get(page)

    if takedown == "withdraw":
        committed(services.withdraw_article, article=story)
    elif takedown == "delete":
        committed(Article.objects.get(pk=story.pk).delete)
    else:
        committed(services.publish_article, article=story, at=timezone.now() + timedelta(days=1))
    for url in (home, page):
        hold_lock(url)  # someone else is rebuilding it: still no stale copy
        answer = reader.get(url)
        assert answer.get("X-Page-Cache") != "stale", url
        assert "Rights-limited photo essay" not in answer.text, url


# --- stale-if-error: the database down ---


@pytest.fixture
def database_down(monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    def cut():
        monkeypatch.setattr(connection, "cursor", refuse)

    return cut


@pytest.mark.django_db
def test_with_the_database_down_an_expired_page_is_served_stale_rather_than_a_503(page_cache, database_down):
    with time_machine.travel(NOW, tick=False) as clock:
        story = PublishedArticleFactory(headline="Markets steady", published_at=NOW - timedelta(hours=1))
        reader, home = Client(), reverse("articles:home")
        reader.get(home)
        reader.get(story.get_absolute_url())
        never_cached = story.section.get_absolute_url()

        clock.shift(timedelta(seconds=3600 + 60))  # past the hour shared caches keep a page, within stale-if-error
        database_down()
        answer = reader.get(home)

        assert answer.status_code == 200 and "Markets steady" in answer.text
        assert answer["X-Page-Cache"] == "stale" and int(answer["Age"]) >= 3600 + 60
        assert reader.get(story.get_absolute_url()).status_code == 200
        assert reader.get(never_cached).status_code == 503  # nothing to fall back on

        clock.shift(timedelta(minutes=10))  # past stale-if-error too
        assert reader.get(home).status_code == 503


@pytest.mark.django_db
def test_with_the_database_down_a_withdrawn_storys_old_page_is_not_served(page_cache, committed, database_down):
    story = PublishedArticleFactory(headline="Rights-limited photo essay")
    reader = Client()
    reader.get(story.get_absolute_url())
    committed(services.withdraw_article, article=story)

    database_down()
    answer = reader.get(story.get_absolute_url())

    assert answer.status_code == 503 and "Rights-limited photo essay" not in answer.text
