"""What search finds, on PostgreSQL and SQLite alike: tags and bylines count as words (weighted below the headline,
above the body), renames reach the results, and results narrow by section, place, topic, writer and date."""

import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.search.backends.database import DatabaseBackend
from articles.services import merge_tags
from tests.factories import (
    AuthorFactory,
    DraftArticleFactory,
    PublishedArticleFactory,
    RegionFactory,
    SectionFactory,
    SourceFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db
SEARCH = reverse("articles:search")
postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="the stored vector is PostgreSQL's")


def headlines(client, **params) -> list[str]:
    response = client.get(SEARCH, params)
    assert response.status_code == 200
    html = response.content.decode()
    return [re.sub(r"<[^>]+>", "", h) for h in re.findall(r'<h3 class="card__headline"><a [^>]+>(.*?)</a>', html)]


def heading(client, **params) -> str:
    html = client.get(SEARCH, params).content.decode()
    return re.search(r'id="results-heading">([^<]*)<', html).group(1)


def test_a_story_is_found_by_its_places_and_topics_names_though_its_text_never_says_them(client):
    idlib = RegionFactory(name="Idlib", slug="idlib")
    PublishedArticleFactory(headline="Aid convoy reaches the north", regions=[idlib])
    PublishedArticleFactory(headline="Markets steady", topics=[TopicFactory(name="Commodities")])
    PublishedArticleFactory(headline="Unrelated story")

    assert headlines(client, q="Idlib") == ["Aid convoy reaches the north"]
    assert headlines(client, q="commodities") == ["Markets steady"]
    assert headlines(client, q="Idlib -convoy") == []


def test_a_writers_name_and_a_word_of_the_text_are_found_together(client):
    marlowe = AuthorFactory(name="Jane Marlowe")
    plain = {"standfirst": "", "body": "<p>Nothing else.</p>"}
    PublishedArticleFactory(headline="Lighthouse sold", authors=[marlowe], **plain)
    PublishedArticleFactory(headline="Lighthouse keeper retires", **plain)
    PublishedArticleFactory(headline="Council votes", authors=[marlowe], **plain)

    assert headlines(client, q="Marlowe lighthouse") == ["Lighthouse sold"]


def test_headline_ranks_above_standfirst_tags_and_byline_which_rank_above_the_body(client):
    now = timezone.now()
    in_body = PublishedArticleFactory(
        headline="Budget day", body="<p>The ferry company said little.</p>", published_at=now
    )
    in_tag = PublishedArticleFactory(
        headline="Crossing times change", topics=[TopicFactory(name="Ferry")], published_at=now - timedelta(hours=1)
    )
    in_headline = PublishedArticleFactory(headline="Ferry strike called", published_at=now - timedelta(hours=2))

    assert headlines(client, q="ferry") == [in_headline.headline, in_tag.headline, in_body.headline]
    assert headlines(client, q="ferry", order="date") == [in_body.headline, in_tag.headline, in_headline.headline]


def test_renaming_a_topic_a_place_or_a_writer_changes_what_finds_their_stories(client, committed):
    topic = TopicFactory(name="Aid")
    place = RegionFactory(name="Idlib", slug="idlib")
    writer = AuthorFactory(name="Sam Keel")
    PublishedArticleFactory(headline="Convoy story", topics=[topic], regions=[place], authors=[writer])

    for thing, name in ((topic, "Humanitarian relief"), (place, "Idleb"), (writer, "Samira Keeling")):
        thing.name = name
        committed(thing.save)  # the stories are made again by a task once the rename commits

    assert headlines(client, q="humanitarian") == ["Convoy story"]
    assert headlines(client, q="Idleb") == ["Convoy story"]
    assert headlines(client, q="Samira") == ["Convoy story"]
    assert headlines(client, q="Idlib") == [] and headlines(client, q="Aid") == []


def test_an_agency_rename_reaches_its_stories(client, committed):
    agency = SourceFactory(name="Press Association")
    PublishedArticleFactory(headline="Markets fall", source=agency)

    agency.name = "PA Media"
    committed(agency.save)

    assert headlines(client, q='"PA Media"') == ["Markets fall"]


def test_a_place_moved_in_the_tree_is_searched_under_its_new_parent(client, committed):
    syria, turkey = RegionFactory(slug="syria"), RegionFactory(slug="turkey")
    town = RegionFactory(name="Border town", slug="border-town", parent=syria)
    PublishedArticleFactory(headline="Crossing reopens", regions=[town])
    assert headlines(client, region="syria") == ["Crossing reopens"]

    town.parent = turkey
    committed(town.save)

    assert headlines(client, region="turkey") == ["Crossing reopens"]
    assert headlines(client, region="syria") == []


def test_merged_tags_keep_their_stories_found_under_the_kept_name(client, committed):
    kept, merged = TopicFactory(name="Elections"), TopicFactory(name="Polls")
    PublishedArticleFactory(headline="Turnout rises", topics=[merged])

    committed(merge_tags, source=merged, target=kept)

    assert headlines(client, q="elections") == ["Turnout rises"]
    assert headlines(client, q="polls") == []


