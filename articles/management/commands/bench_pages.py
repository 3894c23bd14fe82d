"""How fast readers' pages are served: uncached, from Django's page cache, through Varnish, against a static file.

``manage.py bench_pages`` runs, on the current database (PostgreSQL for figures worth quoting) and loopback only:

1. gunicorn with production settings (2 sync workers, whitenoise), no page cache: article, home, tag page and
   feed, each loaded by wrk (Debian's ``wrk``) for ``--seconds`` with ``--connections``;
2. the same with Django's page cache on Redis (``REDIS_URL``, which this command needs too), warmed first;
3. the same through varnishd with ``deploy/varnish/default.vcl`` (Debian's ``varnish`` and ``varnish-modules``);
4. the ceiling: the article's HTML saved as a static file and served by gunicorn + whitenoise;
5. purge-to-fresh: a story withdrawn in this process, and the time until Varnish answers 410 for it.

It loads the demo content when the database has no published story. Every process it starts is stopped at the
end; nothing is sent anywhere but 127.0.0.1. The last line is JSON with every figure.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from articles import services
from articles.models import Article

ROOT = Path(settings.BASE_DIR)
VCL = ROOT / "deploy" / "varnish" / "default.vcl"


class Command(BaseCommand):
    help = "Measure page throughput uncached, from Django's page cache, through Varnish, and a static ceiling."

    def add_arguments(self, parser):
        parser.add_argument("--seconds", type=int, default=8, help="Length of each wrk run (at most 60).")
        parser.add_argument("--connections", type=int, default=20)
        parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers.")

    def handle(self, *args, seconds, connections, workers, **options):
        seconds = max(1, min(seconds, 60))
        redis = settings.REDIS_URL
        if not redis:
            # This process withdraws a story for the purge figure: its purge must reach the servers' cache.
            raise CommandError("run with REDIS_URL set (e.g. redis://127.0.0.1:6379/7): the page cache lives there")
        for tool in ("wrk", "varnishd"):
            if not (shutil.which(tool) or Path(f"/usr/sbin/{tool}").exists()):
                raise CommandError(f"{tool} is needed: apt-get install wrk varnish varnish-modules")
        if not Article.objects.published().exists():
            call_command("load_demo", verbosity=0)
        story = Article.objects.published().exclude(section=None).filter(regions__isnull=False).latest_first()[0]
        topic = Article.objects.published().filter(topics__isnull=False).latest_first()[0].topics.first()
        paths = {
            "article": story.get_absolute_url(),
            "home": reverse("articles:home"),
            "tag page": topic.get_absolute_url(),
            "feed": reverse("feeds:latest", kwargs={"fmt": "rss"}),
        }
        load = {"seconds": seconds, "connections": connections}
        figures: dict = {"workers": workers, **load, "paths": paths}
        with tempfile.TemporaryDirectory(prefix="newsroom-bench-") as scratch:
            static_root = Path(scratch) / "static"
            self._collectstatic(static_root)
            with gunicorn(static_root, workers=workers, page_cache=False) as uncached:
                figures["uncached"] = {name: wrk(uncached + path, **load) for name, path in paths.items()}
                html = fetch(uncached + paths["article"])[2]
            (static_root / "bench").mkdir()
            (static_root / "bench" / "article.html").write_bytes(html)
            with gunicorn(static_root, workers=workers, page_cache=True, redis=redis) as cached:
                flush_redis(redis)
                figures["whitenoise ceiling"] = wrk(cached + "/static/bench/article.html", **load)
                for name, path in paths.items():
                    warm_page_cache(cached + path, name, workers=workers)
                figures["django cache"] = {name: wrk(cached + path, **load) for name, path in paths.items()}
                with varnish(cached, Path(scratch)) as front:
                    for path in paths.values():
                        fetch(front + path)
                    figures["varnish"] = {name: wrk(front + path, **load) for name, path in paths.items()}
                    figures["purge to fresh (s)"] = purge_to_fresh(story, front)
        self._report(figures)

    def _collectstatic(self, static_root: Path) -> None:
        env = production_env(static_root)
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
        )

    def _report(self, figures: dict) -> None:
        uncached, django, front = figures["uncached"], figures["django cache"], figures["varnish"]
        ceiling = figures["whitenoise ceiling"]
        self.stdout.write(f"{'page':<10} {'uncached':>10} {'django cache':>13} {'varnish':>10}   (requests/s)")
        for name in uncached:
            self.stdout.write(f"{name:<10} {uncached[name]:>10.0f} {django[name]:>13.0f} {front[name]:>10.0f}")
        self.stdout.write(f"whitenoise serving the article as a static file: {ceiling:.0f} requests/s")
        figures["targets"] = {
            "django cache hit / whitenoise ceiling (>= 0.8)": round(django["article"] / ceiling, 2),
            "varnish hit / uncached article (>= 10)": round(front["article"] / uncached["article"], 1),
            "purge to fresh through varnish (< 1 s)": figures["purge to fresh (s)"],
        }
        for target, value in figures["targets"].items():
            self.stdout.write(f"{target}: {value}")
        self.stdout.write(json.dumps(figures))


def warm_page_cache(url: str, name: str, *, workers: int) -> None:
    """Until every worker answers ``url`` from Django's page cache (each first vouches for Redis after the flush).
    With production's defaults (editors' second factor on) a reader's page must be stored: one that never is (an
    answer varying on Cookie, say) would be measured as "django cache" while every request builds it."""
    in_a_row = 0
    for _attempt in range(300):  # each worker vouches for Redis within seconds of the flush
        _status, headers, _body = fetch(url)
        in_a_row = in_a_row + 1 if headers.get("X-Page-Cache") == "hit" else 0
        if in_a_row >= 2 * workers:
            return
        time.sleep(0.1)
    raise CommandError(
        f"the {name} page is not served from Django's page cache (Vary: {headers.get('Vary', '')!r}, "
        f"Cache-Control: {headers.get('Cache-Control', '')!r})"
    )


def production_env(static_root: Path, **extra) -> dict:
    """The settings readers get in production (DEBUG off, editors' second factor on), on plain HTTP, loopback."""
    dropped = {"REDIS_URL", "PAGE_CACHE", "VARNISH_PURGE_URLS", "NEWSROOM_REQUIRE_2FA"}
    env = {key: value for key, value in os.environ.items() if key not in dropped}
    env.update(
        DEBUG="0",
        SECRET_KEY=os.environ.get("SECRET_KEY") or "bench-pages-secret-key-0123456789abcdefghijklmnop",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_HTTPS="0",
        STATIC_ROOT=str(static_root),
        SEND_SURROGATE_KEYS="1",  # as with Varnish in front
        **extra,
    )
    return env


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_listening(port: int, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            process.stdout.seek(0)
            raise CommandError(f"{process.args[0]} stopped: {process.stdout.read().decode()[-2000:]}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise CommandError(f"nothing listened on {port} within {seconds} s")


@contextmanager
def running(command: list[str], port: int, env: dict | None = None):
    # Commands built in this module from fixed programs and loopback addresses. Output goes to a file, not a pipe
    # nobody reads: a server logging every request would fill a pipe and stop answering.
    with tempfile.TemporaryFile() as output:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)  # noqa: S603
        process.stdout = output
        try:
            wait_until_listening(port, process)
            yield f"http://127.0.0.1:{port}"
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()


@contextmanager
def gunicorn(static_root: Path, *, workers: int, page_cache: bool, redis: str = ""):
    port = free_port()
    extra = {"PAGE_CACHE": "1", "REDIS_URL": redis} if page_cache else {"PAGE_CACHE": "0"}
    gunicorn_bin = str(Path(sys.executable).with_name("gunicorn"))
    command = [gunicorn_bin, "newsroom.wsgi", "-b", f"127.0.0.1:{port}", "-w", str(workers), "--log-level", "warning"]
    with running(command, port, production_env(static_root, **extra)) as url:
        yield url


@contextmanager
def varnish(backend: str, scratch: Path):
    backend_port = backend.rsplit(":", 1)[1]
    vcl = scratch / "default.vcl"
    vcl.write_text(re.sub(r'\.port = "\d+";', f'.port = "{backend_port}";', VCL.read_text(), count=1))
    port = free_port()
    varnishd = shutil.which("varnishd") or "/usr/sbin/varnishd"
    command = [varnishd, "-F", "-j", "none", "-n", str(scratch / "varnish"), "-a", f"127.0.0.1:{port}"]
    command += ["-f", str(vcl), "-s", "malloc,64m"]
    with running(command, port) as url:
        yield url


def fetch(url: str):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (loopback addresses built here)
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def wrk(url: str, *, seconds: int, connections: int) -> float:
    result = subprocess.run(  # noqa: S603
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 30,
    )
    match = re.search(r"Requests/sec:\s+([\d.]+)", result.stdout)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", result.stdout)
    if not match or non_2xx:
        raise CommandError(f"wrk on {url} did not get clean answers:\n{result.stdout}")
    return float(match.group(1))


def flush_redis(url: str) -> None:
    import redis as redis_client

    redis_client.Redis.from_url(url).flushdb()


def purge_to_fresh(story: Article, front: str) -> float:
    """Withdraw the story with this process's purge going to the Varnish in front; time until it answers 410."""
    url = front + story.get_absolute_url()
    assert fetch(url)[0] == 200 and fetch(url)[1].get("X-Cache") == "HIT"
    original = {**settings.NEWSROOM}
    settings.NEWSROOM["VARNISH_PURGE_URLS"] = [front + "/"]
    try:
        started = time.monotonic()
        services.withdraw_article(article=story)
        while fetch(url)[0] != 410:
            if time.monotonic() - started > 10:
                raise CommandError("the withdrawn story still answered 200 through Varnish after 10 s")
            time.sleep(0.01)
        elapsed = time.monotonic() - started
    finally:
        settings.NEWSROOM.clear()
        settings.NEWSROOM.update(original)
        services.publish_article(article=Article.objects.get(pk=story.pk), at=story.published_at)
    return round(elapsed, 3)
