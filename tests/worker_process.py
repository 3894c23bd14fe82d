"""Worker processes for the tests that run the real queue: ``manage.py run_worker`` in processes of its own.

The test database is shared with the workers: on PostgreSQL they connect to it by name (or through a proxy the test
puts in between); on SQLite (an in-memory test database) it is copied to a file for them and read back from there.
Nothing here is timed: a test waits on a condition with a generous bound and asserts what happened.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import override_settings

REAL_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
ROOT = Path(settings.BASE_DIR)
DEADLINE = 90  # seconds a worker may take before the test gives up on it
TASKS_TABLE = "django_tasks_database_dbtaskresult"

needs_postgresql = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
    reason="needs PostgreSQL (set DATABASE_URL): SQLite has one writer at a time and no row locks",
)


class WorkerDatabase:
    def __init__(self, tmp_path: Path):
        self.postgres = connection.vendor == "postgresql"
        self.tmp_path = tmp_path
        self.file = tmp_path / "worker.sqlite3"
        env = {**os.environ, "IMPORT_ALLOW_PRIVATE_HOSTS": "1", "DEBUG": "0", "LOG_LEVEL": "WARNING"}
        env["DATABASE_URL"] = self.url() if self.postgres else f"sqlite:///{self.file}"
        self.env = env
        self.logs: dict[str, Path] = {}

    def url(self, *, port: int | None = None) -> str:
        conf = connection.settings_dict
        auth = conf["USER"] + (f":{conf['PASSWORD']}" if conf["PASSWORD"] else "")
        return f"postgres://{auth}@{conf['HOST'] or '127.0.0.1'}:{port or conf['PORT'] or 5432}/{conf['NAME']}"

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

    def task_id(self, result) -> str:
        return str(result.id) if self.postgres else str(result.id).replace("-", "")

    def task(self, result) -> dict:
        """A queued task's row as the workers left it: status, the workers that ran it, its return value."""
        found = self.rows(
            f"SELECT status, worker_ids, return_value, traceback FROM {TASKS_TABLE} WHERE id = ?",
            (self.task_id(result),),
        )
        if not found:
            return {}
        status, worker_ids, value, traceback = found[0]
        as_json = lambda v: json.loads(v) if isinstance(v, str) else v  # noqa: E731 (Django leaves JSON as text)
        return {
            "status": status,
            "worker_ids": as_json(worker_ids),
            "return_value": as_json(value),
            "traceback": traceback,
        }

    def start_worker(self, name: str, *, env: dict | None = None, extra=()) -> subprocess.Popen:
        log_path = self.logs[name] = self.tmp_path / f"{name}.log"
        log = open(log_path, "ab")  # noqa: SIM115 (closed with the process)
        command = [sys.executable, "manage.py", "run_worker", "--no-startup-delay", "--interval", "0.1", *extra]
        return subprocess.Popen(
            [*command, "--worker-id", name], cwd=ROOT, env={**self.env, **(env or {})}, stdout=log, stderr=log
        )

    def log(self, name: str) -> str:
        return self.logs[name].read_text(errors="replace")

    def wait_for(self, what, *, workers=(), deadline: float = DEADLINE, message: str = ""):
        """Poll ``what()`` until it answers something true; every worker given must stay alive meanwhile."""
        until = time.monotonic() + deadline
        while time.monotonic() < until:
            found = what()
            if found:
                return found
            for worker in workers:
                assert worker.poll() is None, f"a worker exited early ({worker.returncode})"
            time.sleep(0.1)  # the test polls; the workers themselves never wait on it
        raise AssertionError(message or f"the workers did not get there in {deadline} s")

    def wait_for_rows(self, sql: str, params=(), *, want, workers) -> list[tuple]:
        found = []

        def check():
            nonlocal found
            found = self.rows(sql, params)
            return want(found)

        self.wait_for(check, workers=workers)
        return found


def stop(workers, *, timeout: float = 30) -> list[int]:
    """SIGTERM each worker and wait for it; their exit codes."""
    for worker in workers:
        if worker.poll() is None:
            worker.send_signal(signal.SIGTERM)
    return [worker.wait(timeout) for worker in workers]


@pytest.fixture
def worker_db(transactional_db, tmp_path):
    with override_settings(TASKS=REAL_QUEUE):
        yield WorkerDatabase(tmp_path)