def test_results_narrow_by_writer_and_a_writer_only_drafts_carry_is_not_confirmed(client):
    marlowe, keel = AuthorFactory(name="Jane Marlowe", slug="jane-marlowe"), AuthorFactory(slug="sam-keel")
    PublishedArticleFactory(headline="Storm report one", authors=[marlowe])
    PublishedArticleFactory(headline="Storm report two", authors=[keel])
    DraftArticleFactory(headline="Storm draft", authors=[AuthorFactory(name="Hidden Hand", slug="hidden-hand")])

    assert headlines(client, q="storm", author="jane-marlowe") == ["Storm report one"]
    html = client.get(SEARCH, {"q": "storm", "author": "jane-marlowe"}).content.decode()
    assert "Writer: <strong>Jane Marlowe</strong>" in html
    hidden = client.get(SEARCH, {"q": "storm", "author": "hidden-hand"}).content.decode()
    assert "Storm report" not in hidden.split("</form>")[1] and "Hidden Hand" not in hidden


def test_facets_count_the_matches_per_section_place_topic_writer_and_time_and_link_to_them(client):
    world, sport = SectionFactory(name="World", slug="world"), SectionFactory(name="Sport", slug="sport")
    syria = RegionFactory(name="Syria", slug="syria")
    idlib, aleppo = RegionFactory(name="Idlib", parent=syria), RegionFactory(name="Aleppo", parent=syria)
    aid = TopicFactory(name="Aid", slug="aid")
    writer = AuthorFactory(name="Jane Marlowe", slug="jane-marlowe")
    PublishedArticleFactory(headline="Convoy one", section=world, regions=[idlib, syria], topics=[aid])
    PublishedArticleFactory(headline="Convoy two", section=world, regions=[aleppo], authors=[writer])
    PublishedArticleFactory(headline="Convoy three", section=sport, published_at=timezone.now() - timedelta(days=400))
    DraftArticleFactory(headline="Convoy draft", section=sport, regions=[idlib], topics=[aid], authors=[writer])

    html = client.get(SEARCH, {"q": "convoy"}).content.decode()
    facets = html.split('aria-label="Narrow the results"')[1]

    assert '<a href="?q=convoy&amp;section=world">World</a> <span class="facet-count">2</span>' in facets
    assert '<a href="?q=convoy&amp;section=sport">Sport</a> <span class="facet-count">1</span>' in facets
    # A story in Idlib and Syria counts once for Syria; places narrow one level at a time.
    assert '<a href="?q=convoy&amp;region=syria">Syria</a> <span class="facet-count">2</span>' in facets
    assert "Idlib" not in facets
    assert '<a href="?q=convoy&amp;topic=aid">Aid</a> <span class="facet-count">1</span>' in facets
    assert '<a href="?q=convoy&amp;author=jane-marlowe">Jane Marlowe</a> <span class="facet-count">1</span>' in facets
    assert 'Past week</a> <span class="facet-count">2</span>' in facets
    assert 'Earlier</a> <span class="facet-count">1</span>' in facets

    inside = client.get(SEARCH, {"q": "convoy", "region": "syria"}).content.decode()
    assert '<span class="facet-count">1</span>' in inside and ">Idlib</a>" in inside and ">Aleppo</a>" in inside


def test_a_count_past_the_window_says_about_or_more_and_the_pages_stop_at_the_window(client, monkeypatch, settings):
    monkeypatch.setattr(DatabaseBackend, "ranked", 3)
    settings.NEWSROOM = {**settings.NEWSROOM, "PAGE_SIZE": 2}
    for n in range(5):
        PublishedArticleFactory(headline=f"Storm report {n}")

    found = heading(client, q="storm")
    html = client.get(SEARCH, {"q": "storm", "page": "9"}).content.decode()

    if connection.vendor == "postgresql":
        assert found.startswith("About ") and found.endswith(" stories found"), "the planner's estimate"
    else:
        assert found == "3+ stories found"
    assert "The newest 3 are ranked" in html
    assert '<span aria-current="page">Page 2</span>' in html, "a page past the window shows the last one"


def test_the_search_page_costs_a_fixed_number_of_queries_cached_or_not(client, django_assert_num_queries):
    region, topic, writer = RegionFactory(slug="coast"), TopicFactory(slug="storms"), AuthorFactory()
    for n in range(30):
        PublishedArticleFactory(headline=f"Storm report {n}", regions=[region], topics=[topic], authors=[writer])
    params = {"q": "storm", "region": "coast", "topic": "storms", "since": "2000-01-01"}
    client.get(SEARCH, {"q": "warm the form's choices"})

    # The public set's stamp; the window; its facets; the page's stories and their authors; the writers' names in
    # the facets.
    with django_assert_num_queries(6):
        first = client.get(SEARCH, params)
    # Then the window and its facets come from the cache: the stamp, the stories, their authors, the writers' names.
    with django_assert_num_queries(4):
        again = client.get(SEARCH, {**params, "page": "2"})

    assert "30 stories found" in first.content.decode() and "30 stories found" in again.content.decode()


@postgres_only
def test_rebuild_search_index_makes_every_vector_again(client):
    PublishedArticleFactory(headline="Lighthouse sold", regions=[RegionFactory(name="Cornwall")])
    Article.objects.update(search_vector=None)
    assert headlines(client, q="lighthouse", order="date") == []

    call_command("rebuild_search_index", verbosity=0)

    assert headlines(client, q="Cornwall", order="date") == ["Lighthouse sold"]


@postgres_only
def test_the_vector_follows_tags_added_after_the_story_was_saved(client):
    story = PublishedArticleFactory(headline="Harbour story")
    story.regions.add(RegionFactory(name="Falmouth"))
    story.topics.add(TopicFactory(name="Shipping"))

    assert headlines(client, q="Falmouth shipping") == ["Harbour story"]

    story.regions.clear()
    assert headlines(client, q="Falmouth") == []
