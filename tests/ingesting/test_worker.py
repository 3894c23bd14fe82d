"""The real queue: the worker command (``manage.py run_worker``), in processes of its own, imports what was queued.

The test database is shared with the workers (tests/worker_process.py): on PostgreSQL they connect to it by name; on
SQLite (an in-memory test database) it is copied to a file for them and read back from there.
"""

from __future__ import annotations

import json
import shutil
import time

from ingest import tasks
from ingest.models import Kind, Source
from tests import worker_process
from tests.factories import SectionFactory
from tests.ingesting.feeds import FeedServer, rss
from tests.worker_process import needs_postgresql, stop

worker_db = worker_process.worker_db  # a fixture


def test_a_worker_process_imports_a_queued_poll_and_the_story_goes_live(worker_db, tmp_path, settings):
    feed = FeedServer()
    try:
        feed.body = rss(("worker-1", "Queue delivers the story"))
        section = SectionFactory(name="World", slug="world")
        source = Source.objects.create(name="Wire", kind=Kind.FEED, url=feed.url, section=section, publish=True)
        result = tasks.poll_source.enqueue(source.pk)
        worker_db.hand_over()
        workers = [worker_db.start_worker("solo")]
        try:
            rows = worker_db.wait_for_rows(
                "SELECT status FROM django_tasks_database_dbtaskresult WHERE id = ?",
                (worker_db.task_id(result),),
                want=lambda rows: rows and rows[0][0] in {"SUCCESSFUL", "FAILED"},
                workers=workers,
            )
        finally:
            stop(workers)
    finally:
        feed.close()
    assert rows == [("SUCCESSFUL",)]
    assert worker_db.rows("SELECT headline, status FROM articles_article WHERE source_guid = ?", ("worker-1",)) == [
        ("Queue delivers the story", "published")
    ]
    assert worker_db.rows("SELECT created_count, failures FROM ingest_source WHERE id = ?", (source.pk,)) == [(1, 0)]


@needs_postgresql  # two workers sharing one queue need PostgreSQL's row locks (SKIP LOCKED)
def test_two_worker_processes_never_import_the_same_item_twice(worker_db, tmp_path):
    folder = tmp_path / "drop"
    folder.mkdir()
    files, per_file = 30, 5
    for n in range(files):
        stories = [
            {"uri": f"urn:race:{n}:{i}", "headline": f"Race {n}-{i}", "body_html": "<p>Copy.</p>"}
            for i in range(per_file)
        ]
        (folder / f"batch-{n:02}.jsonl").write_text("\n".join(json.dumps(story) for story in stories))
    section = SectionFactory(name="World", slug="world")
    source = Source.objects.create(name="Drop", kind=Kind.FOLDER, folder=str(folder), section=section)
    for _ in range(3):  # the same folder queued three times: every file is offered to both workers, thrice over
        tasks.poll_source.enqueue(source.pk)
    workers = [worker_db.start_worker(name) for name in ("one", "two")]
    try:
        worker_db.wait_for_rows(
            "SELECT count(*) FROM ingest_sourcerun WHERE source_id = ? AND finished_at IS NOT NULL",
            (source.pk,),
            want=lambda rows: (
                rows[0][0] >= files
                and not list((folder).glob("*.jsonl"))
                and not list((folder / "processing").iterdir())
            ),
            workers=workers,
        )
        time.sleep(1)  # any duplicate claim would have finished by now
        workers_used = worker_db.rows("SELECT DISTINCT worker_ids FROM django_tasks_database_dbtaskresult")
    finally:
        stop(workers)
    source.refresh_from_db()
    assert source.runs.count() == files  # each file imported by exactly one worker
    assert (source.created_count, source.unchanged_count, source.failed_count) == (files * per_file, 0, 0)
    assert len(list((folder / "done").iterdir())) == files
    assert len({ids for (ids,) in workers_used if ids and ids != "[]"}) >= 2  # both workers took part
    shutil.rmtree(folder)
