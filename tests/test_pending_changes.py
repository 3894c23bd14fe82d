"""Pending changes of a live story: saved as draft, readers keep the live version until an editor publishes them."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from articles import services
from articles.models import Article, PendingChange
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

    assert publish.status_code == 403 and plain.status_code == 403
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
