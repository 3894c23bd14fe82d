"""Who is editing a story, and work that is never lost: the lock a heartbeat renews (WordPress's post lock), taking
a story over, autosaved drafts offered back after a closed tab, and every refused save kept as its author's draft —
including the writer whose story was scheduled while they typed."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from articles.models import Article, DraftReason, PendingChange, Status, StoryDraft, StoryLock
from tests.admin_forms import article_form_data, change_url
from tests.factories import DraftArticleFactory, PublishedArticleFactory, SectionFactory, UserFactory

NOW = datetime(2026, 3, 2, 14, 5, tzinfo=UTC)
pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOW, tick=False)]


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def editing_url(article) -> str:
    return reverse("admin:articles_article_editing", args=[article.pk])


def autosave_url(article=None) -> str:
    if article is None:
        return reverse("admin:articles_article_autosave_new")
    return reverse("admin:articles_article_autosave", args=[article.pk])


def beat(client, article, action="renew") -> dict:
    response = client.post(editing_url(article), {"action": action})
    assert response.status_code == 200
    return response.json()


@pytest.fixture
def eleanor(db):
    return UserFactory(username="eleanor", role="Editor", first_name="Eleanor", last_name="Marsh")


@pytest.fixture
def tom(db):
    return UserFactory(username="tom", role="Editor", first_name="Tom", last_name="Hale")


# --- the lock ---


def test_opening_a_story_takes_it_and_a_second_editor_is_told_who_has_it_and_since_when(eleanor, tom):
    story = DraftArticleFactory(headline="Harbour wall repairs")

    client_for(eleanor).get(change_url(story))
    with time_machine.travel(NOW + timedelta(seconds=30), tick=False):  # before her form's next beat is missed
        page = client_for(tom).get(change_url(story)).text

    lock = StoryLock.objects.get(article=story)
    assert lock.user == eleanor
    assert "Eleanor Marsh</strong> is editing this story" in page and "(since 14:05)" in page
    assert "Take over" in page


def test_the_heartbeat_keeps_the_lock_and_it_lapses_when_the_beats_stop(eleanor, tom):
    story = DraftArticleFactory()
    first = client_for(eleanor)
    first.get(change_url(story))

    for seconds in (15, 30, 45, 60, 75):  # the open form beats every 15 s
        with time_machine.travel(NOW + timedelta(seconds=seconds), tick=False):
            assert beat(first, story)["mine"]
    with time_machine.travel(NOW + timedelta(seconds=90), tick=False):
        assert beat(client_for(tom), story)["holder"] == "Eleanor Marsh"  # still beating: not taken
    # Eleanor closes the tab at 75 s: a minute later the story is free, and Tom's next beat takes it.
    with time_machine.travel(NOW + timedelta(seconds=140), tick=False):
        state = beat(client_for(tom), story)
    assert state["mine"] and StoryLock.objects.get(article=story).user == tom


def test_taking_over_tells_the_first_editor_and_their_next_save_is_kept_as_their_draft(eleanor, tom):
    story = DraftArticleFactory(headline="Ferry timetable changes", section=SectionFactory())
    first, second = client_for(eleanor), client_for(tom)
    first.get(change_url(story))
    opened = article_form_data(story)

    second.get(change_url(story))
    taken = beat(second, story, "take")
    told = beat(first, story)
    second.post(change_url(story), {**opened, "headline": "Ferry timetable: winter changes"})
    late = first.post(change_url(story), {**opened, "standfirst": "Eleanor's standfirst, typed with care."})

    assert taken["mine"] and not told["mine"]
    assert told["holder"] == "Tom Hale" and told["taken_over"]
    assert late.status_code == 200
    assert "Tom Hale took this story over at 14:05" in late.text
    assert "standfirst, typed with care." in late.text  # still in the form
    story.refresh_from_db()
    assert story.headline == "Ferry timetable: winter changes" and "Eleanor" not in story.standfirst
    kept = StoryDraft.objects.get(article=story, user=eleanor)
    assert kept.reason == DraftReason.TAKEN_OVER
    assert kept.data["standfirst"] == "Eleanor's standfirst, typed with care."


def test_the_story_list_shows_who_is_editing(eleanor, tom):
    story = DraftArticleFactory(headline="Council tax rise")
    client_for(eleanor).get(change_url(story))

    listing = client_for(tom).get(reverse("admin:articles_article_changelist")).text

    assert "Eleanor Marsh editing" in listing
    with time_machine.travel(NOW + timedelta(minutes=5), tick=False):  # her tab closed long ago
        assert "Eleanor Marsh editing" not in client_for(tom).get(reverse("admin:articles_article_changelist")).text


# --- autosave and restore ---


def test_an_autosaved_draft_is_offered_back_after_the_tab_closed_and_restores_into_the_form(eleanor):
    story = DraftArticleFactory(headline="Storm warning", body="<p>Rain tonight.</p>")
    client = client_for(eleanor)
    client.get(change_url(story))
    typed = article_form_data(story, body="<p>Rain tonight, and gales by morning on the coast.</p>")

    saved = client.post(autosave_url(story), typed)  # the form, a few seconds after the typing stopped
    with time_machine.travel(NOW + timedelta(hours=1), tick=False):  # the tab closed; she opens the story again
        offered = client.get(change_url(story)).text
        restored = client.get(change_url(story) + "?restore=1").text

    assert saved.status_code == 200 and saved.json()["saved_text"] == "14:05"
    story.refresh_from_db()
    assert story.body == "<p>Rain tonight.</p>"  # an autosave never touches the story
    assert "You have unsaved text of “Storm warning”</strong> from 14:05" in offered
    assert "Restore it" in offered
    assert "Rain tonight, and gales by morning on the coast." in restored
    assert "Restored your text from 14:05" in restored


def test_saving_the_story_clears_the_editors_autosave(eleanor):
    story = DraftArticleFactory(section=SectionFactory())
    client = client_for(eleanor)
    client.post(autosave_url(story), article_form_data(story, standfirst="Typed, then saved."))

    client.post(change_url(story), article_form_data(story, standfirst="Typed, then saved."))

    assert not StoryDraft.objects.filter(article=story).exists()
    assert "You have unsaved text" not in client.get(change_url(story)).text


def test_a_new_story_not_yet_saved_is_autosaved_and_offered_on_the_add_form(eleanor):
    client = client_for(eleanor)
    typed = article_form_data(headline="Bridge reopens", body="<p>The bridge reopened at noon.</p>")

    client.post(autosave_url(), typed)
    offered = client.get(reverse("admin:articles_article_add")).text
    restored = client.get(reverse("admin:articles_article_add") + "?restore=1").text

    assert not Article.objects.exists()
    assert "You have unsaved text of “Bridge reopens”" in offered
    assert 'value="Bridge reopens"' in restored and "The bridge reopened at noon." in restored


def test_someone_elses_draft_is_never_offered(eleanor, tom):
    story = DraftArticleFactory()
    client_for(eleanor).post(autosave_url(story), article_form_data(story, headline="Eleanor's words"))

    assert "You have unsaved text" not in client_for(tom).get(change_url(story)).text


def test_a_stale_save_is_kept_as_a_draft_and_offered_back(eleanor, tom):
    story = DraftArticleFactory(headline="Before")
    opened = article_form_data(story)
    client_for(tom).post(change_url(story), {**opened, "headline": "Tom's headline"})

    late = client_for(eleanor).post(change_url(story), {**opened, "standfirst": "Eleanor's careful standfirst."})

    assert late.status_code == 200 and "after you opened it" in late.text
    kept = StoryDraft.objects.get(article=story, user=eleanor)
    assert kept.reason == DraftReason.STALE and kept.data["standfirst"] == "Eleanor's careful standfirst."
    page = client_for(eleanor).get(change_url(story)).text
    assert "The story was saved by someone since then." in page


# --- the writer whose story went out while they typed ---


def test_a_writer_whose_story_was_scheduled_while_they_typed_gets_the_form_back_with_their_text(writer, editor):
    story = DraftArticleFactory(headline="Marathon road closures", section=SectionFactory(), created_by=writer)
    writing = client_for(writer)
    writing.get(change_url(story))
    opened = article_form_data(story)
    # An editor schedules it meanwhile.
    story.status, story.published_at = Status.PUBLISHED, NOW + timedelta(hours=2)
    story.lock_version += 1
    story.save()

    response = writing.post(
        change_url(story), {**opened, "body": "<p>Roads around the park close from 6am on Sunday.</p>"}
    )

    assert response.status_code == 200  # never a bare 403
    assert "While you were writing, an editor scheduled it for 2 March 2026, 16:05" in response.text
    assert "Roads around the park close from 6am on Sunday." in response.text
    story.refresh_from_db()
    assert "Roads around the park" not in story.body and story.status == Status.PUBLISHED
    kept = StoryDraft.objects.get(article=story, user=writer)
    assert kept.reason == DraftReason.LOCKED and "Roads around the park" in kept.data["body"]
    shown = writing.get(reverse("admin:articles_article_kept_text", args=[story.pk]))
    assert shown.status_code == 200 and "Roads around the park close from 6am on Sunday." in shown.text


# --- plain Save never publishes a live story's edits ---


def test_plain_save_of_a_live_story_keeps_its_edits_as_pending_changes(editor_client, client):
    story = PublishedArticleFactory(headline="Floods close valley roads")

    editor_client.post(change_url(story), article_form_data(story, headline="Valley roads reopen", _save="1"))

    story.refresh_from_db()
    assert story.headline == "Floods close valley roads"
    assert PendingChange.objects.get(article=story).data["headline"] == "Valley roads reopen"
    assert "Valley roads reopen" not in client.get(story.get_absolute_url()).text
