"""How long does a write wait while ``migrate`` runs? (docs/upgrading.md)

On a database of its own with stories in it (``manage.py bench_related --articles 200000`` seeds them), this rewinds
the story app to ``--start`` (its later migrations unapplied, and every app's that depends on them), then runs
``manage.py migrate`` forward while ``--writers`` threads save stories as an editor's desk does (an UPDATE of a
random story's headline and updated_at, firing the search triggers), one after another with ``--pause`` between,
each its own transaction. It prints each migration with its time and ends with a JSON line: the longest single write,
its 99th percentile, how many writes ran, which migration was running during the longest, and the longest
write during each of the slowest migrations.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_ops_big SECRET_KEY=x… ALLOWED_HOSTS=localhost \
        .venv/bin/python tools/bench_migrate.py --start 0002_roles

PostgreSQL only; loopback only; bounded by the migrate it runs. Never on a database that matters: it rewinds it.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent


def manage(*args: str) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603 (our own manage.py)
        [sys.executable, "manage.py", *args], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )


class Writer(threading.Thread):
    def __init__(self, url: str, ids: list[int], pause: float, seed: int):
        super().__init__(daemon=True)
        self.url, self.ids, self.pause, self.random = url, ids, pause, random.Random(seed)
        self.writes: list[tuple[float, float]] = []  # (started at, seconds)
        self.errors: list[str] = []
        self.stop = threading.Event()

    def run(self) -> None:
        with psycopg.connect(self.url, autocommit=True) as db:
            while not self.stop.is_set():
                story = self.random.choice(self.ids)
                started = time.monotonic()
                try:
                    db.execute(
                        "UPDATE articles_article SET headline = headline, updated_at = now() WHERE id = %s", [story]
                    )
                except psycopg.Error as exc:  # a column the rewind or a migration is moving: count, go on
                    self.errors.append(f"{type(exc).__name__}: {exc}".splitlines()[0])
                self.writes.append((started, time.monotonic() - started))
                self.stop.wait(self.pause)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--start", default="0002_roles", help="the articles migration to rewind to")
    parser.add_argument("--writers", type=int, default=2)
    parser.add_argument("--pause", type=float, default=0.02, help="seconds between one writer's saves")
    parser.add_argument("--no-rewind", action="store_true", help="the database is at --start already")
    options = parser.parse_args()
    url = os.environ["DATABASE_URL"]
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("PostgreSQL only: set DATABASE_URL=postgres://…")

    if not options.no_rewind:
        rewind = manage("migrate", "articles", options.start, "-v0")
        out, _ = rewind.communicate()
        if rewind.returncode:
            sys.exit(out)
    with psycopg.connect(url) as db:
        ids = [row[0] for row in db.execute("SELECT id FROM articles_article")]
    print(f"{len(ids)} stories; migrating forward with {options.writers} writers", flush=True)

    writers = [Writer(url, ids, options.pause, seed) for seed in range(options.writers)]
    for writer in writers:
        writer.start()
    time.sleep(2)  # the writers' baseline
    began = time.monotonic()
    done: list[tuple[float, str]] = []  # (finished at, migration): migrate prints a line as each one ends
    migrate = manage("migrate", "-v1")
    for line in migrate.stdout:
        line = line.rstrip()
        if line.strip().startswith("Applying "):
            done.append((time.monotonic(), line.strip().split()[1].rstrip(".")))
            print(f"done at {done[-1][0] - began:7.1f} s  {line.strip()}", flush=True)
    migrate.wait()
    ended = time.monotonic()
    time.sleep(2)
    for writer in writers:
        writer.stop.set()
    for writer in writers:
        writer.join()
    if migrate.returncode:
        sys.exit("migrate failed")

    writes = sorted((w for writer in writers for w in writer.writes), key=lambda w: w[1])
    during = [w for w in writes if began <= w[0] <= ended]
    longest = max(during, key=lambda w: w[1])
    running = next((name for at, name in done if at >= longest[0]), "(after the last migration)")
    # Which migration each write waited on: the one running when it started (the next to finish after it).
    by_migration: dict[str, float] = {}
    for started, seconds in during:
        name = next((name for at, name in done if at >= started), "(after the last migration)")
        by_migration[name] = max(by_migration.get(name, 0.0), seconds)
    print(
        json.dumps(
            {
                "stories": len(ids),
                "migrate_seconds": round(ended - began, 1),
                "writes_during_migrate": len(during),
                "longest_write_wait_s": round(longest[1], 3),
                "p99_write_s": round(statistics.quantiles([w[1] for w in during], n=100)[98], 4),
                "median_write_s": round(statistics.median(w[1] for w in during), 4),
                "longest_during": running,
                "longest_by_migration_s": {
                    name: round(seconds, 3)
                    for name, seconds in sorted(by_migration.items(), key=lambda item: -item[1])[:8]
                },
                "write_errors": sorted({e for writer in writers for e in writer.errors})[:5],
                "loadavg": Path("/proc/loadavg").read_text().split()[:3],
            }
        )
    )


if __name__ == "__main__":
    main()
