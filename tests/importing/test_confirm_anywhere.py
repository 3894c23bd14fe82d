"""The import page on several instances: a preview made on one is confirmed on any other (its files wait in media
storage, on the shared disk or in the bucket, never in one process's folder), a preview is imported once however
many confirms arrive, each told the truth, and an import whose machine died is picked up by confirming again.

Each test runs with media on disk and with media in a real bucket (SeaweedFS, tests/services/seaweedfs.py). Time
passing is the rows' clocks moved back (``aged``), not the process's: the bucket refuses requests signed at a time
far from its own.
"""

import io
import json
import tempfile
import threading
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from articles.models import Article
from ingest import staging, uploads
from ingest.importers import run as import_run
from ingest.models import StagedUpload, UploadImport, UploadStatus
from tests.importing import ninjs_story

pytestmark = pytest.mark.django_db
URL = reverse("admin:articles_article_import")
WERE_IMPORTED = "Those files were already imported"
BEING_IMPORTED = "Those files are being imported now"
EXPIRED = "That preview has expired"


@pytest.fixture(params=["disk", "bucket"])
def media(request):
    """Media on this machine's disk (shared by the instances, as ``make run``'s worker shares it), or in a bucket."""
    if request.param == "bucket":
        request.getfixturevalue("s3_media")
    return request.param


@pytest.fixture
def another_instance(settings, tmp_path, monkeypatch, media):
    """Make the rest of the test run as another instance would: its own temporary folder, its own disk when media is
    in a bucket, the retired IMPORT_UPLOAD_DIR pointing nowhere in particular, no storage object carried over."""

    def switch(name: str = "b"):
        monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / f"{name}-tmp"))
        (tmp_path / f"{name}-tmp").mkdir(exist_ok=True)
        settings.NEWSROOM = {**settings.NEWSROOM, "IMPORT_UPLOAD_DIR": str(tmp_path / f"{name}-uploads")}
        if media == "bucket":
            settings.MEDIA_ROOT = tmp_path / f"{name}-media"  # nothing of the first machine's disk
        settings.STORAGES = {**settings.STORAGES}  # every storage made afresh

    return switch


def batch(n: int, prefix: str = "story") -> io.BytesIO:
    stories = [ninjs_story(f"urn:{prefix}-{i}", headline=f"Story {i}") for i in range(n)]
    file = io.BytesIO("\n".join(json.dumps(story) for story in stories).encode())
    file.name = "wire.jsonl"
    return file


def aged(token: str, by: timedelta) -> None:
    """As if ``by`` had passed since the preview was made, its claim last beat and its jobs last moved."""
    for row in StagedUpload.objects.filter(token=token):
        StagedUpload.objects.filter(pk=row.pk).update(
            **{
                name: getattr(row, name) - by
                for name in ("created_at", "claimed_at", "heartbeat_at")
                if getattr(row, name)
            }
        )
    for job in UploadImport.objects.filter(token=token):
        UploadImport.objects.filter(pk=job.pk).update(updated_at=job.updated_at - by)


def preview(client, n: int = 3) -> str:
    response = client.post(URL, {"files": [batch(n)], "format": "auto"})
    assert response.status_code == 200 and "Dry run" in response.text
    return response.context["token"]


def test_a_preview_made_on_one_instance_is_confirmed_on_another(editor_client, another_instance):
    token = preview(editor_client)

    another_instance()
    final = editor_client.post(URL, {"token": token})

    assert final.context["done"] is True and final.context["summary"] == {"created": 3}
    assert Article.objects.count() == 3
    assert staging.stored_files(token) == []


def test_a_second_confirm_while_the_first_runs_is_told_it_is_running_and_then_that_it_was_imported(
    editor_client, another_instance, monkeypatch
):
    token = preview(editor_client)
    real_run, second = staging.run_import, []

    def run_import(paths, **kwargs):
        if not kwargs["dry_run"] and not second:
            another_instance("b")  # the same confirm, submitted again, lands on the other instance
            second.append(editor_client.post(URL, {"token": token}).text)
        return real_run(paths, **kwargs)

    monkeypatch.setattr(staging, "run_import", run_import)
    editor_client.post(URL, {"token": token})

    assert BEING_IMPORTED in second[0] and WERE_IMPORTED not in second[0]
    assert 'name="token" value="' + token in second[0], "it offers to confirm again, should that run stop"
    assert Article.objects.count() == 3
    another_instance("c")
    third = editor_client.post(URL, {"token": token}).text
    assert WERE_IMPORTED in third and Article.objects.count() == 3


def test_a_confirm_of_a_preview_swept_after_a_day_says_it_expired_not_that_it_was_imported(
    editor_client, another_instance
):
    token = preview(editor_client)
    aged(token, staging.STALE + timedelta(minutes=1))

    preview(editor_client)  # any preview sweeps the old ones
    another_instance()
    answer = editor_client.post(URL, {"token": token}).text

    assert EXPIRED in answer and WERE_IMPORTED not in answer
    assert staging.stored_files(token) == [] and not StagedUpload.objects.filter(token=token).exists()
    assert not Article.objects.exists()


