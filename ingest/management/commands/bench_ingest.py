"""``manage.py bench_ingest``: ingest throughput through the queue with 1 and 2 workers, and a feed's delay to live.

Run it on its own database (it writes sources and stories); PostgreSQL for figures that mean anything, since two
workers on SQLite take turns at its single writer. Workers are ``manage.py run_worker`` processes, as in production (their scheduler polls the due sources).
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from articles.models import Article, Section
from ingest.models import Kind, Source, SourceRun
from ingest.tasks import ensure_scheduled, poll_source


class Command(BaseCommand):
    help = "Time ingest through the task queue: items/s with 1 and 2 workers, and feed-to-live delay."

    def add_arguments(self, parser):
        parser.add_argument("--files", type=int, default=100)
        parser.add_argument("--per-file", type=int, default=20)
        parser.add_argument("--poll-seconds", type=int, default=10)
        parser.add_argument("--samples", type=int, default=3)

    def handle(self, *, files, per_file, poll_seconds, samples, **options):
        self.stdout.write(f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}")
        section, _ = Section.objects.get_or_create(slug="bench", defaults={"name": "Bench"})
        for workers in (1, 2):
            rate = self.throughput(section, workers=workers, files=files, per_file=per_file)
            self.stdout.write(f"{workers} worker(s): {files * per_file} items in {files} files, {rate:.0f} items/s")
        delays = self.feed_delays(section, poll_seconds=poll_seconds, samples=samples)
        self.stdout.write(
            f"feed to live, polled every {poll_seconds} s: mean {statistics.mean(delays):.1f} s, "
            f"max {max(delays):.1f} s (target under {poll_seconds + 5} s)"
        )

    def throughput(self, section, *, workers: int, files: int, per_file: int) -> float:
        run = uuid.uuid4().hex[:8]
        folder = Path(tempfile.mkdtemp(prefix="newsroom-bench-drop-"))
        for n in range(files):
            lines = (
                json.dumps({"uri": f"urn:bench:{run}:{n}:{i}", "headline": f"Bench {n}-{i}", "body_html": "<p>x</p>"})
                for i in range(per_file)
            )
            (folder / f"{n:04}.jsonl").write_text("\n".join(lines))
        source = Source.objects.create(name=f"bench-{run}", kind=Kind.FOLDER, folder=str(folder), section=section)
        processes = [self.worker(f"bench-{run}-{n}") for n in range(workers)]
        try:
            time.sleep(2)  # let the workers start (Django setup) before the clock starts
            started = time.monotonic()
            poll_source.enqueue(source.pk)
            while SourceRun.objects.filter(source=source, finished_at__isnull=False).count() < files:
                time.sleep(0.05)
            elapsed = time.monotonic() - started
        finally:
            self.stop(processes)
        return files * per_file / elapsed

    def feed_delays(self, section, *, poll_seconds: int, samples: int) -> list[float]:
        feed = _Feed()
        source = Source.objects.create(
            name=f"bench-feed-{uuid.uuid4().hex[:8]}",
            url=feed.url,
            poll_seconds=poll_seconds,
            section=section,
            publish=True,
        )
        processes = [self.worker("bench-feed")]
        delays = []
        try:
            ensure_scheduled()
            for n in range(samples):
                time.sleep(random.uniform(0, poll_seconds))  # an item appears at any point of the poll cycle
                guid = f"urn:bench-feed:{uuid.uuid4().hex}"
                feed.add(guid, f"Feed story {n}")
                appeared = time.monotonic()
                while not Article.objects.published().filter(source_guid=guid).exists():
                    time.sleep(0.05)
                delays.append(time.monotonic() - appeared)
        finally:
            self.stop(processes)
            Source.objects.filter(pk=source.pk).update(enabled=False)
            feed.close()
        return delays

    def worker(self, name: str) -> subprocess.Popen:
        env = {**os.environ, "IMPORT_ALLOW_PRIVATE_HOSTS": "1", "LOG_LEVEL": "WARNING"}
        command = [sys.executable, "manage.py", "run_worker", "--interval", "0.2", "--no-startup-delay"]
        return subprocess.Popen([*command, "--worker-id", name], cwd=settings.BASE_DIR, env=env)  # noqa: S603 (our own command)

    def stop(self, processes) -> None:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(30)


class _Feed:
    """An RSS feed on 127.0.0.1 that gains items when told to."""

    def __init__(self):
        self.items: list[str] = []
        feed = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                body = (
                    '<?xml version="1.0"?><rss version="2.0"><channel><title>Bench</title>'
                    + "".join(feed.items)
                    + "</channel></rss>"
                ).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_port}/feed.xml"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def add(self, guid: str, headline: str) -> None:
        self.items.append(
            f"<item><guid>{guid}</guid><title>{headline}</title><description>&lt;p&gt;{headline}.&lt;/p&gt;"
            "</description></item>"
        )

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
