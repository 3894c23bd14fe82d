"""Search backends are pluggable (``SEARCH_BACKEND``): the page works from a backend's ids, total and facets alone,
an engine outside the database is told of every story event and rename, and whatever it answers, only stories
``published()`` returns are shown. ``tests/search_engine.py`` plays the external engine."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles import services
from tests.factories import DraftArticleFactory, PublishedArticleFactory, TopicFactory
from tests.search_engine import Document, MemoryEngine

pytestmark = pytest.mark.django_db
SEARCH = reverse("articles:search")


@pytest.fixture
def engine(settings):
    MemoryEngine.reset()
    settings.SEARCH_BACKEND = "tests.search_engine.MemoryEngine"
    yield MemoryEngine
    MemoryEngine.reset()


def headlines(client, **params) -> list[str]:
    html = client.get(SEARCH, params).content.decode()
    return [re.sub(r"<[^>]+>", "", h) for h in re.findall(r'<h3 class="card__headline"><a [^>]+>(.*?)</a>', html)]


def test_an_external_engine_hears_of_each_story_event_and_the_page_shows_its_answer(client, engine, committed):
    ferries = TopicFactory(name="Ferries", slug="ferries")
    story = committed(PublishedArticleFactory, headline="Crossing cancelled", topics=[ferries])
    assert ("index", (story.pk,)) in engine.calls

    html = client.get(SEARCH, {"q": "ferries"}).content.decode()
    assert headlines(client, q="ferries") == ["Crossing cancelled"] and "1 story found" in html
    assert '<a href="?q=ferries&amp;topic=ferries">Ferries</a> <span class="facet-count">1</span>' in html

    committed(services.withdraw_article, article=story)

    assert engine.documents[story.pk].status == "withdrawn"
    assert headlines(client, q="ferries") == []


def test_whatever_the_engine_answers_only_published_stories_are_shown(client, engine):
    live = PublishedArticleFactory(headline="Live story")
    draft = DraftArticleFactory(headline="Draft story")
    engine().index([live.pk])
    # A stale or wrong index: the engine believes the draft is live.
    engine.documents[draft.pk] = Document(
        draft.pk, "story", "published", live.published_at, None, None, set(), set(), set()
    )

    assert headlines(client, q="story") == ["Live story"]


def test_a_rename_sends_every_story_carrying_it_to_the_engine_again(client, engine, committed):
    topic = TopicFactory(name="Aid")
    stories = [PublishedArticleFactory(topics=[topic]) for _ in range(3)]
    engine().index([s.pk for s in stories])

    topic.name = "Humanitarian relief"
    committed(topic.save)

    assert ("index", tuple(sorted(s.pk for s in stories))) in engine.calls
    assert len(headlines(client, q="humanitarian")) == 3


def test_rebuild_search_index_fills_an_empty_engine(client, engine):
    PublishedArticleFactory(headline="Lighthouse sold")
    assert headlines(client, q="lighthouse") == []

    call_command("rebuild_search_index", verbosity=0)

    assert headlines(client, q="lighthouse") == ["Lighthouse sold"]
