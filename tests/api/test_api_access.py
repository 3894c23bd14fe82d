"""Who may read what: anonymous and ``public`` keys see only live stories; a ``preview`` key sees the desk."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from api.models import ApiKey, Scope
from tests.api.conftest import auth, make_key
from tests.factories import (
    DraftArticleFactory,
    PublishedArticleFactory,
    ReviewArticleFactory,
    ScheduledArticleFactory,
    WithdrawnArticleFactory,
)


@pytest.fixture
def desk(db):
    live = PublishedArticleFactory(headline="Harbour reopens (live)")
    hidden = [
        DraftArticleFactory(headline="Harbour reopens (draft)"),
        ReviewArticleFactory(headline="Harbour reopens (review)"),
        ScheduledArticleFactory(headline="Harbour reopens (scheduled)"),
        WithdrawnArticleFactory(headline="Harbour reopens (withdrawn)"),
        PublishedArticleFactory(headline="Harbour reopens (expired)", expires_at=timezone.now() - timedelta(minutes=1)),
    ]
    return live, hidden


def _headlines(client, **headers) -> list[str]:
    response = client.get(reverse("api:articles"), **headers)
    assert response.status_code == 200
    return [item["headline"] for item in response.json()["items"]]


def test_only_live_stories_are_listed_anonymously_or_with_a_public_key(client, desk, public_key):
    assert _headlines(client) == ["Harbour reopens (live)"]
    assert _headlines(client, **auth(public_key)) == ["Harbour reopens (live)"]


def test_hidden_stories_are_not_found_anonymously_or_with_a_public_key(client, desk, public_key):
    live, hidden = desk
    for story in hidden:
        url = reverse("api:article", kwargs={"article_id": story.pk})
        for headers in ({}, auth(public_key)):
            response = client.get(url, **headers)
            assert response.status_code in {404, 410}, story.headline
            assert story.headline not in response.content.decode()
    withdrawn = client.get(reverse("api:article", kwargs={"article_id": hidden[3].pk}))
    assert withdrawn.status_code == 410 and withdrawn.json()["error"]["message"] == "This story has been withdrawn."
    draft = client.get(reverse("api:article", kwargs={"article_id": hidden[0].pk}))
    assert draft.status_code == 404  # a story that never went out is not confirmed


def test_a_preview_key_sees_every_story_with_its_status_and_no_cache_may_keep_it(client, desk, preview_key):
    live, hidden = desk
    response = client.get(reverse("api:articles"), **auth(preview_key))

    shown = {item["headline"]: item["status"] for item in response.json()["items"]}
    assert set(shown) == {story.headline for story in [live, *hidden]}
    assert shown["Harbour reopens (scheduled)"] == "published" and shown["Harbour reopens (draft)"] == "draft"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    one = client.get(reverse("api:article", kwargs={"article_id": hidden[0].pk}) + "?format=ninjs", **auth(preview_key))
    assert one.status_code == 200 and one.json()["pubstatus"] == "withheld"


def test_anonymous_answers_are_public_and_vary_on_the_key(client, desk):
    response = client.get(reverse("api:articles"))
    assert "public" in response["Cache-Control"] and "s-maxage=" in response["Cache-Control"]
    assert {"Accept", "Authorization", "X-Api-Key"} <= {v.strip() for v in response["Vary"].split(",")}


def test_a_revoked_or_unknown_key_is_refused_not_treated_as_anonymous(client, desk):
    key, raw = make_key(Scope.PUBLIC)
    ApiKey.objects.filter(pk=key.pk).update(revoked_at=timezone.now())

    for presented in (raw, "nr_not-a-key"):
        response = client.get(reverse("api:articles"), HTTP_X_API_KEY=presented)
        assert response.status_code == 401
        assert response.json()["error"]["field"] == "Authorization"


def test_a_key_is_stored_hashed_and_its_use_is_recorded(client, desk):
    key, raw = make_key(Scope.PUBLIC)
    assert raw not in (key.hashed, key.prefix) and raw.startswith(key.prefix)

    client.get(reverse("api:articles"), **auth(raw))

    key.refresh_from_db()
    assert key.last_used_at is not None


def test_too_many_requests_are_answered_429_with_retry_after(client, desk, settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "API_RATE_ANONYMOUS": 3}
    key, raw = make_key(Scope.PUBLIC, rate_limit=5)
    statuses = [client.get(reverse("api:sections")).status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]
    refused = client.get(reverse("api:sections"))
    assert 1 <= int(refused["Retry-After"]) <= 60 and "Rate limit of 3" in refused.json()["error"]["message"]
    # A key has its own, higher allowance, counted apart from the anonymous address.
    assert [client.get(reverse("api:sections"), **auth(raw)).status_code for _ in range(6)] == [200] * 5 + [429]
