"""The desk's activity page: who did what and when, for editors only, filterable and paginated."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.admin import activity
from ingest.importers import run_import
from tests.factories import (
    PublishedArticleFactory,
    ReviewArticleFactory,
    SectionFactory,
    TopicFactory,
    UserFactory,
)
from tests.importing import ninjs_story, write_ninjs

pytestmark = pytest.mark.django_db

URL = "admin:articles_article_activity"


def _rows(response) -> list[str]:
    body = response.text.split("<tbody>")[1].split("</tbody>")[0]
    return body.split("<tr>")[1:]


@pytest.fixture
def history(editor, tmp_path):
    writer = UserFactory(username="wendy", role="Writer")
    story = ReviewArticleFactory(headline="Harbour plan approved")
    services.publish_article(article=story, user=editor)
    services.add_correction(article=story, text="The vote was 7–2.", user=editor)
    services.save_pending_changes(article=story, data={"headline": "Harbour plan approved, again"}, user=writer)
    old, kept = TopicFactory(name="Econ"), TopicFactory(name="Economy")
    services.merge_tags(source=old, target=kept, user=editor)
    services.withdraw_article(article=PublishedArticleFactory(headline="Ferry story pulled"), user=editor)
    SectionFactory(name="World", slug="world")
    run_import([write_ninjs(tmp_path / "wire.jsonl", ninjs_story("urn:wire:1", headline="Wire story"))])
    PublishedArticleFactory(headline="Agency copy that expired", expires_at=timezone.now() - timedelta(minutes=5))
    return story


def test_editors_see_every_kind_of_action_with_who_and_a_link_to_the_story(editor_client, history):
    response = editor_client.get(reverse(URL))
    page = "".join(_rows(response))

    assert response.status_code == 200
    for what in (
        "Published",
        "Correction published: The vote was 7–2.",
        "Saved changes as draft",
        "Merged topic “Econ” into “Economy”",
        "Withdrawn",
        "Imported from wire.jsonl",
        "Expired",
    ):
        assert what in page, what
    assert "wendy" in page and "editor" in page
    assert reverse("admin:articles_article_change", args=[history.pk]) in page
    assert "Agency copy that expired" in page


def test_the_list_is_newest_first_with_expiries_in_their_place(editor_client, editor):
    start = timezone.now()
    for minutes, headline in ((30, "Oldest story"), (10, "Newest story")):
        with time_machine.travel(start - timedelta(minutes=minutes), tick=False):
            services.publish_article(article=ReviewArticleFactory(headline=headline), user=editor)
    PublishedArticleFactory(headline="Expired in between", expires_at=start - timedelta(minutes=20))

    rows = _rows(editor_client.get(reverse(URL)))

    assert ["Newest story" in rows[0], "Expired in between" in rows[1], "Oldest story" in rows[2]] == [True] * 3


def test_filters_by_user_action_and_date(editor_client, history):
    wendy = history.pending_change.updated_by

    def shown(**query):
        return "".join(_rows(editor_client.get(reverse(URL), query)))

    by_user = shown(user=wendy.pk)
    corrections = shown(action="correction")
    expiries = shown(action="expiry")
    future = shown(since=(timezone.localdate() + timedelta(days=1)).isoformat())
    today = shown(since=timezone.localdate().isoformat(), until=timezone.localdate().isoformat())

    assert "Saved changes as draft" in by_user and "Correction published" not in by_user
    assert "Correction published" in corrections and "Saved changes as draft" not in corrections
    assert "Agency copy that expired" in expiries and "Withdrawn" not in expiries
    assert "Nothing matches." in future
    assert "Withdrawn" in today and "Imported from" in today


def test_the_page_is_paginated(editor_client, editor, monkeypatch):
    monkeypatch.setattr(activity, "PER_PAGE", 2)
    for n in range(5):
        with time_machine.travel(timezone.now() - timedelta(minutes=10 - n), tick=False):
            services.publish_article(article=ReviewArticleFactory(headline=f"Story number {n}"), user=editor)

    first = editor_client.get(reverse(URL)).text
    last = editor_client.get(reverse(URL), {"page": 3, "action": "publish"}).text

    assert "Story number 4" in first and "Story number 2" not in first and "page=2" in first
    assert "Story number 0" in last and "Story number 4" not in last


def test_writers_cannot_see_the_activity_page_nor_its_link(writer_client):
    assert writer_client.get(reverse(URL)).status_code == 403
    assert reverse(URL) not in writer_client.get(reverse("admin:articles_article_changelist")).text


def test_editors_find_it_from_the_article_list(editor_client):
    assert reverse(URL) in editor_client.get(reverse("admin:articles_article_changelist")).text
