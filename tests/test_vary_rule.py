"""Readers' pages never read the session: with editors' second factor required (production's default), every public
page is the same for everyone, carries no ``Vary: Cookie`` and comes from the page cache with no query, while the
desk stays behind the second factor for anyone with a session."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory
from tests.test_visibility import PUBLIC_URLS, world  # noqa: F401  (the world of stories every public URL shows)

pytestmark = pytest.mark.django_db


@pytest.fixture
def production_logins(settings):
    settings.NEWSROOM_REQUIRE_2FA = True


@pytest.fixture
def page_cache(settings, production_logins):
    settings.NEWSROOM = {**settings.NEWSROOM, "PAGE_CACHE": True, "SEND_SURROGATE_KEYS": True}


def _vary(response) -> set[str]:
    return {part.strip().lower() for part in response.get("Vary", "").split(",") if part.strip()}


# Every public route of tests/test_visibility.py (a new one joins by being added there), but the API's own
# documentation, which is not a page readers read.
NOT_CACHED = {"api:openapi-json", "api:openapi-view"}
# Public pages drawn afresh for every reader on purpose, never from a cache: the newsletter sign-up form carries a
# signed stamp of the moment it was drawn (newsletters.tokens.stamp), which its anti-bot check reads.
DRAWN_PER_REQUEST = {"newsletters:signup"}


def _public_urls(world, *, skip=NOT_CACHED) -> list[str]:  # noqa: F811
    urls = [url for route, build in PUBLIC_URLS.items() if route not in skip for url in build(world)]
    return list(dict.fromkeys(urls))


def test_every_public_page_is_a_cache_hit_with_no_query_and_no_vary_on_cookie(
    page_cache,
    world,  # noqa: F811
    django_assert_num_queries,
):
    reader = Client()
    hidden = {story.get_absolute_url() for story in world.hidden} | {f"/api/v1/articles/{s.pk}/" for s in world.hidden}
    for url in _public_urls(world, skip=NOT_CACHED | DRAWN_PER_REQUEST):
        first = reader.get(url)
        assert "cookie" not in _vary(first), f"{url} varies on Cookie: {first['Vary']}"
        assert not first.cookies, f"{url} set a cookie"
        if url in hidden:
            continue  # a draft's or a withdrawn story's address: its 404 or 410 is checked by test_visibility
        assert first.status_code == 200, url

        with django_assert_num_queries(0):
            again = reader.get(url)

        assert again.get("X-Page-Cache") == "hit", url
        assert again.status_code == first.status_code and again.content == first.content, url


def test_a_page_drawn_per_reader_is_never_served_from_the_cache_nor_varies_on_cookie(page_cache, world):  # noqa: F811
    reader = Client()
    for route in DRAWN_PER_REQUEST:
        for url in PUBLIC_URLS[route](world):
            first, again = reader.get(url), reader.get(url)

            assert first.status_code == again.status_code == 200, url
            assert "cookie" not in _vary(again) and not again.cookies, url
            assert "no-store" in again["Cache-Control"] and again.get("X-Page-Cache") is None, url


def test_the_api_in_its_other_shape_is_cached_apart_and_a_key_is_never_answered_from_the_cache(page_cache, world):  # noqa: F811
    reader = Client()
    url = reverse("api:articles")
    plain = reader.get(url)
    ninjs = reader.get(url, headers={"accept": "application/vnd.iptc.ninjs+json"})
    assert reader.get(url).get("X-Page-Cache") == "hit"
    again = reader.get(url, headers={"accept": "application/vnd.iptc.ninjs+json"})

    assert again.get("X-Page-Cache") == "hit" and again.content == ninjs.content != plain.content
    with_key = reader.get(url, headers={"x-api-key": "nr_not-a-key"})
    assert with_key.status_code == 401 and with_key.get("X-Page-Cache") is None  # checked, not served from cache
    bearer = reader.get(url, headers={"authorization": "Bearer nr_not-a-key"})
    assert bearer.status_code == 401 and bearer.get("X-Page-Cache") is None


def test_a_public_page_reads_no_session_even_for_a_reader_with_other_cookies(production_logins, world, monkeypatch):  # noqa: F811
    from django.contrib.sessions.backends.base import SessionBase

    def no_session(self, *args, **kwargs):
        raise AssertionError("a public page read the session")

    monkeypatch.setattr(SessionBase, "_get_session", no_session)
    reader = Client()
    reader.cookies["csrftoken"] = "x" * 32
    reader.cookies["_analytics"] = "1"
    for url in _public_urls(world):
        assert reader.get(url).status_code in {200, 404, 410}, url


def test_a_staff_member_with_a_session_is_still_sent_to_the_second_factor_on_the_desk(production_logins, client):
    client.force_login(UserFactory(username="desk", role="Editor"))

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302 and response["Location"] == reverse("two_factor:setup")
    # ... and reading the public site with that session goes past the cache to the live pages
    home = client.get(reverse("articles:home"))
    assert home.status_code == 302 and home.get("X-Page-Cache") is None
