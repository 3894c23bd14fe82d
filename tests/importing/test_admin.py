"""The admin's import page: upload, dry run, confirm and report within each role's rights; where uploads wait."""

import io
import json
import tempfile
from pathlib import Path

import pytest
from django.http import Http404
from django.test import RequestFactory
from django.urls import reverse

from articles.models import Article, Status
from ingest import staging
from ingest.desk import imports as admin_import
from newsroom.media import serve_media
from tests.factories import SectionFactory, UserFactory
from tests.importing import ninjs_story

pytestmark = pytest.mark.django_db
URL = "admin:articles_article_import"


def upload(name: str = "wire.jsonl", *stories: dict) -> io.BytesIO:
    data = "\n".join(json.dumps(story) for story in (stories or [ninjs_story()]))
    file = io.BytesIO(data.encode())
    file.name = name
    return file


def test_editor_previews_an_upload_then_confirms_and_gets_links_to_the_drafts(editor_client):
    stories = [ninjs_story("urn:a", headline="Ferry cancelled"), ninjs_story("urn:b", headline="")]

    preview = editor_client.post(reverse(URL), {"files": [upload("wire.jsonl", *stories)], "format": "auto"})

    assert preview.status_code == 200
    page = preview.content.decode()
    assert "Dry run" in page and "Ferry cancelled" in page
    assert "wire.jsonl item 2" in page and "no headline" in page
    assert not Article.objects.exists()
    token = preview.context["token"]

    final = editor_client.post(reverse(URL), {"token": token})

    article = Article.objects.get()
    assert article.status == Status.DRAFT
    assert reverse("admin:articles_article_change", args=[article.pk]) in final.content.decode()
    assert "Import finished" in final.content.decode()
    assert not staging.stored_files(token)


def test_a_confirmed_preview_cannot_be_replayed(editor_client):
    preview = editor_client.post(reverse(URL), {"files": [upload()], "format": "auto"})
    editor_client.post(reverse(URL), {"token": preview.context["token"]})

    again = editor_client.post(reverse(URL), {"token": preview.context["token"]})

    assert "already imported" in again.content.decode()
    assert Article.objects.count() == 1


def test_an_editor_can_publish_through_the_page(editor_client):
    SectionFactory(slug="news")
    data = {"files": [upload()], "format": "auto", "section": "news", "publish": "on"}
    preview = editor_client.post(reverse(URL), data)

    editor_client.post(reverse(URL), {"token": preview.context["token"]})

    assert Article.objects.get().is_published


def test_a_writer_imports_drafts_only_even_when_asking_to_publish(writer_client):
    SectionFactory(slug="news")
    form = writer_client.get(reverse(URL))
    assert "publish" not in form.context["form"].fields

    preview = writer_client.post(
        reverse(URL), {"files": [upload()], "format": "auto", "section": "news", "publish": "on"}
    )
    writer_client.post(reverse(URL), {"token": preview.context["token"]})

    assert Article.objects.get().status == Status.DRAFT


def test_people_outside_the_newsroom_cannot_open_the_page(client):
    reader = UserFactory(username="reader", is_staff=False)
    client.force_login(reader)
    assert client.get(reverse(URL)).status_code == 302  # to the admin login

    staff_without_rights = UserFactory(username="intern")
    client.force_login(staff_without_rights)
    assert client.get(reverse(URL)).status_code == 403


# --- where uploads wait, and a confirm that runs once --------------------------------------------------------------


def _upload(name: str, *stories: dict) -> io.BytesIO:
    file = io.BytesIO("\n".join(json.dumps(story) for story in stories).encode())
    file.name = name
    return file


def test_two_uploads_with_the_same_file_name_are_both_imported(editor_client):
    first = _upload("wire.jsonl", ninjs_story("urn:a", headline="Ferry cancelled"))
    second = _upload("wire.jsonl", ninjs_story("urn:b", headline="Bridge reopens"))

    preview = editor_client.post(reverse(URL), {"files": [first, second], "format": "auto"})
    editor_client.post(reverse(URL), {"token": preview.context["token"]})

    assert sorted(Article.objects.values_list("headline", flat=True)) == ["Bridge reopens", "Ferry cancelled"]


def test_a_confirm_submitted_again_while_the_first_runs_imports_once(editor_client, monkeypatch):
    preview = editor_client.post(reverse(URL), {"files": [_upload("w.jsonl", ninjs_story())], "format": "auto"})
    token, options = preview.context["token"], preview.context["options"]
    real_run, seconds = staging.run_import, []

    def run_import(paths, **kwargs):
        if not kwargs["dry_run"] and not seconds:
            # The second request read the session before the first one took the token out of it.
            session = editor_client.session
            session[admin_import.SESSION_KEY] = {token: options}
            session.save()
            seconds.append(editor_client.post(reverse(URL), {"token": token}).content.decode())
        return real_run(paths, **kwargs)

    monkeypatch.setattr(staging, "run_import", run_import)

    editor_client.post(reverse(URL), {"token": token})

    assert "already imported" in seconds[0]
    assert Article.objects.count() == 1


def test_uploads_wait_in_media_storage_under_the_previews_token_and_are_never_served(settings, editor_client):
    preview = editor_client.post(reverse(URL), {"files": [_upload("w.jsonl", ninjs_story())], "format": "auto"})
    token = preview.context["token"]

    # Where every instance reads them (the media storage: shared disk or the bucket), not a folder of this process's.
    assert staging.stored_files(token) == ["w.jsonl"]
    assert (Path(settings.MEDIA_ROOT) / "imports" / token / "w.jsonl").is_file()
    assert not Path(tempfile.gettempdir(), token).exists()
    # Media served by Django (SERVE_MEDIA) refuses them, however the address is spelled.
    for address in (f"imports/{token}/w.jsonl", f"./imports/{token}/w.jsonl", f"x/../imports/{token}/w.jsonl"):
        with pytest.raises(Http404):
            serve_media(RequestFactory().get("/"), address)
