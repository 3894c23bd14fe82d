"""The real queue: django-tasks-db's own worker command, in processes of its own, imports what was queued.

The test database is shared with the workers: on PostgreSQL they connect to it by name; on SQLite (an in-memory
test database) it is copied to a file for them and read back from there.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import override_settings

from ingest import tasks
from ingest.models import Kind, Source
from tests.factories import SectionFactory
from tests.ingesting.feeds import FeedServer, rss

REAL_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
ROOT = Path(settings.BASE_DIR)
DEADLINE = 60  # seconds a worker may take before the test gives up on it


class WorkerDatabase:
    def __init__(self, tmp_path: Path):
        self.postgres = connection.vendor == "postgresql"
        self.file = tmp_path / "worker.sqlite3"
        env = {**os.environ, "IMPORT_ALLOW_PRIVATE_HOSTS": "1", "DEBUG": "0", "LOG_LEVEL": "WARNING"}
        if self.postgres:
            conf = connection.settings_dict
            auth = conf["USER"] + (f":{conf['PASSWORD']}" if conf["PASSWORD"] else "")
            env["DATABASE_URL"] = (
                f"postgres://{auth}@{conf['HOST'] or '127.0.0.1'}:{conf['PORT'] or 5432}/{conf['NAME']}"
            )
        else:
            env["DATABASE_URL"] = f"sqlite:///{self.file}"
        self.env = env

    def hand_over(self) -> None:
        """Make what the test wrote visible to the workers (a no-op on PostgreSQL: it is committed)."""
        if not self.postgres:
            target = sqlite3.connect(self.file)
            connection.ensure_connection()
            connection.connection.backup(target)
            target.close()

    def rows(self, sql: str, params=()) -> list[tuple]:
        if self.postgres:
            with connection.cursor() as cursor:
                cursor.execute(sql.replace("?", "%s"), params)
                return cursor.fetchall()
        with sqlite3.connect(self.file, timeout=10) as db:
            return db.execute(sql, params).fetchall()

    def start_worker(self, tmp_path: Path, name: str) -> subprocess.Popen:
        log = open(tmp_path / f"{name}.log", "wb")  # noqa: SIM115 (closed with the process)
        command = [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.1"]
        return subprocess.Popen([*command, "--worker-id", name], cwd=ROOT, env=self.env, stdout=log, stderr=log)

    def wait_for(self, sql: str, params=(), *, want, workers) -> list[tuple]:
        deadline = time.monotonic() + DEADLINE
        while time.monotonic() < deadline:
            rows = self.rows(sql, params)
            if want(rows):
                return rows
            for worker in workers:
                assert worker.poll() is None, f"a worker exited early ({worker.returncode})"
            time.sleep(0.1)  # the test polls the database; the servers themselves never sleep
        raise AssertionError(f"the workers did not finish in {DEADLINE} s")


def stop(workers):
    for worker in workers:
        worker.terminate()
    for worker in workers:
        worker.wait(10)


@pytest.fixture
def worker_db(transactional_db, tmp_path):
    with override_settings(TASKS=REAL_QUEUE):
        yield WorkerDatabase(tmp_path)


def test_a_worker_process_imports_a_queued_poll_and_the_story_goes_live(worker_db, tmp_path, settings):
    feed = FeedServer()
    try:
        feed.body = rss(("worker-1", "Queue delivers the story"))
        section = SectionFactory(name="World", slug="world")
        source = Source.objects.create(name="Wire", kind=Kind.FEED, url=feed.url, section=section, publish=True)
        result = tasks.poll_source.enqueue(source.pk)
        worker_db.hand_over()
        workers = [worker_db.start_worker(tmp_path, "solo")]
        try:
            rows = worker_db.wait_for(
                "SELECT status FROM django_tasks_database_dbtaskresult WHERE id = ?",
                (str(result.id).replace("-", "") if not worker_db.postgres else str(result.id),),
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


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="two workers sharing one queue need PostgreSQL's row locks (SKIP LOCKED); set DATABASE_URL to run it",
)
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
    workers = [worker_db.start_worker(tmp_path, name) for name in ("one", "two")]
    try:
        worker_db.wait_for(
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
