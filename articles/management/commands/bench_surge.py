"""How many times Django's page cache builds the home page when a crowd of readers asks for it at once.

``manage.py bench_surge`` runs gunicorn with production settings (``bench_pages.production_env``: DEBUG off, editors'
second factor on, loopback only) and the page cache on, then sends ``--readers`` requests for the home page at the
same moment (one connection each, released together) and counts the answers the application built (no
``X-Page-Cache`` header), served as hits, or served stale while another built it:

1. with Redis (``REDIS_URL``): the home page at an address never asked for (a query it ignores), just purged by a
   publish (a stale copy may be served), and just purged by a takedown of a story on it (no stale copy may be:
   readers wait for the build);
2. without Redis (each process's local memory, ``PAGE_CACHE=1``): an address never asked for, which each process
   builds for itself.

Target: one build with Redis, at most one per gunicorn process without. Every process it starts is stopped at the
end; nothing is sent anywhere but 127.0.0.1. The last line is JSON with every figure.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from articles.management.commands.bench_pages import fetch, free_port, production_env, running
from articles.models import Article
from pagecache import keys, pages


class Command(BaseCommand):
    help = "Count the home page's builds when many readers ask for it at once, with and without Redis."

    def add_arguments(self, parser):
        parser.add_argument("--readers", type=int, default=200, help="Requests sent at the same moment (at most 500).")
        parser.add_argument("--workers", type=int, default=3, help="gunicorn processes.")
        parser.add_argument("--threads", type=int, default=8, help="Threads per gunicorn process (gthread).")
        parser.add_argument("--rounds", type=int, default=3, help="Surges per scenario.")

    def handle(self, *args, readers, workers, threads, rounds, **options):
        readers = max(1, min(readers, 500))
        redis = settings.REDIS_URL
        if not redis:
            raise CommandError("run with REDIS_URL set (e.g. redis://127.0.0.1:6379/9): the shared lock lives there")
        if not Article.objects.published().exists():
            call_command("load_demo", verbosity=0)
        home = reverse("articles:home")
        scratch = tempfile.TemporaryDirectory(prefix="newsroom-surge-")
        static_root = Path(scratch.name) / "static"
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=settings.BASE_DIR,
            env=production_env(static_root),
            check=True,
        )
        server = {"workers": workers, "threads": threads, "static_root": static_root}
        figures: dict = {"readers": readers, "workers": workers, "threads": threads, "rounds": rounds}
        with scratch:
            with running_gunicorn(redis=redis, **server) as site:
                warm_up(site, workers * threads)
                figures["redis"] = {"never cached": [], "purged by a publish": [], "purged by a takedown": []}
                for n in range(rounds):
                    # An address nobody asked for yet (the home page ignores the query): nothing to serve but a build.
                    figures["redis"]["never cached"].append(
                        surge(f"{site}{home}?surge=cold-{n}-{time.time_ns()}", readers)
                    )
                    fetch(site + home)
                    pages.purge_keys([keys.LATEST])
                    figures["redis"]["purged by a publish"].append(surge(site + home, readers))
                    fetch(site + home)
                    story = keys.story(Article.objects.published().latest_first().values_list("pk", flat=True)[0])
                    pages.purge_keys([keys.LATEST, story, pages.takedown_key(story)])
                    figures["redis"]["purged by a takedown"].append(surge(site + home, readers))
            with running_gunicorn(redis="", **server) as site:
                warm_up(site, workers * threads)
                figures["local memory"] = {"never cached": []}
                for n in range(rounds):
                    figures["local memory"]["never cached"].append(surge(f"{site}{home}?surge=cold-{n}", readers))
        self._report(figures)

    def _report(self, figures: dict) -> None:
        for tier in ("redis", "local memory"):
            for scenario, runs in figures[tier].items():
                built = [run["built"] for run in runs]
                stale = [run["stale"] for run in runs]
                worst = max(run["slowest_ms"] for run in runs)
                self.stdout.write(
                    f"{tier:<12} {scenario:<22} built {built}  stale {stale}  errors "
                    f"{[run['errors'] for run in runs]}  slowest {worst:.0f} ms"
                )
        self.stdout.write(json.dumps(figures))


def warm_up(site: str, slots: int) -> None:
    """Every process started, connected and (with Redis) vouched for its page cache: a process still starting builds
    what it is asked without the cache, which is not what this measures."""
    for _ in range(3):
        surge(site + reverse("articles:robots"), slots * 2)
    time.sleep(1.0)


def surge(url: str, readers: int) -> dict:
    """``readers`` GETs of ``url`` released at once, each on its own connection; what came back."""
    answers: list[tuple[int, str, float]] = []
    lock = threading.Lock()
    start = threading.Barrier(readers)

    def read():
        start.wait()
        began = time.perf_counter()
        try:
            with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 (loopback address built here)
                response.read()
                outcome = (response.status, response.headers.get("X-Page-Cache") or "built")
        except Exception as exc:  # counted as an error, whatever it was
            outcome = (0, type(exc).__name__)
        with lock:
            answers.append((*outcome, (time.perf_counter() - began) * 1000))

    crowd = [threading.Thread(target=read) for _ in range(readers)]
    for reader in crowd:
        reader.start()
    for reader in crowd:
        reader.join()
    took = [ms for _status, _how, ms in answers]
    return {
        "built": sum(how == "built" for status, how, _ms in answers if status == 200),
        "hit": sum(how == "hit" for _status, how, _ms in answers),
        "stale": sum(how == "stale" for _status, how, _ms in answers),
        "errors": sum(status != 200 for status, _how, _ms in answers),
        "median_ms": round(statistics.median(took), 1),
        "slowest_ms": round(max(took), 1),
    }


def running_gunicorn(*, redis: str, workers: int, threads: int, static_root: Path):
    port = free_port()
    extra = {"PAGE_CACHE": "1", "REDIS_URL": redis}
    gunicorn_bin = str(Path(sys.executable).with_name("gunicorn"))
    command = [gunicorn_bin, "newsroom.wsgi", "-b", f"127.0.0.1:{port}", "-w", str(workers)]
    command += ["--threads", str(threads), "--backlog", "2048", "--log-level", "warning"]
    return running(command, port, production_env(static_root, **extra))
