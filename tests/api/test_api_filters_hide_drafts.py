"""The API's public filters never tell what unpublished stories are about: a topic, region or author that only a
draft, a scheduled or a withdrawn story carries is answered exactly as a name nobody uses."""

import pytest
from django.urls import reverse

from tests.api.conftest import auth
from tests.factories import (
    AuthorFactory,
    DraftArticleFactory,
    PublishedArticleFactory,
    RegionFactory,
    ScheduledArticleFactory,
    TopicFactory,
    WithdrawnArticleFactory,
)

pytestmark = pytest.mark.django_db


def _filtered(client, name: str, slug: str, **headers):
    return client.get(reverse("api:articles"), {name: slug}, **headers)


@pytest.mark.parametrize("hidden_story", [DraftArticleFactory, ScheduledArticleFactory, WithdrawnArticleFactory])
def test_a_name_only_unpublished_stories_carry_answers_as_an_unknown_name(client, hidden_story):
    secret_topic = TopicFactory(name="Merger talks", slug="merger-talks")
    secret_region = RegionFactory(name="Lakeside", slug="lakeside")
    secret_author = AuthorFactory(name="Undercover Reporter", slug="undercover-reporter")
    hidden_story(topics=[secret_topic], regions=[secret_region], authors=[secret_author])
    PublishedArticleFactory(headline="Bridge reopens")

    for name, slug in [("topic", "merger-talks"), ("region", "lakeside"), ("author", "undercover-reporter")]:
        carried_by_drafts = _filtered(client, name, slug)
        unknown = _filtered(client, name, f"no-such-{name}")
        assert carried_by_drafts.status_code == unknown.status_code == 400, name
        said, said_of_unknown = carried_by_drafts.json()["error"], unknown.json()["error"]
        assert said["field"] == said_of_unknown["field"] == name
        assert said["message"].replace(slug, "?") == said_of_unknown["message"].replace(f"no-such-{name}", "?")


def test_a_name_a_published_story_carries_filters_the_list(client):
    topic = TopicFactory(name="Floods", slug="floods")
    PublishedArticleFactory(headline="River bursts its banks", topics=[topic])
    PublishedArticleFactory(headline="Council meets")

    answer = _filtered(client, "topic", "floods")

    assert answer.status_code == 200
    assert [story["headline"] for story in answer.json()["items"]] == ["River bursts its banks"]


def test_a_preview_key_may_filter_by_a_name_only_drafts_carry(client, preview_key):
    topic = TopicFactory(name="Merger talks", slug="merger-talks")
    DraftArticleFactory(headline="Draft about the merger", topics=[topic])

    answer = _filtered(client, "topic", "merger-talks", **auth(preview_key))

    assert answer.status_code == 200
    assert [story["headline"] for story in answer.json()["items"]] == ["Draft about the merger"]
