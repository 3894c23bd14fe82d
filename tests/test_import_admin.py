"""The admin's import page: upload, dry-run report, confirm, final report with links — within each role's rights."""

import io
import json

import pytest
from django.urls import reverse

from articles.admin.imports import upload_root
from articles.models import Article, Status
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
    assert not (upload_root() / token).exists()


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
