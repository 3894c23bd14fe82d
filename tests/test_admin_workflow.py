"""Writers draft and submit; editors publish, schedule and withdraw — whichever admin door is tried."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles.models import Article, Status
from tests.admin_forms import article_form_data, change_url
from tests.factories import (
    DraftArticleFactory,
    ImageFactory,
    PublishedArticleFactory,
    ReviewArticleFactory,
    ScheduledArticleFactory,
    SectionFactory,
)

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
CHANGELIST = reverse("admin:articles_article_changelist")
ADD = reverse("admin:articles_article_add")

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOW, tick=False)]


def _status(article):
    article.refresh_from_db()
    return article.status, article.published_at


def _messages(response):
    return [str(message) for message in response.context["messages"]]


def _tomorrow_fields():
    tomorrow = timezone.localtime(NOW + timedelta(days=1))
    return {"published_at_0": tomorrow.strftime("%d/%m/%Y"), "published_at_1": tomorrow.strftime("%H:%M:%S")}


# --- writers are refused at every door ---


@pytest.mark.parametrize("button", ["_publish", "_schedule", "_withdraw"])
def test_writer_pressing_a_publishing_button_is_refused_and_nothing_changes(writer_client, button):
    article = DraftArticleFactory()
    data = article_form_data(article, headline="Changed by the writer", **{button: "1"}, **_tomorrow_fields())

    response = writer_client.post(change_url(article), data)

    assert response.status_code == 403
    article.refresh_from_db()
    assert (article.status, article.published_at) == (Status.DRAFT, None)
    assert article.headline != "Changed by the writer"


def test_writer_posting_a_published_status_and_publish_time_saves_only_a_draft(writer_client):
    article = DraftArticleFactory()
    data = article_form_data(article, status="published", headline="Writer’s new headline", **_tomorrow_fields())

    response = writer_client.post(change_url(article), data)

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.headline == "Writer’s new headline"
    assert (article.status, article.published_at) == (Status.DRAFT, None)


def test_writer_add_form_creates_a_draft_whatever_is_posted(writer_client):
    section = SectionFactory()
    data = article_form_data(
        headline="A new story", body="<p>Words.</p>", section=section.pk, status="published", **_tomorrow_fields()
    )

    response = writer_client.post(ADD, data)
    refused = writer_client.post(ADD, {**data, "headline": "Published by a writer?", "_publish": "1"})

    assert response.status_code == 302
    created = Article.objects.get(headline="A new story")
    assert (created.status, created.published_at) == (Status.DRAFT, None)
    assert refused.status_code == 403
    assert not Article.objects.filter(headline="Published by a writer?").exists()


@pytest.mark.parametrize("action", ["publish_now", "schedule", "withdraw"])
def test_writer_cannot_run_publishing_bulk_actions(writer_client, action):
    draft, live = DraftArticleFactory(), PublishedArticleFactory()
    before = {article.pk: _status(article) for article in (draft, live)}

    response = writer_client.post(
        CHANGELIST, {"action": action, ACTION_CHECKBOX_NAME: [draft.pk, live.pk], "apply": "1", **_tomorrow_fields()}
    )
    page = writer_client.get(CHANGELIST)

    assert response.status_code == 302  # the admin answers "no action selected"
    assert {article.pk: _status(article) for article in (draft, live)} == before
    assert f'value="{action}"' not in page.text


def test_writer_cannot_edit_or_restore_a_published_story(writer_client, editor):
    article = PublishedArticleFactory(headline="Live story")
    data = article_form_data(article, headline="Writer rewrote the live story")

    page = writer_client.get(change_url(article))
    post = writer_client.post(change_url(article), data)
    version_id = _first_version_id(article, editor)
    restore = writer_client.post(reverse("admin:articles_article_revision", args=[article.pk, version_id]), data)

    assert page.status_code == 200 and 'name="_save"' not in page.text  # read-only view
    # Not a bare 403 (a writer may have been typing when the story went out): the form comes back with their words
    # and says why; nothing of theirs reaches the story.
    assert post.status_code == 200 and "While you were writing, an editor published it" in post.text
    assert "Writer rewrote the live story" in post.text
    assert restore.status_code == 403
    article.refresh_from_db()
    assert article.headline == "Live story"


def test_writer_submits_a_draft_for_review_from_the_form(writer_client):
    article = DraftArticleFactory()

    response = writer_client.post(change_url(article), article_form_data(article, _submit_review="1"), follow=True)

    assert _status(article) == (Status.IN_REVIEW, None)
    assert any("waiting for an editor" in message for message in _messages(response))


def test_writer_sees_no_publishing_buttons(writer_client):
    page = writer_client.get(change_url(DraftArticleFactory()))

    assert 'name="_submit_review"' in page.text
    for button in ("_publish", "_schedule", "_withdraw"):
        assert f'name="{button}"' not in page.text


# --- editors ---


def test_editor_publishes_a_story_in_review_from_the_form(editor_client):
    article = ReviewArticleFactory()

    response = editor_client.post(change_url(article), article_form_data(article, _publish="1"), follow=True)

    assert _status(article) == (Status.PUBLISHED, NOW)
    assert any("is published" in message for message in _messages(response))
    assert Article.objects.published().filter(pk=article.pk).exists()


def test_editor_schedules_a_story_for_the_typed_time(editor_client):
    article = DraftArticleFactory()

    editor_client.post(change_url(article), article_form_data(article, _schedule="1", **_tomorrow_fields()))

    assert _status(article) == (Status.PUBLISHED, NOW + timedelta(days=1))
    assert not Article.objects.published().filter(pk=article.pk).exists()
    with time_machine.travel(NOW + timedelta(days=1, minutes=1)):
        assert Article.objects.published().filter(pk=article.pk).exists()


def test_scheduling_without_a_future_time_is_refused_with_a_reason(editor_client):
    article = DraftArticleFactory()

    response = editor_client.post(change_url(article), article_form_data(article, _schedule="1"), follow=True)

    assert _status(article) == (Status.DRAFT, None)
    assert "Set a publish time before scheduling." in _messages(response)


def test_editor_saving_a_live_story_keeps_its_publish_time(editor_client):
    article = PublishedArticleFactory(published_at=NOW - timedelta(hours=3, microseconds=-250))
    published_at = article.published_at

    response = editor_client.post(change_url(article), article_form_data(article, headline="Corrected"), follow=True)

    assert _status(article) == (Status.PUBLISHED, published_at)
    assert not any("publish time" in m for m in _messages(response))


def test_editor_moves_a_scheduled_story_by_editing_its_publish_time(editor_client):
    article = ScheduledArticleFactory(published_at=NOW + timedelta(hours=5))

    editor_client.post(change_url(article), article_form_data(article, **_tomorrow_fields()))

    assert _status(article) == (Status.PUBLISHED, NOW + timedelta(days=1))


def test_editor_withdraws_a_live_story(editor_client):
    article = PublishedArticleFactory()

    editor_client.post(change_url(article), article_form_data(article, _withdraw="1"))

    assert _status(article)[0] == Status.WITHDRAWN


def test_editor_bulk_actions_publish_schedule_and_withdraw(editor_client):
    drafts = DraftArticleFactory.create_batch(2)
    later = DraftArticleFactory()
    live = PublishedArticleFactory()

    editor_client.post(CHANGELIST, {"action": "publish_now", ACTION_CHECKBOX_NAME: [a.pk for a in drafts]})
    confirm = editor_client.post(CHANGELIST, {"action": "schedule", ACTION_CHECKBOX_NAME: [later.pk]})
    editor_client.post(
        CHANGELIST, {"action": "schedule", ACTION_CHECKBOX_NAME: [later.pk], "apply": "1", **_at_fields()}
    )
    editor_client.post(CHANGELIST, {"action": "withdraw", ACTION_CHECKBOX_NAME: [live.pk]})

    assert [_status(a) for a in drafts] == [(Status.PUBLISHED, NOW)] * 2
    assert "These stories go live at the time you choose" in confirm.text
    assert _status(later) == (Status.PUBLISHED, NOW + timedelta(days=1))
    assert _status(live)[0] == Status.WITHDRAWN


def _at_fields():
    tomorrow = timezone.localtime(NOW + timedelta(days=1))
    return {"at_0": tomorrow.strftime("%d/%m/%Y"), "at_1": tomorrow.strftime("%H:%M:%S")}


# --- what stops publication ---


def test_publishing_is_refused_with_a_message_naming_every_missing_part(editor_client):
    article = DraftArticleFactory(body="", section=None)
    article.lead_image = ImageFactory(alt_text="")
    article.save()

    response = editor_client.post(change_url(article), article_form_data(article, _publish="1"), follow=True)

    assert _status(article) == (Status.DRAFT, None)
    [refusal] = [m for m in _messages(response) if "cannot be published" in m]
    assert "a body" in refusal and "a section" in refusal and "alt text on the lead image" in refusal
    # The words were kept, but nothing tells the editor it went well.
    assert not any("successfully" in m for m in _messages(response))
    assert any("the story’s status has not changed" in m for m in _messages(response))


def test_bulk_publish_refuses_a_story_whose_body_picture_lacks_alt_text(editor_client):
    picture = ImageFactory(alt_text="")
    body = f'<p>Text.</p><figure data-image-id="{picture.pk}"><img src="/x.jpg" alt=""></figure>'
    article = DraftArticleFactory(headline="Picture story", body=body)
    editor_client.post(change_url(article), article_form_data(article))  # saving syncs the body's pictures

    response = editor_client.post(
        CHANGELIST, {"action": "publish_now", ACTION_CHECKBOX_NAME: [article.pk]}, follow=True
    )

    assert _status(article)[0] == Status.DRAFT
    assert any("alt text on 1 image(s) in the body" in m for m in _messages(response))


def test_view_on_site_appears_only_once_published(editor_client):
    draft, scheduled, live = DraftArticleFactory(), ScheduledArticleFactory(), PublishedArticleFactory()

    pages = {name: editor_client.get(change_url(a)).text for name, a in [("d", draft), ("s", scheduled), ("l", live)]}

    assert "View on site" not in pages["d"] and "View on site" not in pages["s"]
    assert "View on site" in pages["l"]
    assert reverse("articles:preview", args=[draft.pk]) in pages["d"]


# --- revisions ---


def _first_version_id(article, user):
    """Give the story a saved revision (as an admin save would) and return its id."""
    import reversion

    with reversion.create_revision():
        article.save()
        reversion.set_user(user)
    return Version.objects.get_for_object(article).first().pk


def test_editor_restores_an_earlier_revision_from_the_history(editor_client):
    article = DraftArticleFactory(headline="First wording")
    editor_client.post(change_url(article), article_form_data(article))
    article.refresh_from_db()
    editor_client.post(change_url(article), article_form_data(article, headline="Second wording"))
    first = Version.objects.get_for_object(article).last()
    article.refresh_from_db()

    compare = editor_client.get(
        reverse("admin:articles_article_compare", args=[article.pk]),
        {"version_id1": first.pk, "version_id2": Version.objects.get_for_object(article).first().pk},
    )
    restore_url = reverse("admin:articles_article_revision", args=[article.pk, first.pk])
    editor_client.post(restore_url, article_form_data(article, headline="First wording"))

    assert compare.status_code == 200 and "Second wording" in compare.text
    article.refresh_from_db()
    assert article.headline == "First wording"


def test_restoring_a_published_revision_as_a_writer_keeps_the_story_a_draft(writer_client, editor):
    article = PublishedArticleFactory(headline="Went out once")
    published_version = _first_version_id(article, editor)
    Article.objects.filter(pk=article.pk).update(status=Status.DRAFT, published_at=None, headline="Back to draft")
    article.refresh_from_db()

    restore_url = reverse("admin:articles_article_revision", args=[article.pk, published_version])
    form = writer_client.get(restore_url)
    response = writer_client.post(restore_url, article_form_data(article, headline="Went out once"))

    assert form.status_code == 200 and response.status_code == 302
    article.refresh_from_db()
    assert article.headline == "Went out once"
    assert (article.status, article.published_at) == (Status.DRAFT, None)
    assert not Article.objects.published().filter(pk=article.pk).exists()
