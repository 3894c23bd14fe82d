"""Large admin imports run on a worker: the page shows progress, then the per-item report; small ones stay instant."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Article
from ingest.models import UploadImport, UploadStatus
from tests.factories import SectionFactory

pytestmark = pytest.mark.django_db


def wire(count: int) -> bytes:
    lines = (
        json.dumps({"uri": f"urn:big:{n}", "headline": f"Big story {n}", "body_html": "<p>x</p>"}) for n in range(count)
    )
    return "\n".join(lines).encode()


@pytest.fixture
def page():
    SectionFactory(name="World", slug="world")
    return reverse("admin:articles_article_import")


def upload(client, page, data: bytes):
    files = {"files": SimpleUploadedFile("wire.jsonl", data), "format": "ninjs", "section": "world", "source": ""}
    return client.post(page, files)


def test_a_large_upload_is_dry_run_and_imported_by_a_worker_with_progress_and_a_report(
    editor_client, page, settings, django_capture_on_commit_callbacks
):
    settings.NEWSROOM = {**settings.NEWSROOM, "IMPORT_BACKGROUND_BYTES": 1000}
    # Queued, not yet run: the page says so and refreshes itself.
    response = upload(editor_client, page, wire(40))
    job = UploadImport.objects.get(dry_run=True)
    assert response.status_code == 302 and response["Location"].endswith(f"?job={job.pk}")
    waiting = editor_client.get(response["Location"]).text
    assert "0 items so far" in waiting and 'http-equiv="refresh"' in waiting

    from ingest.tasks import import_upload

    import_upload.enqueue(str(job.pk))  # what the worker does
    preview = editor_client.get(response["Location"]).text
    assert "Dry run — nothing has been saved yet" in preview and "40 created" in preview
    assert not Article.objects.exists()

    token = job.token
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = editor_client.post(page, {"token": token})
    confirm_job = UploadImport.objects.get(dry_run=False)
    assert confirm_job.total == 40 and confirm_job.status == UploadStatus.FINISHED
    report = editor_client.get(confirmed["Location"]).text
    assert "Import finished" in report and "40 created" in report
    assert Article.objects.count() == 40

    # A second submit of the same confirm is told the files were imported: nothing is imported twice.
    again = editor_client.post(page, {"token": token})
    assert "already imported" in again.text and Article.objects.count() == 40


def test_a_confirm_submitted_twice_while_queued_shows_the_same_job(editor_client, page, settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "IMPORT_BACKGROUND_BYTES": 1000}
    token = UploadImport.objects.get(pk=upload(editor_client, page, wire(40))["Location"].split("=")[1]).token
    first, second = editor_client.post(page, {"token": token}), editor_client.post(page, {"token": token})
    assert first["Location"] == second["Location"]
    assert UploadImport.objects.filter(dry_run=False).count() == 1


def test_a_running_import_shows_items_done_of_total(editor_client, page, editor):
    job = UploadImport.objects.create(
        user=editor, token="t" * 22, folder="/nowhere", dry_run=False, status=UploadStatus.RUNNING, done=120, total=4000
    )
    text = editor_client.get(f"{page}?job={job.pk}").text
    assert "120 of 4,000 items" in text


def test_someone_elses_import_is_not_shown(client, page, editor, writer):
    job = UploadImport.objects.create(user=editor, token="u" * 22, folder="/nowhere", dry_run=True)
    client.force_login(writer)
    assert client.get(f"{page}?job={job.pk}").status_code == 404


def test_a_small_upload_is_still_dry_run_in_the_request(editor_client, page):
    response = upload(editor_client, page, wire(2))
    assert response.status_code == 200 and "2 created" in response.text
    assert not UploadImport.objects.exists()
