"""Load and fault run: gunicorn with production settings on PostgreSQL and Redis, loopback only.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench .venv/bin/python tools/load.py

Two phases of ``--seconds`` each, ``--connections`` clients over a mix of article, home, listing, feed and
search addresses: a steady one, then the same with the database cut for ``--cut-seconds`` in the middle
(through tests/faultproxy.py, which sits between gunicorn and PostgreSQL in both phases). Reports requests,
non-2xx/3xx answers, errors (no answer at all), p50 and p99, what was answered during the cut, and how long
after the database came back the last failure was. Bounded: at most ``--max-requests`` per phase, every
request times out after 10 s, and it only ever talks to 127.0.0.1.
"""

import argparse
import http.client
import os
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.faultproxy import FaultProxy  # noqa: E402

HOST = "127.0.0.1"
PYTHON = sys.executable
MIX = (("article", 50), ("home", 15), ("listing", 15), ("feed", 10), ("search", 10))
SEARCH_WORDS = ("value", "image", "ferry", "election", "file", "weather", "unicode", "court")


def main() -> None:
    args = parse_args()
    database = urlparse(args.database_url)
    if database.scheme not in {"postgres", "postgresql"}:
        sys.exit("tools/load.py measures the production shape: DATABASE_URL must be PostgreSQL.")
    if database.hostname not in {"127.0.0.1", "localhost"}:
        sys.exit("tools/load.py runs on loopback only.")
    proxy = FaultProxy(database.hostname, database.port or 5432).start()
    proxied_url = database._replace(netloc=f"{database.username or 'postgres'}@{HOST}:{proxy.port}").geturl()
    env = production_env(proxied_url, args.redis_url)
    run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env)
    addresses = sample_addresses(env)
    server = subprocess.Popen(  # noqa: S603 - our own interpreter and fixed arguments
        [PYTHON, "-m", "gunicorn", "newsroom.wsgi", "--bind", f"{HOST}:{args.port}", "--workers", str(args.workers),
         "--timeout", "30", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        wait_until_up(args.port)
        print(f"gunicorn {args.workers} workers on {HOST}:{args.port}, database through proxy :{proxy.port}")
        steady = Phase(args, addresses).run()
        report("steady", steady, None)
        faulty = Phase(args, addresses, proxy=proxy).run()
        report("database cut", faulty, faulty.cut)
    finally:
        server.terminate()
        server.wait(timeout=30)
        proxy.close()


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/8"))
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--cut-seconds", type=float, default=5)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--max-requests", type=int, default=200_000)
    parser.add_argument("--leave-out", nargs="*", default=[], choices=[kind for kind, _ in MIX], help="kinds of page")
    args = parser.parse_args()
    args.seconds = min(args.seconds, 600)
    args.connections = min(args.connections, 200)
    return args


def production_env(database_url: str, redis_url: str) -> dict:
    return {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "SECURE_HTTPS": "0",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "STATIC_ROOT": str(Path(tempfile.gettempdir()) / "newsroom-load-static"),
        "LOG_LEVEL": "CRITICAL",  # an outage logs every 503 at ERROR; the figures are what this run is for
    }


def run(command: list[str], env: dict) -> str:
    return subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True, text=True).stdout  # noqa: S603


SAMPLE = """
from articles.models import Article, Region, Section, Topic
from articles.views.listings import public_articles
for a in public_articles().select_related("section")[:20000:40]: print("article", a.get_absolute_url())
for s in Section.objects.all(): print("listing", s.get_absolute_url())
for r in Region.objects.filter(article_count__gt=0).order_by("-article_count")[:50]: print("listing", r.get_absolute_url())
for t in Topic.objects.filter(article_count__gt=0).order_by("-article_count")[:50]: print("listing", t.get_absolute_url())
for t in Topic.objects.filter(article_count__gt=0).order_by("-article_count")[:20]: print("feed", f"/feeds/topic/{t.slug}.rss")
"""


