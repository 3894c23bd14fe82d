"""Pending changes of a live story: saved as draft, readers keep the live version until an editor publishes them."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles import services
from articles.models import Article, PendingChange
from articles.sanitize import clean_body
from tests.admin_forms import article_form_data, change_url
from tests.factories import DraftArticleFactory, PublishedArticleFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def live():
    return PublishedArticleFactory(headline="Bridge reopens after repairs", slug="bridge-reopens")


def _save_as_draft(client, article, **changes):
    return client.post(change_url(article), article_form_data(article, _save_pending="1", **changes))


def test_saving_changes_as_draft_keeps_the_public_page_exactly_as_it_was(editor_client, client, live):
    before = client.get(live.get_absolute_url())
    topic = TopicFactory(name="Roadworks")

    response = _save_as_draft(editor_client, live, headline="Bridge stays shut", topics=[topic.pk])

    assert response.status_code == 302
    after = client.get(live.get_absolute_url())
    assert after.status_code == 200 and "Bridge reopens after repairs" in after.text
    assert "Bridge stays shut" not in after.text and "Roadworks" not in after.text
    assert after["ETag"] == before["ETag"]
    live.refresh_from_db()
    assert live.headline == "Bridge reopens after repairs" and not live.topics.exists()


def test_the_admin_shows_who_made_pending_changes_and_the_form_continues_from_them(editor_client, live, editor):
    editor.first_name, editor.last_name = "Ada", "Editor"
    editor.save()
    _save_as_draft(editor_client, live, headline="Bridge stays shut")

    page = editor_client.get(change_url(live)).text

    assert "Pending changes" in page and "Ada Editor" in page
    assert 'value="Bridge stays shut"' in page
    assert 'name="_publish_pending"' in page and 'name="_save_pending"' in page
    listing = editor_client.get(reverse("admin:articles_article_changelist")).text
    assert re.search(
        r'desk-badge--live">Published</span><span class="desk-badge desk-badge--warning">pending changes<', listing
    )


def test_preview_shows_the_pending_version(editor_client, live):
    topic = TopicFactory(name="Roadworks")
    _save_as_draft(editor_client, live, headline="Bridge stays shut", topics=[topic.pk])

    preview = editor_client.get(reverse("articles:preview", args=[live.pk])).text

    assert "Bridge stays shut" in preview and "Roadworks" in preview
    assert "pending changes" in preview


def test_publish_changes_puts_them_live_with_their_tags(editor_client, client, live):
    topic = TopicFactory(name="Roadworks")
    _save_as_draft(editor_client, live, headline="Bridge stays shut", topics=[topic.pk])
    live.refresh_from_db()

    data = article_form_data(live, headline="Bridge stays shut", topics=[topic.pk], _publish_pending="1")
    response = editor_client.post(change_url(live), data)

    assert response.status_code == 302
    page = client.get(live.get_absolute_url()).text
    assert "Bridge stays shut" in page and "Roadworks" in page
    assert not PendingChange.objects.filter(article=live).exists()


def test_history_keeps_the_pending_and_the_published_versions(editor_client, live):
    _save_as_draft(editor_client, live, headline="Bridge stays shut")
    live.refresh_from_db()
    editor_client.post(
        change_url(live), article_form_data(live, headline="Bridge shut until May", _publish_pending="1")
    )

    versions = list(Version.objects.get_for_object(live).select_related("revision"))
    comments = [version.revision.get_comment() for version in versions]
    headlines = [version.field_dict["headline"] for version in versions]

    assert any(comment.startswith("Saved changes as draft") for comment in comments)
    assert any(comment.startswith("Published pending changes") for comment in comments)
    assert "Bridge stays shut" in headlines and "Bridge shut until May" in headlines
    history = editor_client.get(reverse("admin:articles_article_history", args=[live.pk])).text
    assert "Saved changes as draft" in history


def test_a_writer_opens_a_live_story_and_can_only_save_pending_changes(writer_client, client, live, writer):
    form = writer_client.get(change_url(live)).text
    assert 'name="_save_pending"' in form
    assert 'name="_publish_pending"' not in form and 'name="_continue"' not in form and 'name="_save"' not in form

    assert _save_as_draft(writer_client, live, headline="Writer's better headline").status_code == 302
    assert "Writer's better headline" not in client.get(live.get_absolute_url()).text
    live.refresh_from_db()

    publish = writer_client.post(change_url(live), article_form_data(live, headline="Sneaky", _publish_pending="1"))
    plain = writer_client.post(change_url(live), article_form_data(live, headline="Sneaky", _save="1"))

    assert publish.status_code == 403
    # A plain save is not a bare 403 (the writer may have been typing when it went out): the form comes back with
    # the words, saying why, and nothing reaches the story.
    assert plain.status_code == 200 and "an editor published it" in plain.text and "Sneaky" in plain.text
    assert "Sneaky" not in client.get(live.get_absolute_url()).text
    with pytest.raises(PermissionDenied):
        services.publish_pending_changes(article=live, user=writer)


def test_two_editors_pending_changes_never_silently_overwrite_each_other(editor_client, live):
    second = Client()
    second.force_login(UserFactory(username="second-editor", role="Editor"))
    opened = article_form_data(live)  # both open the form on the same version

    first = editor_client.post(change_url(live), {**opened, "headline": "First editor's words", "_save_pending": "1"})
    late = second.post(change_url(live), {**opened, "headline": "Second editor's words", "_save_pending": "1"})

    assert first.status_code == 302
    assert late.status_code == 200 and "after you opened it" in late.text
    assert PendingChange.objects.get(article=live).data["headline"] == "First editor's words"


def test_the_services_keep_and_publish_pending_changes(live, editor):
    topic = TopicFactory(name="Roadworks")
    services.save_pending_changes(article=live, data={"headline": "Bridge stays shut", "topics": [topic]}, user=editor)
    assert Article.objects.get(pk=live.pk).headline == "Bridge reopens after repairs"

    services.publish_pending_changes(article=live, user=editor)

    live.refresh_from_db()
    assert live.headline == "Bridge stays shut" and list(live.topics.all()) == [topic]
    with pytest.raises(ValidationError):
        services.publish_pending_changes(article=live, user=editor)  # nothing left to publish
    with pytest.raises(ValidationError):
        services.save_pending_changes(article=live, data={"status": "draft"}, user=editor)  # not a form field
    with pytest.raises(ValidationError):
        services.save_pending_changes(article=DraftArticleFactory(), data={"headline": "x"}, user=editor)


def test_pending_changes_leave_cached_pages_alone_and_publishing_them_purges(
    settings, django_capture_on_commit_callbacks, live, editor
):
    settings.NEWSROOM = {**settings.NEWSROOM, "PAGE_CACHE": True, "SEND_SURROGATE_KEYS": True}
    reader = Client()
    reader.get(live.get_absolute_url())

    with django_capture_on_commit_callbacks(execute=True):
        services.save_pending_changes(article=live, data={"headline": "Bridge stays shut"}, user=editor)
    cached = reader.get(live.get_absolute_url())
    assert cached.get("X-Page-Cache") == "hit" and "Bridge reopens after repairs" in cached.text

    with django_capture_on_commit_callbacks(execute=True):
        services.publish_pending_changes(article=live, user=editor)
    assert "Bridge stays shut" in reader.get(live.get_absolute_url()).text


def _expiry_fields(at) -> dict:
    local = timezone.localtime(at)
    return {"expires_at_0": local.strftime("%d/%m/%Y"), "expires_at_1": local.strftime("%H:%M:%S")}


def test_an_expiry_time_saved_as_draft_is_kept_and_set_when_the_changes_are_published(editor_client, client, live):
    at = (timezone.now() + timedelta(days=3)).replace(microsecond=0)
    _save_as_draft(editor_client, live, **_expiry_fields(at))

    live.refresh_from_db()
    assert live.expires_at is None  # readers keep the story as it is
    form = editor_client.get(change_url(live)).text
    assert f'value="{_expiry_fields(at)["expires_at_0"]}"' in form  # the form continues from the draft's expiry
    response = editor_client.post(change_url(live), article_form_data(live, **_expiry_fields(at), _publish_pending="1"))

    assert response.status_code == 302
    live.refresh_from_db()
    assert live.expires_at == at
    with time_machine.travel(at + timedelta(seconds=1), tick=False):
        assert client.get(live.get_absolute_url()).status_code == 410


def test_publishing_pending_changes_sets_the_expiry_they_keep(live, editor):
    at = (timezone.now() + timedelta(days=3)).replace(microsecond=0)
    services.save_pending_changes(article=live, data={"expires_at": at}, user=editor)
    assert Article.objects.get(pk=live.pk).expires_at is None

    services.publish_pending_changes(article=live, user=editor)

    assert Article.objects.get(pk=live.pk).expires_at == at


def test_a_writers_draft_keeps_the_expiry_an_editor_saved_as_draft(writer_client, live, editor):
    at = (timezone.now() + timedelta(days=3)).replace(microsecond=0)
    desk = Client()
    desk.force_login(editor)
    _save_as_draft(desk, live, **_expiry_fields(at))
    live.refresh_from_db()

    _save_as_draft(writer_client, live, headline="Bridge stays shut")  # the writer cannot change the expiry

    services.publish_pending_changes(article=live, user=editor)
    live.refresh_from_db()
    assert live.headline == "Bridge stays shut" and live.expires_at == at


UNSAFE_BODY = '<p>Roads reopen.</p><script>alert("pending")</script><p><img src="/x.jpg" onerror="alert(2)"></p>'


def test_a_script_saved_as_draft_never_reaches_the_pending_change_the_preview_or_history(editor_client, live):
    _save_as_draft(editor_client, live, body=UNSAFE_BODY)

    stored = PendingChange.objects.get(article=live).data["body"]
    preview = editor_client.get(reverse("articles:preview", args=[live.pk])).text
    history = [version.field_dict["body"] for version in Version.objects.get_for_object(live)]

    assert "Roads reopen." in stored and "Roads reopen." in preview
    for html in (stored, preview, *history):
        assert 'alert("pending")' not in html and "onerror" not in html


def test_the_pending_changes_service_stores_the_body_as_a_saved_story_would(live, editor):
    services.save_pending_changes(article=live, data={"body": UNSAFE_BODY}, user=editor)

    stored = PendingChange.objects.get(article=live).data["body"]
    services.publish_pending_changes(article=live, user=editor)

    assert stored == clean_body(UNSAFE_BODY) == Article.objects.get(pk=live.pk).body


def test_a_publish_time_typed_before_saving_as_draft_is_refused_not_dropped(editor_client, live):
    later = timezone.localtime(live.published_at + timedelta(hours=5))
    changes = {"published_at_0": later.strftime("%d/%m/%Y"), "published_at_1": later.strftime("%H:%M:%S")}

    response = _save_as_draft(editor_client, live, headline="Bridge stays shut", **changes)

    assert response.status_code == 200
    assert "The publish time is not kept in changes saved as draft" in response.text
    assert 'value="Bridge stays shut"' in response.text  # the editor's words are still in the form
    assert not PendingChange.objects.filter(article=live).exists()
