"""Corrections, clarifications and editor's notes: on the story, in its structured data and feed items, and at
/corrections/ with its own feeds; drafted by writers, made public by editors; never shown for a story that is not
public."""

import json
import re
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.models import Correction, CorrectionKind
from articles.views.listings import PublicListMixin
from tests.admin_forms import article_form_data, change_url
from tests.factories import (
    DraftArticleFactory,
    PublishedArticleFactory,
    ScheduledArticleFactory,
    WithdrawnArticleFactory,
)
from tests.test_feeds import read_feed

pytestmark = pytest.mark.django_db


def _news_article(html: str) -> dict:
    blocks = re.findall(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S)
    return next(item for item in map(json.loads, blocks) if item.get("@type") == "NewsArticle")


@pytest.fixture
def story():
    return PublishedArticleFactory(headline="Council approves harbour plan", slug="harbour-plan")


def test_a_correction_shows_on_the_story_with_its_date_and_moves_the_updated_time(client, story):
    published = story.published_at
    with time_machine.travel(timezone.now() + timedelta(hours=2), tick=False):
        services.add_correction(article=story, text="The vote was <em>7–2</em>, not 8–1.<script>x()</script>")
        page = client.get(story.get_absolute_url()).content.decode()
        now = timezone.localtime()

    block = page[page.index('id="corrections"') :]
    assert "Corrections and clarifications" in block
    assert "Correction" in block and "The vote was <em>7–2</em>, not 8–1." in block
    assert now.strftime("%-d %B %Y") in block
    assert "<script>x()" not in page
    assert 'class="updated">Updated' in page
    story.refresh_from_db()
    assert story.updated_at > published + timedelta(hours=1)


def test_the_structured_data_carries_each_correction_and_the_new_modified_time(client, story):
    with time_machine.travel(timezone.now() + timedelta(hours=3), tick=False):
        services.add_correction(article=story, text="An earlier version named the <b>wrong</b> councillor.")
        services.add_correction(article=story, text="The plan costs £4m.", kind=CorrectionKind.CLARIFICATION)
        data = _news_article(client.get(story.get_absolute_url()).content.decode())
        today = timezone.localtime().date().isoformat()

    assert [c["@type"] for c in data["correction"]] == ["CorrectionComment", "CorrectionComment"]
    assert data["correction"][0]["text"] == "An earlier version named the wrong councillor."
    assert data["correction"][1]["text"] == "The plan costs £4m."
    assert data["correction"][0]["datePublished"].startswith(today)
    assert data["dateModified"].startswith(today) and data["dateModified"] > data["datePublished"]


def test_a_story_without_corrections_has_no_block_and_no_correction_in_its_data(client, story):
    page = client.get(story.get_absolute_url()).content.decode()
    assert 'id="corrections"' not in page
    assert "correction" not in _news_article(page)


@pytest.mark.parametrize("fmt", ["rss", "atom", "json"])
def test_feed_items_carry_the_correction_text_and_the_new_updated_time(client, story, fmt):
    before = read_feed(client, reverse("feeds:latest", kwargs={"fmt": fmt}))
    with time_machine.travel(timezone.now() + timedelta(hours=2), tick=False):
        services.add_correction(article=story, text="The meeting was on Tuesday.")
        after = read_feed(client, reverse("feeds:latest", kwargs={"fmt": fmt}))

    def updated(entry):
        return entry.get("date_modified") or entry.get("updated") or entry.get("dcterms_modified")

    def text(entry):
        return entry.get("content_text") or entry.get("summary", "")

    assert "Tuesday" not in text(before[0])
    assert "Correction" in text(after[0]) and "The meeting was on Tuesday." in text(after[0])
    assert updated(after[0]) != updated(before[0])


def test_the_corrections_page_lists_public_corrections_newest_first_with_links(client, story):
    other = PublishedArticleFactory(headline="Ferry timetable changes", slug="ferry-timetable")
    with time_machine.travel(timezone.now() - timedelta(minutes=30), tick=False):
        services.add_correction(article=story, text="Older note about the harbour.")
    services.add_correction(article=other, text="Newer note about the ferry.", kind=CorrectionKind.EDITORS_NOTE)

    page = client.get(reverse("articles:corrections")).content.decode()

    assert page.index("Newer note about the ferry.") < page.index("Older note about the harbour.")
    assert f'href="{other.get_absolute_url()}#corrections"' in page
    assert f'href="{story.get_absolute_url()}#corrections"' in page
    assert "Editor’s note" in page
    assert reverse("feeds:corrections", kwargs={"fmt": "rss"}) in page


def test_the_corrections_page_is_paginated(client, story, monkeypatch):
    monkeypatch.setattr(PublicListMixin, "paginate_by", 2)
    for n in range(5):
        with time_machine.travel(timezone.now() - timedelta(minutes=10 - n), tick=False):
            services.add_correction(article=story, text=f"Note number {n}.")

    first = client.get(reverse("articles:corrections")).content.decode()
    third = client.get(reverse("articles:corrections") + "?page=3").content.decode()

    assert "Note number 4." in first and "Note number 3." in first and "Note number 2." not in first
    assert "Note number 0." in third and "Note number 4." not in third
    assert 'rel="next"' in first


