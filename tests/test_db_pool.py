"""DATABASE_POOL: Django's own connection pool (psycopg-pool) under gunicorn's threads reuses a few connections.

A real gunicorn (2 worker processes, 4 threads each, as a site on a small machine runs it) serves 120 health checks
(each reads the database) from 8 clients at once. PostgreSQL's own count of sessions opened on the test database
(``pg_stat_database.sessions``) says how many connections that took: with the pool, no more than the pool's size in
each process; without it (CONN_MAX_AGE=0, what PgBouncer setups use), one per request. PostgreSQL only.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
WORKERS, THREADS, POOL = 2, 4, 2

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
        reason="the connection pool is PostgreSQL's (psycopg-pool): set DATABASE_URL=postgres://… to run",
    ),
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _sessions_opened() -> int:
    """Sessions ever opened on the test database, once the count has settled (backends report it as they go)."""
    found, deadline = None, time.monotonic() + 20
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute("SELECT sessions FROM pg_stat_database WHERE datname = current_database()")
            now = cursor.fetchone()[0]
        if now == found:
            return now
        found = now
        time.sleep(1.0)
    return found


def _serve(tmp_path, extra_env: dict[str, str], *, requests: int) -> tuple[list[int], int]:
    """gunicorn on the test database under ``extra_env``; the answers' statuses and the sessions it opened."""
    conf = connection.settings_dict
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{conf['USER']}{':' + conf['PASSWORD'] if conf['PASSWORD'] else ''}"
        f"@{conf['HOST'] or '127.0.0.1'}:{conf['PORT'] or 5432}/{conf['NAME']}",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DEBUG": "0",
        "LOG_LEVEL": "WARNING",
        **extra_env,
    }
    log = open(tmp_path / "gunicorn.log", "ab")  # noqa: SIM115 (closed below)
    command = [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "--bind", f"127.0.0.1:{port}"]
    command += ["--workers", str(WORKERS), "--worker-class", "gthread", "--threads", str(THREADS)]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz?live", timeout=2):
                    break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, (tmp_path / "gunicorn.log").read_text()
                time.sleep(0.1)
        before = _sessions_opened()

        def get(_):
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=30) as answer:
                return answer.status

        with ThreadPoolExecutor(max_workers=8) as clients:
            statuses = list(clients.map(get, range(requests)))
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    return statuses, _sessions_opened() - before


def test_pooled_processes_answer_many_concurrent_requests_over_a_few_connections(tmp_path):
    statuses, opened = _serve(tmp_path, {"DATABASE_POOL": str(POOL)}, requests=120)

    assert statuses == [200] * 120
    assert opened <= WORKERS * POOL, f"{opened} connections opened for 120 requests"


def test_without_the_pool_each_request_opens_its_own_connection(tmp_path):
    """The contrast that shows the count above is real: CONN_MAX_AGE=0 and no pool."""
    statuses, opened = _serve(tmp_path, {"DATABASE_POOL": "", "CONN_MAX_AGE": "0"}, requests=40)

    assert statuses == [200] * 40
    assert opened >= 40


def test_the_pool_comes_from_the_environment():
    read = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'newsroom.settings'; django.setup(); "
        "from django.db import connection; d = connection.settings_dict; print(d['OPTIONS']['pool'], d['CONN_MAX_AGE'])"
    )
    env = {**os.environ, "DATABASE_POOL": "8"}
    found = subprocess.run([sys.executable, "-c", read], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert found.stdout.strip().splitlines()[-1] == "{'min_size': 2, 'max_size': 8, 'timeout': 5.0} 0"
