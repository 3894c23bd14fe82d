"""What do the metrics and the logs cost the article page? (README, "Operations")

gunicorn (2 sync workers, production settings, loopback) serves one story's page, uncached (PAGE_CACHE=0: the
whole view runs each time), under wrk (2 threads, 8 connections) in turn with:

- A, observed: as shipped (request ids, one JSON log line per request to a file, the request counter and histogram,
  every SQL statement and Redis command timed);
- B, bare: the middleware stack before any of that (no request id, no per-request log line, METRICS=0).

The runs are interleaved (A B B A, ``--rounds`` times) so drifting load from other work falls on both; each prints
requests/s, wrk's latency percentiles, the gunicorn processes' CPU time per request (from /proc: what the page costs
the app itself, which other work's load moves far less than requests/s) and the load average; the last line is JSON
with the medians and A's overhead by both measures. Loopback only, bounded by ``--seconds`` a run.

    DATABASE_URL=postgres://…/newsroom_ops REDIS_URL=redis://127.0.0.1:6379/7 .venv/bin/python tools/bench_observability.py
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BARE_SETTINGS = """
from newsroom.settings import *  # noqa: F403

_OBSERVING = {"newsroom.logs.RequestIdMiddleware", "newsroom.logs.DeskUserMiddleware", "newsroom.metrics.MetricsMiddleware"}
MIDDLEWARE = [name for name in MIDDLEWARE if name not in _OBSERVING]  # noqa: F405
NEWSROOM = {**NEWSROOM, "LOG_REQUESTS": False, "METRICS": False}  # noqa: F405
CACHES["default"].get("OPTIONS", {}).pop("connection_class", None)  # noqa: F405
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(env: dict, folder: Path, port: int) -> subprocess.Popen:
    log = open(folder / f"gunicorn-{port}.log", "ab")  # noqa: SIM115 (the process keeps it)
    command = [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "--bind", f"127.0.0.1:{port}"]
    server = subprocess.Popen([*command, "--workers", "2"], cwd=ROOT, env=env, stdout=log, stderr=log)  # noqa: S603
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz?live", timeout=5).close()
            return server
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit((folder / f"gunicorn-{port}.log").read_text()[-3000:]) from None
            time.sleep(0.2)


def cpu_seconds(server: subprocess.Popen) -> float:
    """CPU time (user + system) the gunicorn master and its workers have used so far."""
    tick = os.sysconf("SC_CLK_TCK")
    pids = [server.pid, *map(int, Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split())]
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime (the 14th and 15th fields)
    return total / tick


def wrk(url: str, seconds: int) -> dict:
    out = subprocess.run(  # noqa: S603
        [shutil.which("wrk") or "wrk", "-t2", "-c8", f"-d{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    found = {"rps": rate, "requests": int(re.search(r"(\d+) requests in", out).group(1))}
    found["non_2xx"] = int(errors.group(1)) if errors else 0
    for label in ("50%", "99%"):
        value, unit = re.search(rf"{label}\s+([\d.]+)(us|ms|s)", out).groups()
        found[f"p{label[:-1]}_ms"] = float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--rounds", type=int, default=2, help="A B B A, this many times")
    options = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="newsroom-bench-obs-"))
    # The counts' files in memory, as in production (/run is a tmpfs): on a disk-backed folder every count written
    # to the mapped files is a dirty page to write back, which cost the page 7 points of the 9-10% measured that way.
    memory = Path("/dev/shm")  # noqa: S108 (mkdtemp makes a private folder there)
    metrics_folder = tempfile.mkdtemp(prefix="newsroom-bench-metrics-", dir=memory if memory.is_dir() else None)
    (folder / "bare_settings.py").write_text(BARE_SETTINGS)
    base = {
        **os.environ,
        "DEBUG": "0",
        "SECURE_HTTPS": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "PAGE_CACHE": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-secret-key-0123456789abcdef"),
        "LOG_LEVEL": "INFO",
        # Production's hashed static files (the page names them through the manifest), collected for this run.
        "STATIC_ROOT": str(folder / "static"),
    }
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=base, check=True)
    setup = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c",
         "from articles.models import Article; print(Article.objects.published().order_by('-published_at')"
         ".first().get_absolute_url())"],
        cwd=ROOT, env=base, capture_output=True, text=True, check=True,
    )  # fmt: skip
    path = setup.stdout.strip().splitlines()[-1]
    kinds = {
        "A": {**base, "PROMETHEUS_MULTIPROC_DIR": metrics_folder, "LOG_FORMAT": "json"},
        "B": {**base, "PYTHONPATH": str(folder), "DJANGO_SETTINGS_MODULE": "bare_settings", "LOG_FORMAT": "json"},
    }
    servers = {kind: (port := free_port(), serve(env, folder, port)) for kind, env in kinds.items()}
    results: dict[str, list[dict]] = {"A": [], "B": []}
    # A stop (Ctrl-C, kill) still ends both servers.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped"))
    try:
        for kind, (port, _) in servers.items():  # both must serve the page itself, not an error page
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as answer:
                if answer.status != 200:
                    raise SystemExit(f"{kind}: {path} answered {answer.status}; see {folder}")
        for kind in ("A", "B"):  # warm both: templates, the related lists in Redis
            wrk(f"http://127.0.0.1:{servers[kind][0]}{path}", 3)
        for _ in range(options.rounds):
            for kind in ("A", "B", "B", "A"):
                used = cpu_seconds(servers[kind][1])
                run = wrk(f"http://127.0.0.1:{servers[kind][0]}{path}", options.seconds)
                run["cpu_ms_per_request"] = round(1000 * (cpu_seconds(servers[kind][1]) - used) / run["requests"], 3)
                run["loadavg"] = Path("/proc/loadavg").read_text().split()[0]
                results[kind].append(run)
                if run["non_2xx"]:
                    raise SystemExit(f"{kind}: {run['non_2xx']} answers were not 2xx; see {folder}")
                print(kind, json.dumps(run), flush=True)
    finally:
        for _, server in servers.values():
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(metrics_folder, ignore_errors=True)
    a, b = (statistics.median(run["rps"] for run in results[kind]) for kind in ("A", "B"))
    cpu_a, cpu_b = (statistics.median(run["cpu_ms_per_request"] for run in results[kind]) for kind in ("A", "B"))
    print(
        json.dumps(
            {
                "page": path,
                "observed_rps_median": round(a, 1),
                "bare_rps_median": round(b, 1),
                "overhead_percent": round(100 * (b - a) / b, 2),
                # The app's own CPU time per page: what the observing costs, barely moved by other work's load.
                "observed_cpu_ms_per_request": cpu_a,
                "bare_cpu_ms_per_request": cpu_b,
                "cpu_overhead_percent": round(100 * (cpu_a - cpu_b) / cpu_b, 2),
                "observed_p50_ms": statistics.median(run["p50_ms"] for run in results["A"]),
                "bare_p50_ms": statistics.median(run["p50_ms"] for run in results["B"]),
                "loadavg": sorted({run["loadavg"] for runs in results.values() for run in runs}),
            }
        )
    )


if __name__ == "__main__":
    main()
