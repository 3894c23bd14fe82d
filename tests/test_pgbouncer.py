"""Through PgBouncer in transaction mode: the code's ``.iterator()`` paths work with DISABLE_SERVER_SIDE_CURSORS.

In transaction pooling a client's next statement may run on another server connection, so a named cursor declared by
one statement is gone for the next ``FETCH`` (InvalidCursorName) as soon as another client's transaction takes the
server connection it was declared on. Each test starts a real pgbouncer (Debian's package; .ci/run installs it) on a
free port in front of the test database, and makes that happen deterministically: right after the iterated query
runs, a second client opens a transaction through the same pgbouncer and holds it (pgbouncer hands it the server
connection just released), as another request would on a busy site.

PostgreSQL only; without pgbouncer the tests are skipped with a message here and fail in CI, where they must run.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from articles import services
from articles.models import Image, Section
from tests.factories import jpeg_bytes

PGBOUNCER = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
ROOT = Path(__file__).resolve().parent.parent

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
        reason="PgBouncer sits in front of PostgreSQL: set DATABASE_URL=postgres://… to run",
    ),
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def pgbouncer():
    if not Path(PGBOUNCER).exists():
        message = "pgbouncer is not installed (apt-get install pgbouncer)"
        if os.environ.get("CI"):
            pytest.fail(message + ": CI must run the PgBouncer tests")
        pytest.skip(message)
    conf = connection.settings_dict
    port = _free_port()
    # pgbouncer refuses to run as root: then it runs as postgres, which must read its files (pytest's own
    # temporary folders are the owner's only).
    folder = Path(tempfile.mkdtemp(prefix="newsroom-pgbouncer-"))
    folder.chmod(0o755)
    (folder / "users.txt").write_text(f'"{conf["USER"]}" ""\n')
    (folder / "pgbouncer.ini").write_text(
        f"""[databases]
* = host={conf["HOST"] or "127.0.0.1"} port={conf["PORT"] or 5432}{f" password={conf['PASSWORD']}" if conf["PASSWORD"] else ""}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {port}
unix_socket_dir =
auth_type = trust
auth_file = {folder / "users.txt"}
pool_mode = transaction
default_pool_size = 4
ignore_startup_parameters = extra_float_digits,options
"""
    )
    for name in ("users.txt", "pgbouncer.ini"):
        (folder / name).chmod(0o644)
    command = [PGBOUNCER, *(["-u", "postgres"] if os.geteuid() == 0 else []), str(folder / "pgbouncer.ini")]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 15
        while True:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"pgbouncer did not start: {process.stdout.read().decode(errors='replace')}")
            time.sleep(0.05)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def through_pgbouncer(port: int, *, disable_server_side_cursors: bool):
    """This process's default connection, to the test database through pgbouncer, as the settings would make it."""
    saved = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict.update(
        HOST="127.0.0.1", PORT=port, DISABLE_SERVER_SIDE_CURSORS=disable_server_side_cursors
    )
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)


@contextlib.contextmanager
def another_request_takes_the_server_connection(port: int, table: str):
    """Once the query over ``table`` has run, a second client opens a transaction through pgbouncer and holds it."""
    conf = connection.settings_dict
    held: list[psycopg.Connection] = []

    def meanwhile(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if not held and f'"{table}"' in sql:
            other = psycopg.connect(
                host="127.0.0.1", port=port, user=conf["USER"], password=conf["PASSWORD"] or None, dbname=conf["NAME"]
            )
            other.execute("SELECT 1")  # BEGIN … and the transaction stays open
            held.append(other)
        return result

    with connection.execute_wrapper(meanwhile):
        try:
            yield held
        finally:
            for other in held:
                other.close()


@pytest.fixture
def pictures():
    return [
        services.save_image(data=jpeg_bytes(color=(10 * n, 80, 120)), filename=f"p{n}.jpg", alt_text=f"Picture {n}")[0]
        for n in range(3)
    ]


def test_make_renditions_iterates_the_picture_library_through_pgbouncer_in_transaction_mode(pgbouncer, pictures):
    out = io.StringIO()
    with (
        through_pgbouncer(pgbouncer, disable_server_side_cursors=True),
        another_request_takes_the_server_connection(pgbouncer, Image._meta.db_table) as held,
    ):
        call_command("make_renditions", "--force", stdout=out, stderr=out)

    assert held, "the competing transaction was opened while the pictures were read"
    assert "0 pictures failed" in out.getvalue()
    assert int(out.getvalue().split()[0]) >= len(pictures)


def test_without_the_setting_the_same_iteration_loses_its_cursor(pgbouncer, pictures):
    """The failure the setting prevents, reproduced: the FETCH runs on a server connection without the cursor."""
    with (
        through_pgbouncer(pgbouncer, disable_server_side_cursors=False),
        another_request_takes_the_server_connection(pgbouncer, Image._meta.db_table),
        pytest.raises(Exception, match="does not exist") as failure,
    ):
        call_command("make_renditions", "--force", stdout=io.StringIO())

    assert isinstance(failure.value.__cause__ or failure.value, psycopg.errors.InvalidCursorName)


def test_dumpdata_exports_through_pgbouncer(pgbouncer):
    """Django's own chunked reads (dumpdata's, a fixture export) take the same path."""
    Section.objects.bulk_create(Section(name=f"Section {n}", slug=f"section-{n}") for n in range(30))
    out = io.StringIO()
    with (
        through_pgbouncer(pgbouncer, disable_server_side_cursors=True),
        another_request_takes_the_server_connection(pgbouncer, Section._meta.db_table),
    ):
        call_command("dumpdata", "articles.section", stdout=out)

    assert out.getvalue().count('"model": "articles.section"') == Section.objects.count() >= 30


def test_the_setting_comes_from_the_environment():
    read = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'newsroom.settings'; django.setup(); "
        "from django.db import connection; print(connection.settings_dict['DISABLE_SERVER_SIDE_CURSORS'])"
    )
    env = {**os.environ, "DISABLE_SERVER_SIDE_CURSORS": "1"}
    found = subprocess.run([sys.executable, "-c", read], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert found.stdout.strip().splitlines()[-1] == "True"