def test_every_page_links_to_the_corrections_page_from_its_footer(client, story):
    for url in (reverse("articles:home"), story.get_absolute_url(), reverse("articles:search")):
        footer = client.get(url).content.decode().split('class="site-footer"')[1]
        assert f'href="{reverse("articles:corrections")}"' in footer, url


@pytest.mark.parametrize("fmt", ["rss", "atom", "json"])
def test_the_corrections_feed_has_one_item_per_public_correction_linking_to_its_story(client, story, fmt):
    services.add_correction(article=story, text="The harbour is 300 years old, not 200.")

    items = read_feed(client, reverse("feeds:corrections", kwargs={"fmt": fmt}))

    assert len(items) == 1
    item = items[0]
    assert (item.get("title")) == "Correction: Council approves harbour plan"
    link = item.get("url") or item.get("link")
    assert link.endswith(f"{story.get_absolute_url()}#corrections")
    assert "300 years old" in (item.get("content_text") or item.get("summary", ""))


@pytest.mark.parametrize(
    "factory", [DraftArticleFactory, ScheduledArticleFactory, WithdrawnArticleFactory], ids=["draft", "sched", "gone"]
)
def test_a_correction_on_a_story_that_is_not_public_shows_nowhere(client, factory):
    hidden = factory(headline="Secret harbour deal")
    services.add_correction(article=hidden, text="Embargoed correction text.")

    for url in [
        reverse("articles:corrections"),
        *(reverse("feeds:corrections", kwargs={"fmt": f}) for f in ["rss", "atom", "json"]),
    ]:
        html = client.get(url).content.decode()
        assert "Embargoed correction text" not in html and "Secret harbour deal" not in html, url


def test_a_writer_may_draft_a_correction_but_only_an_editor_makes_it_public(client, story, writer, editor):
    draft = services.add_correction(article=story, text="Drafted by a writer.", user=writer)
    assert draft.published_at is None
    assert "Drafted by a writer" not in client.get(story.get_absolute_url()).content.decode()

    with pytest.raises(PermissionDenied):
        services.save_correction(correction=draft, public=True, user=writer)
    services.save_correction(correction=draft, public=True, user=editor)

    assert "Drafted by a writer" in client.get(story.get_absolute_url()).content.decode()
    with pytest.raises(PermissionDenied):  # the public record is the editors' to change
        draft.text = "Rewritten by the writer."
        services.save_correction(correction=draft, public=True, user=writer)


def test_a_correction_needs_its_text():
    with pytest.raises(ValidationError):
        services.add_correction(article=PublishedArticleFactory(), text="<p> </p>")


def _with_correction(article, text, public=False, **rows):
    data = article_form_data(article)
    data.update(
        {
            "corrections-TOTAL_FORMS": 1,
            "corrections-INITIAL_FORMS": 0,
            "corrections-0-kind": "correction",
            "corrections-0-text": text,
            **({"corrections-0-make_public": "on"} if public else {}),
            **rows,
        }
    )
    return data


def test_an_editor_adds_a_public_correction_from_the_story_admin_page(editor_client, client, story):
    form = editor_client.get(change_url(story)).content.decode()
    assert "corrections-TOTAL_FORMS" in form

    response = editor_client.post(change_url(story), _with_correction(story, "Fixed the spelling of Pembroke.", True))

    assert response.status_code == 302
    correction = Correction.objects.get(article=story)
    assert correction.is_public and correction.published_by.username == "editor"
    assert "Fixed the spelling of Pembroke." in client.get(story.get_absolute_url()).content.decode()


def test_a_writer_drafts_a_correction_to_a_live_story_but_cannot_make_it_public(writer_client, client, story):
    data = _with_correction(story, "A writer noticed the wrong date.", True, _save_pending="1")

    response = writer_client.post(change_url(story), data)

    assert response.status_code == 302
    correction = Correction.objects.get(article=story)
    assert correction.published_at is None and correction.created_by.username == "writer"
    assert "wrong date" not in client.get(story.get_absolute_url()).content.decode()


def test_a_corrected_story_page_costs_at_most_one_more_query(client, story, django_assert_max_num_queries):
    services.add_correction(article=story, text="One.")
    services.add_correction(article=story, text="Two.")
    client.get(story.get_absolute_url())  # the Sites framework and related caches warm up

    with django_assert_max_num_queries(11):
        response = client.get(story.get_absolute_url())
    assert "Two." in response.content.decode()


def test_a_correction_reaches_cached_pages_at_once(settings, django_capture_on_commit_callbacks, story):
    settings.NEWSROOM = {**settings.NEWSROOM, "PAGE_CACHE": True, "SEND_SURROGATE_KEYS": True}
    reader = Client()
    for url in (story.get_absolute_url(), reverse("articles:corrections")):
        reader.get(url)
        assert reader.get(url).get("X-Page-Cache") == "hit", url

    with django_capture_on_commit_callbacks(execute=True):
        services.add_correction(article=story, text="The harbour opens in June.")

    for url in (story.get_absolute_url(), reverse("articles:corrections")):
        assert "The harbour opens in June." in reader.get(url).content.decode(), url