def test_a_confirm_finding_the_files_gone_says_the_preview_expired(editor_client, another_instance):
    token = preview(editor_client)
    staging.discard(token)  # the files went (swept, or never reached the storage this instance reads)

    another_instance()
    answer = editor_client.post(URL, {"token": token}).text

    assert EXPIRED in answer and WERE_IMPORTED not in answer and not Article.objects.exists()


def test_a_confirm_whose_machine_died_is_picked_up_once_its_claim_goes_stale(editor_client, another_instance):
    token = preview(editor_client, n=4)
    staging.claim(token)  # a confirm that claimed the preview on a machine that then died: it gives nothing back

    refused = editor_client.post(URL, {"token": token}).text
    assert BEING_IMPORTED in refused and not Article.objects.exists()

    aged(token, staging.LEASE + timedelta(seconds=1))
    another_instance()
    final = editor_client.post(URL, {"token": token})

    assert final.context["summary"] == {"created": 4}
    assert Article.objects.count() == 4


@pytest.mark.django_db(transaction=True)
def test_of_two_confirms_racing_for_one_preview_exactly_one_claims_it(media):
    if connection.vendor != "postgresql":
        pytest.skip(
            "two connections racing need a server database (set DATABASE_URL): SQLite takes one writer at a time"
        )
    token = staging.stage(user=None, uploads=[SimpleUploadedFile("wire.jsonl", batch(2).getvalue())]).token
    start, results = threading.Barrier(2), []

    def confirm():
        start.wait()
        try:
            results.append(staging.claim(token))
        except staging.Refused as refusal:
            results.append(refusal.reason)
        finally:
            connection.close()

    threads = [threading.Thread(target=confirm) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(type(result).__name__ for result in results) == ["Claim", "str"]
    assert staging.RUNNING in results


# --- large uploads, run by a worker -----------------------------------------------------------------------------------


@pytest.fixture
def large(settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "IMPORT_BACKGROUND_BYTES": 100}


def background_preview(client, committed, n: int = 5) -> str:
    response = committed(client.post, URL, {"files": [batch(n)], "format": "auto"})
    job = UploadImport.objects.get(pk=response["Location"].split("=")[1])
    assert job.status == UploadStatus.FINISHED, "the worker (run at once in the tests) dry-ran it"
    return job.token


def test_a_large_import_whose_worker_died_is_picked_up_again_by_confirming_again(
    editor_client, another_instance, large, committed, monkeypatch
):
    token = background_preview(editor_client, committed)
    real_import_story, calls = import_run.import_story, []

    def dies_on_the_fourth_story(story, **kwargs):
        calls.append(story.guid)
        if len(calls) == 4:
            raise SystemExit(1)  # the worker's process ends here ...
        return real_import_story(story, **kwargs)

    monkeypatch.setattr(import_run, "import_story", dies_on_the_fourth_story)
    monkeypatch.setattr(staging, "release", lambda held: None)  # ... killed: it runs no cleanup, gives nothing back
    committed(editor_client.post, URL, {"token": token})
    monkeypatch.undo()
    job = UploadImport.objects.get(token=token, dry_run=False)
    assert job.status == UploadStatus.RUNNING and Article.objects.count() == 3
    page = editor_client.get(f"{URL}?job={job.pk}").text
    assert "Importing: running" in page, "within the lease nobody can tell it from a slow run"

    aged(token, uploads.STALLED + timedelta(seconds=1))
    another_instance()
    page = editor_client.get(f"{URL}?job={job.pk}").text
    assert "Importing: stopped" in page and "Confirm again" in page and 'http-equiv="refresh"' not in page

    again = committed(editor_client.post, URL, {"token": token})
    report = editor_client.get(again["Location"]).text

    assert again["Location"].endswith(f"?job={job.pk}"), "the same job, queued again"
    assert "Import finished" in report and "2 created" in report and "3 unchanged" in report
    assert sorted(Article.objects.values_list("headline", flat=True)) == [f"Story {i}" for i in range(5)]
    assert WERE_IMPORTED in editor_client.post(URL, {"token": token}).text


def test_a_large_import_that_stopped_on_an_error_can_be_confirmed_again_at_once(
    editor_client, another_instance, large, committed, monkeypatch
):
    token = background_preview(editor_client, committed, n=2)

    def broken(paths, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(staging, "run_import", broken)
    committed(editor_client.post, URL, {"token": token})  # the task fails (the worker logs it) ...
    monkeypatch.undo()
    job = UploadImport.objects.get(token=token, dry_run=False)
    assert "Importing: stopped" in editor_client.get(f"{URL}?job={job.pk}").text  # ... and gave the claim back

    another_instance()
    again = committed(editor_client.post, URL, {"token": token})

    assert "2 created" in editor_client.get(again["Location"]).text
    assert Article.objects.count() == 2


def test_a_worker_finding_the_preview_gone_says_so_instead_of_claiming_it_was_imported(editor_client, large, committed):
    token = background_preview(editor_client, committed, n=2)
    staging.discard(token)  # the files went (swept, or never reached this storage)

    confirmed = committed(editor_client.post, URL, {"token": token})
    report = editor_client.get(confirmed["Location"]).text

    assert "imported already" not in report and "the uploaded files are gone" in report
    assert not Article.objects.exists()