def sample_addresses(env: dict) -> dict[str, list[str]]:
    addresses: dict[str, list[str]] = {"home": ["/"], "feed": ["/feeds/latest.rss", "/feeds/latest.atom"]}
    addresses["search"] = [f"/search/?q={word}" for word in SEARCH_WORDS]
    for line in run([PYTHON, "manage.py", "shell", "-c", SAMPLE], env).splitlines():
        kind, _, path = line.partition(" ")
        addresses.setdefault(kind, []).append(path)
    return addresses


def wait_until_up(port: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if fetch(port, "/healthz?live")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    sys.exit("gunicorn did not start")


def fetch(port: int, path: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection(HOST, port, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


class Phase:
    """``connections`` threads requesting until the time is up; records (start, seconds, status or None)."""

    def __init__(self, args, addresses, *, proxy: FaultProxy | None = None):
        self.args, self.addresses, self.proxy = args, addresses, proxy
        self.results: list[tuple[float, float, int | None]] = []
        self.cut: tuple[float, float] | None = None
        self._lock = threading.Lock()

    def run(self) -> "Phase":
        self.started = time.monotonic()
        self.ends = self.started + self.args.seconds
        threads = [threading.Thread(target=self._client, args=(n,)) for n in range(self.args.connections)]
        if self.proxy:
            threads.append(threading.Thread(target=self._cut_in_the_middle))
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return self

    def _cut_in_the_middle(self) -> None:
        time.sleep(max(0.0, (self.args.seconds - self.args.cut_seconds) / 2))
        cut_at = time.monotonic() - self.started
        self.proxy.cut()
        time.sleep(self.args.cut_seconds)
        self.proxy.restore()
        self.cut = (cut_at, time.monotonic() - self.started)

    def _client(self, n: int) -> None:
        rng = random.Random(n)
        wanted = [(kind, w) for kind, w in MIX if self.addresses.get(kind) and kind not in self.args.leave_out]
        kinds, weights = zip(*wanted, strict=True)
        while time.monotonic() < self.ends and len(self.results) < self.args.max_requests:
            path = rng.choice(self.addresses[rng.choices(kinds, weights)[0]])
            start = time.monotonic()
            try:
                status = fetch(self.args.port, path)[0]
            except OSError:
                status = None
            with self._lock:
                self.results.append((start - self.started, time.monotonic() - start, status))


def report(name: str, phase: Phase, cut) -> None:
    def line(label, rows):
        if not rows:
            return f"  {label}: no requests"
        latencies = sorted(seconds for _, seconds, _ in rows)
        failed = sum(1 for _, _, status in rows if status is not None and not 200 <= status < 400)
        errors = sum(1 for _, _, status in rows if status is None)
        p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
        return (
            f"  {label}: {len(rows)} requests ({len(rows) / max(rows[-1][0] - rows[0][0], 1e-9):.0f}/s), "
            f"non-2xx/3xx {failed}, errors {errors}, p50 {statistics.median(latencies) * 1000:.0f} ms, "
            f"p99 {p99 * 1000:.0f} ms, statuses {dict(Counter(status for _, _, status in rows))}"
        )

    rows = sorted(phase.results)
    print(f"{name}:")
    print(line("all", rows))
    if cut:
        cut_at, restored_at = cut
        print(f"  database cut from {cut_at:.1f} s to {restored_at:.1f} s")
        print(line("before the cut", [r for r in rows if r[0] + r[1] < cut_at]))
        print(line("during the cut", [r for r in rows if r[0] + r[1] >= cut_at and r[0] < restored_at]))
        after = [r for r in rows if r[0] >= restored_at]
        print(line("after the cut", after))
        failures = [start for start, _, status in after if status is None or not 200 <= status < 400]
        print(f"  recovered {max(failures) - restored_at if failures else 0.0:.2f} s after the database came back")


if __name__ == "__main__":
    main()
