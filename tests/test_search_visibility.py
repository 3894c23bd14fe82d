"""Only stories ``published()`` returns are found, counted, faceted or highlighted, on every search path and every
backend: drafts, stories in review, scheduled, withdrawn and expired ones share every word, name, place, topic and
writer with the live one, and are newer, so a leak would show first and in every count."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import (
    AuthorFactory,
    DraftArticleFactory,
    PublishedArticleFactory,
    RegionFactory,
    ReviewArticleFactory,
    ScheduledArticleFactory,
    SectionFactory,
    TopicFactory,
    WithdrawnArticleFactory,
)
from tests.search_engine import MemoryEngine

pytestmark = pytest.mark.django_db
SEARCH = reverse("articles:search")


@pytest.fixture(params=["database", "external engine"])
def search_backend(request, settings):
    MemoryEngine.reset()
    if request.param == "external engine":
        settings.SEARCH_BACKEND = "tests.search_engine.MemoryEngine"
    yield request.param
    MemoryEngine.reset()


@pytest.fixture
def stories(search_backend):
    section = SectionFactory(name="Coast", slug="coast-news")
    parent = RegionFactory(name="Cornwall", slug="cornwall")
    place = RegionFactory(name="Falmouth", slug="falmouth", parent=parent)
    topic, writer = (
        TopicFactory(name="Lighthouses", slug="lighthouses"),
        AuthorFactory(name="Ruth Harbour", slug="ruth"),
    )

    def story(factory, state):
        return factory(
            headline=f"Keeper story ({state})",
            standfirst=f"The keeper retired ({state}).",
            body="<p>The keeper retired.</p>",
            section=section,
            regions=[place],
            topics=[topic],
            authors=[writer],
        )

    live = story(PublishedArticleFactory, "live")
    hidden = [
        story(DraftArticleFactory, "draft"),
        story(ReviewArticleFactory, "review"),
        story(ScheduledArticleFactory, "scheduled"),
        story(WithdrawnArticleFactory, "withdrawn"),
        story(PublishedArticleFactory, "expired"),
    ]
    Article.objects.filter(pk__in=[s.pk for s in hidden]).update(published_at=timezone.now() + timedelta(minutes=5))
    gone = timezone.now() - timedelta(minutes=5)
    Article.objects.filter(pk__in=[hidden[3].pk, hidden[4].pk]).update(published_at=gone)
    Article.objects.filter(pk=hidden[4].pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    if search_backend == "external engine":
        MemoryEngine().index([live.pk, *(s.pk for s in hidden)])
    return live, hidden


PATHS = [
    {"q": "keeper"},
    {"q": "keeper", "order": "date"},
    {"q": "Ruth Harbour"},
    {"q": "Falmouth"},
    {"q": "lighthouses"},
    {"q": "keeper -nothing"},
    {"q": "keeper OR retired"},
    {"q": '"keeper retired"'},
    {"region": "cornwall"},
    {"region": "falmouth", "q": "keeper"},
    {"topic": "lighthouses"},
    {"author": "ruth"},
    {"section": "coast-news"},
    {"since": "2000-01-01", "q": "keeper"},
    {"until": "2999-12-31", "region": "cornwall", "order": "date"},
    {"q": "keeper", "page": "2"},
]


@pytest.mark.parametrize("params", PATHS, ids=lambda p: "&".join(f"{k}={v}" for k, v in p.items()))
def test_only_the_live_story_is_found_counted_and_faceted(client, stories, params):
    live, hidden = stories

    html = client.get(SEARCH, params).content.decode()
    results = html.split('class="search-form"')[1].split("</form>")[1]  # the results, not the echoed form

    assert results.count('aria-label="Keeper story (live)"') == 1
    for story in hidden:
        assert story.slug not in results and story.headline.split("(")[1] not in results, story.headline
    assert "1 story found" in results
    counts = re.findall(r'<span class="facet-count">(\d+)</span>', results)
    assert counts and set(counts) == {"1"}, f"facets counted hidden stories: {counts}"
