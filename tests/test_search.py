"""Search: words, filters, ordering, noindex; ranked full text on PostgreSQL, the same answers on SQLite."""

import re
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.search.backends.database import DatabaseBackend
from tests.factories import (
    AuthorFactory,
    DraftArticleFactory,
    ImageFactory,
    PublishedArticleFactory,
    RegionFactory,
    SectionFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db
SEARCH = reverse("articles:search")


def found(client, **params) -> str:
    response = client.get(SEARCH, params)
    assert response.status_code == 200
    html = response.content.decode()
    results = html.split('class="search-form"')[1].split("</form>")[1]  # the results, not the echoed form
    return re.sub(r"</?mark>", "", results)  # the words found are highlighted (tests/test_search_words.py)


def test_search_finds_words_in_headline_standfirst_and_body(client):
    PublishedArticleFactory(headline="Harbour crane collapses")
    PublishedArticleFactory(headline="Second story", standfirst="Dockers say the harbour is unsafe.")
    PublishedArticleFactory(headline="Third story", body="<p>Ships waited outside the harbour.</p>")
    PublishedArticleFactory(headline="Nothing to do with it")

    results = found(client, q="harbour")

    assert "Harbour crane collapses" in results and "Second story" in results and "Third story" in results
    assert "Nothing to do with it" not in results and "3 stories found" in results


def test_relevance_puts_headline_matches_first_and_date_order_puts_newest_first(client):
    now = timezone.now()
    PublishedArticleFactory(headline="Budget day", body="<p>The tunnel plan was dropped.</p>", published_at=now)
    PublishedArticleFactory(headline="Tunnel plan dropped", published_at=now - timedelta(days=3))

    by_relevance = found(client, q="tunnel")
    by_date = found(client, q="tunnel", order="date")

    assert by_relevance.index("Tunnel plan dropped") < by_relevance.index("Budget day")
    assert by_date.index("Budget day") < by_date.index("Tunnel plan dropped")


def test_filters_narrow_by_section_region_with_sub_regions_topic_and_dates(client):
    sport = SectionFactory(name="Sport", slug="sport")
    syria = RegionFactory(slug="syria")
    idlib = RegionFactory(slug="idlib", parent=syria)
    vote = TopicFactory(slug="vote")
    day = timezone.make_aware(datetime(2024, 12, 2, 13, 14))
    PublishedArticleFactory(headline="Report from the province", regions=[idlib], published_at=day)
    PublishedArticleFactory(headline="Report from the pitch", section=sport, topics=[vote], published_at=day)
    PublishedArticleFactory(headline="Report from last year", published_at=day - timedelta(days=400))

    assert "Report from the province" in found(client, region="syria")
    assert "Report from the pitch" not in found(client, region="syria")
    assert "Report from the pitch" in found(client, section="sport", q="report")
    assert "Report from the province" not in found(client, section="sport", q="report")
    assert "Report from the pitch" in found(client, topic="vote")
    in_range = found(client, q="report", since="2024-12-01", until="2024-12-02")
    assert "Report from the province" in in_range and "Report from last year" not in in_range


def test_search_pages_are_not_indexed_and_unknown_filters_show_no_results_not_everything(client):
    PublishedArticleFactory(headline="Visible story")

    response = client.get(SEARCH, {"region": "atlantis", "q": "visible"})

    html = response.content.decode()
    assert response.status_code == 200 and response["X-Robots-Tag"] == "noindex"
    assert '<meta name="robots" content="noindex, follow">' in html
    assert "Visible story" not in html.split("</form>")[1] and "Please correct the search" in html


def test_bare_search_page_shows_the_form_and_no_listing(client):
    PublishedArticleFactory(headline="Any story at all")

    html = client.get(SEARCH).content.decode()

    assert '<input type="search" name="q"' in html and "Any story at all" not in html


def test_search_costs_the_same_queries_however_many_results(client, django_assert_max_num_queries):
    region, topic = RegionFactory(slug="coast"), TopicFactory(slug="storms")
    for n in range(30):
        PublishedArticleFactory(
            headline=f"Storm report {n}",
            regions=[region],
            topics=[topic],
            lead_image=ImageFactory(),
            authors=[AuthorFactory()],
        )

    criteria = {"q": "storm", "region": "coast", "topic": "storms", "section": "world", "since": "2000-01-01"}
    # The form's places and topics are worked out once per change of the public set, then read from the cache.
    with django_assert_max_num_queries(15):
        found(client, **criteria)
    with django_assert_max_num_queries(12):
        html = found(client, **criteria)

    assert "30 stories found" in html


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the stored search vector exists on PostgreSQL only")
def test_search_vector_is_kept_current_when_a_story_is_edited(client):
    story = PublishedArticleFactory(headline="Original wording")
    assert "Original wording" not in found(client, q="lighthouse")

    story.body = "<p>The old lighthouse was sold.</p>"
    story.save()
    Article.objects.filter(pk=story.pk).update(headline="Lighthouse sold")

    assert "Lighthouse sold" in found(client, q="lighthouse")
    assert "Lighthouse sold" in found(client, q="lighthouses"), "stemming: the English configuration is used"


def test_words_of_the_markup_do_not_find_a_story_but_its_text_does(client):
    PublishedArticleFactory(
        headline="Harbour reopens",
        standfirst="Boats are back.",
        body='<p>The <span class="credit">harbourmaster</span> spoke.</p><figure><img src="/a.jpg" alt=""></figure>',
    )

    assert "Harbour reopens" not in found(client, q="figure")
    assert "Harbour reopens" not in found(client, q="span")
    assert "Harbour reopens" in found(client, q="harbourmaster")


def test_place_and_topic_are_chosen_from_those_with_published_stories(client):
    syria = RegionFactory(name="Syria", slug="syria")
    idlib = RegionFactory(name="Idlib", slug="idlib", parent=syria)
    RegionFactory(name="Atlantis", slug="atlantis")
    vote, secret = TopicFactory(name="Vote", slug="vote"), TopicFactory(name="Secret talks", slug="secret-talks")
    PublishedArticleFactory(regions=[idlib], topics=[vote])
    DraftArticleFactory(topics=[secret])

    form = client.get(SEARCH).content.decode().split('class="search-form"')[1].split("</form>")[0]

    assert '<select name="region" id="id_region">' in form and '<select name="topic" id="id_topic">' in form
    assert '<option value="syria">Syria</option>' in form, "a place is offered when a place inside it has stories"
    assert '<option value="idlib">Idlib</option>' in form and '<option value="vote">Vote</option>' in form
    assert "Atlantis" not in form and "Secret talks" not in form


def test_a_field_error_is_announced_with_the_field_it_belongs_to(client):
    html = client.get(SEARCH, {"since": "2024-02-30", "q": "x"}).content.decode()

    field = re.search(r'<input type="date" name="since"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in field and 'aria-describedby="id_since_error"' in field
    assert '<p class="field-error" id="id_since_error">' in html


def test_the_result_count_says_more_when_counting_stopped(client, monkeypatch):
    monkeypatch.setattr(DatabaseBackend, "ranked", 3)
    for n in range(4):
        PublishedArticleFactory(headline=f"Storm report {n}")

    # PostgreSQL estimates the rest ("About 4 stories"); SQLite says it stopped counting.
    assert ("About " if connection.vendor == "postgresql" else "3+ stories found") in found(client, q="storm")


def test_each_drop_down_has_one_empty_choice_selected(client):
    PublishedArticleFactory(regions=[RegionFactory(slug="coast")], topics=[TopicFactory(slug="storms")])

    html = client.get(SEARCH).content.decode()

    for name in ("section", "region", "topic"):
        select = html.split(f'<select name="{name}"')[1].split("</select>")[0]
        assert select.count('value=""') == 1 and select.count("selected") == 1, name
