"""Beacons per second through the real stack: gunicorn with production settings on loopback, driven by wrk.

Every request is a distinct reader (an ``X-Forwarded-For`` address of its own, wrk being the trusted proxy) posting
one read of one of ``--stories`` ids, so each one passes the bot check and the rate limit and is counted (Redis
sorted sets when ``REDIS_URL`` is set, else the database). Bounded: ``--seconds`` of load, then gunicorn stops.
Ends with a JSON line.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Sum
from django.utils import timezone

from live import reads
from live.models import ReadCount

HOST = "127.0.0.1"
# Distinct readers (so the per-address limit never applies) and real browsers' agent (so none is a bot).
WRK_SCRIPT = """
wrk.method = "POST"
wrk.headers["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0"
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
function init(args)
  tid = wrk.thread:get("tid")
  n = 0
  math.randomseed(tid * 7919)
end
function request()
  n = n + 1
  wrk.headers["X-Forwarded-For"] = string.format("10.%d.%d.%d", tid, math.floor(n / 250) % 250, n % 250 + 1)
  return wrk.format(nil, "/most-read/count/" .. math.random(1, STORIES))
end
"""


class Command(BaseCommand):
    help = "Measure the Most read beacon's throughput (gunicorn + wrk on loopback, bounded in time)."

    def add_arguments(self, parser):
        parser.add_argument("--seconds", type=int, default=15)
        parser.add_argument("--workers", type=int, default=3)
        parser.add_argument("--connections", type=int, default=32)
        parser.add_argument("--stories", type=int, default=500)
        parser.add_argument("--port", type=int, default=8765)

    def handle(self, *args, **options):
        wrk = shutil.which("wrk")
        if wrk is None:
            raise CommandError("wrk is not installed (apt-get install wrk).")
        if not 1 <= options["seconds"] <= 120:
            raise CommandError("--seconds: 1 to 120.")
        env = {
            **os.environ,
            "DEBUG": "0",
            "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(40),
            "ALLOWED_HOSTS": HOST,
            "SECURE_HTTPS": "0",
            "TRUSTED_PROXIES": HOST,  # wrk stands for the proxy in front: its X-Forwarded-For names the reader
        }
        base = Path(settings.BASE_DIR)
        counted_before = _counted()
        server = subprocess.Popen(  # noqa: S603 - our own interpreter and fixed arguments
            [sys.executable, "-m", "gunicorn", "newsroom.wsgi", "--bind", f"{HOST}:{options['port']}",
             "--workers", str(options["workers"]), "--log-level", "warning"],
            cwd=base, env=env,
        )  # fmt: skip
        try:
            self._wait_until_up(options["port"])
            with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
                script.write(WRK_SCRIPT.replace("STORIES", str(options["stories"])))
                script.flush()
                run = subprocess.run(  # noqa: S603 - wrk found on PATH, fixed arguments
                    [wrk, "-t2", f"-c{options['connections']}", f"-d{options['seconds']}s", "--latency",
                     "-s", script.name, f"http://{HOST}:{options['port']}"],
                    capture_output=True, text=True, timeout=options["seconds"] + 30, check=True,
                )  # fmt: skip
        finally:
            server.terminate()
            server.wait(timeout=30)
        self.stdout.write(run.stdout)
        result = self._summary(run.stdout, options)
        result["counted"] = _counted() - counted_before
        self.stdout.write(self.style.SUCCESS(json.dumps(result)))

    def _wait_until_up(self, port: int) -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://{HOST}:{port}/healthz?live", timeout=2):
                    return
            except OSError:
                time.sleep(0.2)
        raise CommandError("gunicorn did not start")

    def _summary(self, output: str, options) -> dict:
        rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
        total = re.search(r"(\d+) requests in", output)
        errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
        p50, p99 = (re.search(rf"\s{p}%\s+([\d.]+\w+)", output) for p in ("50", "99"))
        return {
            "beacons_per_second": float(rate.group(1)) if rate else None,
            "requests": int(total.group(1)) if total else None,
            "non_2xx": int(errors.group(1)) if errors else 0,
            "p50": p50.group(1) if p50 else None,
            "p99": p99.group(1) if p99 else None,
            "store": "redis" if settings.REDIS_URL else "database",
            "workers": options["workers"],
            "connections": options["connections"],
            "seconds": options["seconds"],
        }


def _counted() -> int:
    """Reads counted in the last two hours' buckets (a run may cross an hour)."""
    hours = [reads.hour_of(timezone.now()) - timedelta(hours=n) for n in range(2)]
    client = reads._redis()
    if client is not None:
        return int(
            sum(
                score
                for h in hours
                for _, score in client.zrange(reads.bucket(f"{h:%Y%m%d%H}"), 0, -1, withscores=True)
            )
        )
    return ReadCount.objects.filter(hour__in=hours).aggregate(total=Sum("count"))["total"] or 0
