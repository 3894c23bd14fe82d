"""Import runs on the activity page: desk imports, command runs and ingest polls, each with its stored report."""

import io
import json
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.admin import activity
from ingest.importers import ImportReport, ItemResult, Outcome
from ingest.models import ImportRun, RunVia, Source, SourceRun
from ingest.sources import finish
from tests.factories import ReviewArticleFactory, UserFactory
from tests.importing import ninjs_story, write_ninjs

pytestmark = pytest.mark.django_db
URL = "admin:articles_article_activity"
IMPORT = "admin:articles_article_import"


def _rows(response) -> list[str]:
    body = response.text.split("<tbody>")[1].split("</tbody>")[0]
    return body.split("<tr>")[1:]


def _desk_import(client, *stories) -> None:
    file = io.BytesIO("\n".join(json.dumps(story) for story in stories).encode())
    file.name = "wire.jsonl"
    preview = client.post(reverse(IMPORT), {"files": [file], "format": "auto"})
    client.post(reverse(IMPORT), {"token": preview.context["token"]})


def test_a_desk_import_is_listed_with_who_counts_and_a_link_to_its_report(editor_client, editor):
    _desk_import(editor_client, ninjs_story("urn:a", headline="Ferry cancelled"), ninjs_story("urn:b", headline=""))

    run = ImportRun.objects.get()
    rows = [row for row in _rows(editor_client.get(reverse(URL))) if "Import run" in row]
    assert len(rows) == 1
    assert "Import page" in rows[0] and "wire.jsonl" in rows[0] and "1 created, 1 failed" in rows[0]
    assert "editor" in rows[0]
    link = f"{reverse(URL)}?run={run.pk}"
    assert link in rows[0]

    report = editor_client.get(link)
    assert report.status_code == 200
    assert "Ferry cancelled" in report.text and "no headline" in report.text and "wire.jsonl item 2" in report.text
    assert reverse("admin:articles_article_change", args=[run.report[0]["article_id"]]) in report.text


def test_dry_runs_leave_no_run(editor_client):
    file = io.BytesIO(json.dumps(ninjs_story()).encode())
    file.name = "wire.jsonl"
    editor_client.post(reverse(IMPORT), {"files": [file], "format": "auto"})

    assert not ImportRun.objects.exists()


def test_command_runs_are_listed_but_not_their_dry_runs(editor_client, tmp_path):
    path = write_ninjs(tmp_path / "night.jsonl", ninjs_story("urn:night", headline="Night desk copy"))
    call_command("import_articles", str(path), "--dry-run", stdout=io.StringIO())
    call_command("import_articles", str(path), stdout=io.StringIO())

    run = ImportRun.objects.get()
    assert run.via == RunVia.COMMAND and run.counts == {"created": 1}
    (row,) = [row for row in _rows(editor_client.get(reverse(URL))) if "Import run" in row]
    assert "manage.py import_articles" in row and "night.jsonl" in row
    assert "Night desk copy" in editor_client.get(f"{reverse(URL)}?run={run.pk}").text


def _poll(source, report=None, error=""):
    return finish(source, SourceRun.objects.create(source=source), report=report, error=error)


def test_ingest_polls_that_imported_or_failed_are_listed_and_quiet_ones_are_not(editor_client):
    source = Source.objects.create(name="Wire feed", url="https://wire.example/feed.xml")
    imported = ImportReport()
    imported.add(ItemResult(where="feed item 1", outcome=Outcome.CREATED, headline="Polled story"))
    quiet = ImportReport()
    quiet.add(ItemResult(where="feed item 1", outcome=Outcome.UNCHANGED, headline="Polled story"))
    _poll(source, report=imported)
    _poll(source, report=quiet)
    _poll(source, error="the server answered 503")

    rows = _rows(editor_client.get(reverse(URL), {"action": "import_run"}))
    assert len(rows) == 2
    assert "failed: the server answered 503" in rows[0] and "Wire feed" in rows[0]
    assert "Ingest poll" in rows[1] and "1 created" in rows[1]


def test_runs_are_filtered_by_user_and_date_and_paginated(editor_client, editor, monkeypatch):
    other = UserFactory(username="olga", role="Editor")
    ImportRun.objects.create(via=RunVia.DESK, user=editor, what="mine.jsonl", counts={"created": 1})
    ImportRun.objects.create(via=RunVia.DESK, user=other, what="olgas.jsonl", counts={"created": 2})

    def shown(**query):
        return "".join(_rows(editor_client.get(reverse(URL), query)))

    assert "olgas.jsonl" in shown(user=other.pk) and "mine.jsonl" not in shown(user=other.pk)
    future = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert "Nothing matches." in shown(action="import_run", since=future)

    monkeypatch.setattr(activity, "PER_PAGE", 1)
    first, second = shown(action="import_run"), shown(action="import_run", page=2)
    assert "olgas.jsonl" in first and "mine.jsonl" in second and "mine.jsonl" not in first


def test_runs_sit_among_the_other_entries_once_each_across_pages(editor_client, editor, monkeypatch):
    monkeypatch.setattr(activity, "PER_PAGE", 2)
    start = timezone.now()
    for minutes in (50, 40, 30, 20):
        with time_machine.travel(start - timedelta(minutes=minutes), tick=False):
            services.publish_article(article=ReviewArticleFactory(headline=f"Story at {minutes}"), user=editor)
    for minutes in (45, 35, 25, 5):
        with time_machine.travel(start - timedelta(minutes=minutes), tick=False):
            ImportRun.objects.create(via=RunVia.DESK, user=editor, what=f"run-{minutes}.jsonl")

    pages = [_rows(editor_client.get(reverse(URL), {"page": n})) for n in (1, 2)]
    text = ["".join(rows) for rows in pages]

    for minutes in (45, 35, 25, 5):
        assert sum(f"run-{minutes}.jsonl" in page for page in text) == 1, minutes
    assert "run-5.jsonl" in pages[0][0] and "run-45.jsonl" in text[1]


def test_writers_cannot_read_run_reports(writer_client, editor):
    run = ImportRun.objects.create(via=RunVia.DESK, user=editor, what="mine.jsonl")

    assert writer_client.get(f"{reverse(URL)}?run={run.pk}").status_code == 403


def test_an_unknown_run_is_not_found(editor_client):
    assert editor_client.get(f"{reverse(URL)}?run=999").status_code == 404
    assert editor_client.get(f"{reverse(URL)}?run=x").status_code == 404
