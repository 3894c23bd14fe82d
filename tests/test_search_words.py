"""How search reads words, on PostgreSQL and SQLite alike: bylines, OR, "quoted phrases", -exclusions; the words
found are marked in the results (and a headline's own markup is shown as text); results are paged by number."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.search import Term, mark_words, parse_query
from tests.factories import AuthorFactory, PublishedArticleFactory, SourceFactory

pytestmark = pytest.mark.django_db
SEARCH = reverse("articles:search")


def results(client, q: str, **params) -> str:
    response = client.get(SEARCH, {"q": q, **params})
    assert response.status_code == 200
    return response.content.decode().split('class="search-form"')[1].split("</form>")[1]


def headlines(client, q: str) -> set[str]:
    html = results(client, q)
    return {re.sub(r"<[^>]+>", "", h) for h in re.findall(r'<h3 class="card__headline"><a [^>]+>(.*?)</a>', html)}


def test_search_finds_a_writers_name_and_an_agencys_byline(client):
    PublishedArticleFactory(headline="Council votes", authors=[AuthorFactory(name="Jane Marlowe")])
    PublishedArticleFactory(headline="Markets fall", source=SourceFactory(name="Press Association"))
    PublishedArticleFactory(headline="Nothing by them")

    assert headlines(client, "Marlowe") == {"Council votes"}
    assert headlines(client, "Press Association") == {"Markets fall"}
    assert "By <mark>Jane</mark> <mark>Marlowe</mark>" in results(client, "Jane Marlowe")


def test_or_offers_either_word_and_plain_words_are_all_required(client):
    PublishedArticleFactory(headline="Ferry cancelled")
    PublishedArticleFactory(headline="Tunnel closed")
    PublishedArticleFactory(headline="Ferry and tunnel both shut")

    assert headlines(client, "ferry OR tunnel") == {"Ferry cancelled", "Tunnel closed", "Ferry and tunnel both shut"}
    assert headlines(client, "ferry tunnel") == {"Ferry and tunnel both shut"}


def test_a_quoted_phrase_must_appear_as_written(client):
    PublishedArticleFactory(headline="Harbour master resigns")
    PublishedArticleFactory(headline="The master of the harbour speaks")

    assert headlines(client, '"harbour master"') == {"Harbour master resigns"}
    assert headlines(client, "harbour master") == {"Harbour master resigns", "The master of the harbour speaks"}


def test_a_minus_word_leaves_out_the_stories_that_have_it(client):
    PublishedArticleFactory(headline="Rail strike called")
    PublishedArticleFactory(headline="Rail timetable changes")

    assert headlines(client, "rail -strike") == {"Rail timetable changes"}
    assert headlines(client, 'rail -"strike called"') == {"Rail timetable changes"}


def test_the_words_found_are_marked_in_headline_and_standfirst(client):
    PublishedArticleFactory(headline="Harbour reopens", standfirst="Boats return to the harbour after the storm.")

    html = results(client, "harbour")

    assert "<mark>Harbour</mark> reopens</a>" in html
    assert "Boats return to the <mark>harbour</mark> after the storm." in html
    assert html.count("<mark>") == 2, "the found words only, nothing else marked"


def test_a_headline_with_markup_in_it_is_shown_as_text_with_its_marks(client):
    PublishedArticleFactory(
        headline='<script>alert("x")</script> harbour <b>bold</b>', standfirst="<img src=x onerror=y>"
    )

    html = results(client, "harbour")

    assert "<script>alert" not in html and "<b>bold</b>" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html and "<mark>harbour</mark>" in html and "&lt;b&gt;bold&lt;/b&gt;" in html


def test_relevance_results_are_paged_by_number_never_newer_or_older(client):
    now = timezone.now()
    for n in range(45):
        PublishedArticleFactory(headline=f"Flood warning {n}", published_at=now - timedelta(hours=n))

    first, second = results(client, "flood"), results(client, "flood", page=2)

    assert '<span aria-current="page">Page 1</span>' in first and ">Next page</a>" in first
    assert 'href="?q=flood&amp;page=3" aria-label="Page 3">3</a>' in first
    assert ">Previous page</a>" in second and '<span aria-current="page">Page 2</span>' in second
    for html in (first, second):
        assert "Newer stories" not in html and "Older stories" not in html


def test_searching_by_name_costs_the_same_queries_as_by_word(client, django_assert_max_num_queries):
    writer = AuthorFactory(name="Sam Keel")
    for n in range(25):
        PublishedArticleFactory(headline=f"Storm report {n}", authors=[writer, AuthorFactory()])
    client.get(SEARCH, {"q": "storm"})  # the form's choices are cached once per change of the public set

    with django_assert_max_num_queries(12):
        by_word = results(client, "storm")
    with django_assert_max_num_queries(12):
        by_name = results(client, "Keel")

    assert "25 stories found" in by_word and "25 stories found" in by_name


def test_the_query_is_read_as_alternatives_of_required_terms():
    assert parse_query('flood OR "high tide" -storm town') == [
        [Term("flood")],
        [Term("high tide"), Term("storm", excluded=True), Term("town")],
    ]
    assert parse_query("OR or") == []


def test_marking_escapes_the_text_first():
    assert mark_words("Tom & <Jerry>", ["jerry"]) == "Tom &amp; &lt;<mark>Jerry</mark>&gt;"


def test_the_search_box_explains_the_syntax_and_is_described_by_it(client):
    html = client.get(SEARCH).content.decode()

    box = re.search(r'<input type="search" name="q"[^>]*>', html).group(0)
    assert 'aria-describedby="id_q_helptext"' in box
    assert '<p class="field-help" id="id_q_helptext">Every word must appear; <kbd>OR</kbd> between words' in html


def test_an_excluded_word_keeps_out_a_story_found_by_its_byline(client):
    harbour = AuthorFactory(name="Ruth Harbour")
    PublishedArticleFactory(headline="Ferry timetable changes", authors=[harbour])
    PublishedArticleFactory(headline="Sea wall repaired", authors=[harbour])

    found = client.get(reverse("articles:search"), {"q": "harbour -ferry"}).content.decode()

    assert "Sea wall repaired" in found and "Ferry timetable changes" not in found
