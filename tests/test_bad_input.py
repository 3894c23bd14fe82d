"""Whatever is typed into the address bar, the site answers 200 or 404 cleanly, never a server error."""

import pytest
from django.urls import reverse

from tests.factories import PublishedArticleFactory, RegionFactory, TopicFactory

pytestmark = pytest.mark.django_db

HUGE = "9" * 5000
BAD_PAGES = ["abc", "-1", "0", "1.5", "", "%00", "１"]
BEYOND_THE_LAST_COUNTED_PAGE = ["501", "99999999", HUGE]
BAD_SEARCHES = [
    {"q": "x" * 5000},
    {"q": "\x00 nul byte"},
    {"q": "\"unbalanced ' quotes & ! | :* <>"},
    {"q": "-only -exclusions"},
    {"section": "no-such-section"},
    {"region": "atlantis"},
    {"topic": "../../etc/passwd"},
    {"since": "yesterday"},
    {"since": "2024-02-30"},
    {"until": "9999-12-31", "since": "0001-01-01"},
    {"order": "drop table"},
    {"order": "-published_at"},
    {"page": HUGE, "q": "story"},
]


@pytest.fixture
def listings(db):
    region, topic = RegionFactory(slug="coast"), TopicFactory(slug="storms")
    story = PublishedArticleFactory(headline="A story about the coast", regions=[region], topics=[topic])
    return [
        reverse("articles:home"),
        story.section.get_absolute_url(),
        region.get_absolute_url(),
        topic.get_absolute_url(),
        reverse("articles:search") + "?q=story",
    ]


@pytest.mark.parametrize("page", BAD_PAGES)
def test_bad_page_numbers_show_a_real_page(client, listings, page):
    for url in listings:
        joiner = "&" if "?" in url else "?"
        response = client.get(f"{url}{joiner}page={page}")
        assert response.status_code == 200, url
        assert "A story about the coast" in response.content.decode(), url


@pytest.mark.parametrize("page", BEYOND_THE_LAST_COUNTED_PAGE)
def test_page_numbers_past_the_counted_pages_are_not_found_on_listings(client, listings, page):
    home, *subject_pages, search = listings
    for url in subject_pages:
        assert client.get(f"{url}?page={page}").status_code == 404, url
    # Search counts at most 500 results, so its last page is near: it is shown instead.
    response = client.get(f"{search}&page={page}")
    assert response.status_code == 200
    assert "A story about the coast" in response.content.decode()


@pytest.mark.parametrize("params", BAD_SEARCHES, ids=lambda p: ",".join(p)[:30])
def test_bad_search_input_answers_cleanly(client, params):
    PublishedArticleFactory(headline="A story about the coast")

    response = client.get(reverse("articles:search"), params)

    assert response.status_code == 200
    assert "<h1>Search</h1>" in response.content.decode()


def test_an_overlong_query_is_explained_not_run(client):
    response = client.get(reverse("articles:search"), {"q": "storm " * 100})

    assert response.status_code == 200
    assert "at most 200 characters" in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/no-such-section/",
        "/world/no-such-story/",
        "/region/" + "a" * 300 + "/",
        "/world/%E2%80%8B/",
        "/preview/999999999999999999999/",
        "/author/nobody/?page=abc",
    ],
)
def test_unknown_addresses_are_not_found(client, path, db):
    response = client.get(path)

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
