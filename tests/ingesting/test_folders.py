"""Drop folders: each file imported once, then moved to done/ or to failed/ with its reason beside it."""

from __future__ import annotations

import json
import os
import time

import pytest

from articles.models import Article
from ingest import folders, tasks
from ingest.models import Kind, Source
from tests.factories import SectionFactory

pytestmark = pytest.mark.django_db


def ninjs(guid: str, headline: str) -> str:
    return json.dumps({"uri": guid, "headline": headline, "body_html": f"<p>{headline}, in full.</p>", "version": "1"})


@pytest.fixture
def drop(tmp_path):
    section = SectionFactory(name="World", slug="world")
    source = Source.objects.create(name="Drop", kind=Kind.FOLDER, folder=str(tmp_path / "drop"), section=section)
    (tmp_path / "drop").mkdir()
    return source, tmp_path / "drop"


def test_dropped_files_are_imported_and_moved_to_done_or_failed_with_the_reason(drop):
    source, root = drop
    (root / "story.json").write_text(ninjs("urn:drop:1", "Harbour expands"))
    (root / "broken.json").write_text('{"headline": ')
    (root / ".incoming.json").write_text(ninjs("urn:drop:2", "Still being written"))

    tasks.poll_source.enqueue(source.pk)

    assert Article.objects.get(source_guid="urn:drop:1").headline == "Harbour expands"
    assert (root / "done" / "story.json").exists() and not (root / "story.json").exists()
    assert (root / "failed" / "broken.json").exists()
    assert "broken.json" in (root / "failed" / "broken.json.error.txt").read_text()
    assert (root / ".incoming.json").exists()  # a file still being written is left alone
    assert not Article.objects.filter(source_guid="urn:drop:2").exists()
    source.refresh_from_db()
    assert (source.created_count, source.failed_count) == (1, 1)


def test_a_file_claimed_by_another_worker_is_not_imported_again(drop):
    source, root = drop
    (root / "story.json").write_text(ninjs("urn:drop:3", "Claimed elsewhere"))
    names = folders.waiting_files(source)
    os.rename(root / "story.json", root / "processing" / "story.json")  # the other worker's claim
    for name in names:
        tasks.import_dropped_file.enqueue(source.pk, name)
    assert not Article.objects.exists() and not source.runs.exists()


def test_a_file_left_by_a_dead_worker_is_imported_once_the_lease_passes_without_duplicates(drop):
    source, root = drop
    (root / "story.json").write_text(ninjs("urn:drop:4", "Interrupted"))
    tasks.poll_source.enqueue(source.pk)  # imported once...
    os.replace(root / "done" / "story.json", root / "processing" / "story.json")  # ...then "died" before moving it
    stale = time.time() - folders.LEASE.total_seconds() - 60
    os.utime(root / "processing" / "story.json", (stale, stale))

    tasks.poll_source.enqueue(source.pk)

    assert Article.objects.filter(source_guid="urn:drop:4").count() == 1
    assert (root / "done" / "story.json").exists()
    assert source.runs.first().counts["unchanged"] == 1
