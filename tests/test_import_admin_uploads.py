"""Where the admin import keeps uploads between preview and confirm, and how a confirm runs exactly once."""

import io
import json
import stat
import tempfile
from pathlib import Path

import pytest
from django.urls import reverse

from articles.admin import imports as admin_import
from articles.models import Article
from tests.importing import ninjs_story

pytestmark = pytest.mark.django_db
URL = "admin:articles_article_import"


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
    real_run, seconds = admin_import.run_import, []

    def run_import(paths, **kwargs):
        if not kwargs["dry_run"] and not seconds:
            # The second request read the session before the first one took the token out of it.
            session = editor_client.session
            session[admin_import.SESSION_KEY] = {token: options}
            session.save()
            seconds.append(editor_client.post(reverse(URL), {"token": token}).content.decode())
        return real_run(paths, **kwargs)

    monkeypatch.setattr(admin_import, "run_import", run_import)

    editor_client.post(reverse(URL), {"token": token})

    assert "already imported" in seconds[0]
    assert Article.objects.count() == 1


def test_uploads_wait_in_a_private_folder_of_this_process_by_default(settings, editor_client):
    settings.NEWSROOM = {k: v for k, v in settings.NEWSROOM.items() if k != "IMPORT_UPLOAD_DIR"}

    preview = editor_client.post(reverse(URL), {"files": [_upload("w.jsonl", ninjs_story())], "format": "auto"})

    root = admin_import.upload_root()
    assert root.parent == Path(tempfile.gettempdir())
    assert root.name != "newsroom-admin-imports"
    assert stat.S_IMODE(root.stat().st_mode) == 0o700
    assert (root / preview.context["token"]).is_dir()


def test_uploads_wait_in_the_configured_folder_when_one_is_set(settings, editor_client, tmp_path):
    settings.NEWSROOM = {**settings.NEWSROOM, "IMPORT_UPLOAD_DIR": str(tmp_path / "uploads")}

    preview = editor_client.post(reverse(URL), {"files": [_upload("w.jsonl", ninjs_story())], "format": "auto"})

    assert (tmp_path / "uploads" / preview.context["token"]).is_dir()
