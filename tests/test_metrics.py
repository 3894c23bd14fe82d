"""/metrics: Prometheus figures for the configured addresses only, named as dashboards and alerts expect them, and
added up across gunicorn's worker processes."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import pytest
from django.tasks import TaskResultStatus
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max
from prometheus_client.parser import text_string_to_metric_families

from ingest.models import ImportRun, RunVia, Source
from pagecache.models import PurgeDelivery
from tests.factories import PublishedArticleFactory

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.django_db


def scrape(client, **extra) -> dict[tuple[str, tuple], float]:
    """Every sample as {(name, sorted labels): value}."""
    response = client.get(reverse("metrics"), **extra)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("text/plain; version=")  # the Prometheus text format
    return _samples(response.text)


def _samples(text: str) -> dict[tuple[str, tuple], float]:
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def value(samples, name: str, **labels) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def names(samples) -> set[str]:
    return {name for name, _ in samples}


def _task(path: str, *, status=TaskResultStatus.READY, enqueued_at=None, finished_at=None) -> DBTaskResult:
    row = DBTaskResult.objects.create(
        task_path=path,
        args_kwargs={"args": [], "kwargs": {}},
        backend_name="default",
        queue_name="default",
        run_after=get_date_max(),
        status=status,
        finished_at=finished_at,
        exception_class_path="builtins.RuntimeError" if status == TaskResultStatus.FAILED else "",
        traceback="RuntimeError: the feed answered 500\n" if status == TaskResultStatus.FAILED else "",
    )
    if enqueued_at:
        DBTaskResult.objects.filter(pk=row.pk).update(enqueued_at=enqueued_at)
    return row


# --- who may read it ---


def test_metrics_answer_the_allowed_addresses_and_nobody_else(client, settings):
    assert client.get(reverse("metrics"), REMOTE_ADDR="127.0.0.1").status_code == 200
    assert client.get(reverse("metrics"), REMOTE_ADDR="203.0.113.9").status_code == 404

    settings.METRICS_ALLOWED_IPS = ["10.20.0.0/16"]
    assert client.get(reverse("metrics"), REMOTE_ADDR="10.20.3.4").status_code == 200
    assert client.get(reverse("metrics"), REMOTE_ADDR="10.21.3.4").status_code == 404


def test_a_reader_behind_the_trusted_proxy_is_judged_by_their_own_address(client, settings):
    """Through Varnish on loopback, the reader's address (X-Forwarded-For, newsroom.proxies) decides, not Varnish's."""
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    settings.METRICS_ALLOWED_IPS = ["127.0.0.1", "10.20.0.0/16"]
    through_varnish = {"REMOTE_ADDR": "127.0.0.1"}

    outsider = client.get(reverse("metrics"), HTTP_X_FORWARDED_FOR="203.0.113.9", **through_varnish)
    prometheus = client.get(reverse("metrics"), HTTP_X_FORWARDED_FOR="10.20.3.4", **through_varnish)

    assert (outsider.status_code, prometheus.status_code) == (404, 200)
    assert prometheus["Cache-Control"] == "no-store"  # never kept by Varnish or a CDN


# --- what it says ---


def test_requests_are_counted_and_timed_per_view(client):
    story = PublishedArticleFactory()
    before = scrape(client)

    assert client.get(story.get_absolute_url()).status_code == 200
    assert client.get("/no-such-page/").status_code == 404
    after = scrape(client)

    detail = {"view": "articles:detail", "method": "GET", "status": "200"}
    assert (
        value(after, "newsroom_http_requests_total", **detail)
        == value(before, "newsroom_http_requests_total", **detail) + 1
    )
    count = "newsroom_http_request_duration_seconds_count"
    assert value(after, count, view="articles:detail") == value(before, count, view="articles:detail") + 1
    assert value(after, "newsroom_db_query_duration_seconds_count", alias="default") > value(
        before, "newsroom_db_query_duration_seconds_count", alias="default"
    )


def test_queue_depth_and_the_oldest_waiting_task(client):
    _task("articles.tasks.make_renditions", enqueued_at=timezone.now() - timedelta(minutes=10))
    _task("pagecache.tasks.send_purges")
    _task("pagecache.tasks.send_purges", status=TaskResultStatus.RUNNING)

    samples = scrape(client)

    assert value(samples, "newsroom_task_queue_depth", queue="default") == 2
    assert 600 <= value(samples, "newsroom_task_oldest_waiting_seconds", queue="default") < 700
    assert value(samples, "newsroom_tasks_running") == 1


def test_task_failures_of_the_last_hour_by_task(client):
    now = timezone.now()
    for _ in range(2):
        _task("ingest.tasks.poll_source", status=TaskResultStatus.FAILED, finished_at=now)
    _task("ingest.tasks.poll_source", status=TaskResultStatus.FAILED, finished_at=now - timedelta(hours=3))

    samples = scrape(client)

    assert value(samples, "newsroom_task_failures_last_hour", task="ingest.tasks.poll_source") == 2


def test_purge_failures_per_cache_target(client):
    now = timezone.now()
    varnish, fastly = "varnish:http://10.0.0.5:6081/", "fastly"
    for target, error in ((varnish, "connection refused"), (varnish, ""), (fastly, "")):
        PurgeDelivery.objects.create(
            purge=uuid.uuid4(),
            target=target,
            keys=["a1"],
            next_try_at=now,
            last_error=error,
            attempts=3 if error else 0,
            created_at=now - timedelta(minutes=2),
        )
    PurgeDelivery.objects.create(purge=uuid.uuid4(), target=varnish, keys=["a2"],
                                 next_try_at=now, dropped_at=now, last_error="timed out")  # fmt: skip

    samples = scrape(client)

    assert value(samples, "newsroom_purges_pending", target=varnish) == 2
    assert value(samples, "newsroom_purges_failing", target=varnish) == 1
    assert value(samples, "newsroom_purges_failing", target=fastly) == 0
    assert value(samples, "newsroom_purges_dropped_last_day", target=varnish) == 1
    assert value(samples, "newsroom_purge_oldest_pending_seconds", target=varnish) >= 120


def test_import_and_ingest_outcomes(client):
    Source.objects.create(name="Wire", url="https://wire.example/feed", created_count=40, failed_count=2, failures=1)
    ImportRun.objects.create(via=RunVia.DESK, counts={"created": 3})
    ImportRun.objects.create(via=RunVia.INGEST, counts={"created": 1, "failed": 1})
    ImportRun.objects.create(via=RunVia.INGEST, error="the feed answered 500")

    samples = scrape(client)

    assert value(samples, "newsroom_ingest_items_total", source="Wire", outcome="created") == 40
    assert value(samples, "newsroom_ingest_items_total", source="Wire", outcome="failed") == 2
    assert value(samples, "newsroom_ingest_failures_in_a_row", source="Wire") == 1
    assert value(samples, "newsroom_import_runs_last_day", via="desk", result="ok") == 1
    assert value(samples, "newsroom_import_runs_last_day", via="ingest", result="failed") == 2


def test_the_metric_names_dashboards_rely_on(client):
    story = PublishedArticleFactory()
    client.get(story.get_absolute_url())

    found = names(scrape(client))

    assert {
        "newsroom_http_requests_total",
        "newsroom_http_request_duration_seconds_bucket",
        "newsroom_db_query_duration_seconds_bucket",
        "newsroom_database_figures_up",
        "newsroom_tasks_running",
        "newsroom_tasks_stuck",
        "newsroom_workers",
    } <= found


# --- several processes ---


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_gunicorns_worker_processes_add_up_in_one_scrape(tmp_path):
    """Worker processes count their own requests; whichever answers a scrape gives the sum of all of them, those
    that have exited included.
    (Its database is an empty SQLite file: the database's figures are then left out, the processes' counts not.)"""
    port, metrics_dir = _free_port(), tmp_path / "prometheus"
    env = {
        **os.environ,
        "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DEBUG": "0",
        "LOG_LEVEL": "ERROR",
    }
    log = open(tmp_path / "gunicorn.log", "ab")  # noqa: SIM115 (closed below)
    command = [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "--bind", f"127.0.0.1:{port}"]
    # Each worker process is replaced after 20 requests, as --max-requests does on a long-running site: 60 requests
    # go through several processes, some of which have exited by the time of the scrape.
    command += ["--workers", "2", "--max-requests", "20"]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:  # listening (a bare connection is no request, so nothing is counted twice)
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            assert server.poll() is None and time.monotonic() < deadline, (tmp_path / "gunicorn.log").read_text()
            time.sleep(0.1)

        def get(_):
            urllib.request.urlopen(url + "/healthz?live", timeout=60).close()

        def scrape_once():
            return _samples(urllib.request.urlopen(url + "/metrics", timeout=60).read().decode())

        before = scrape_once()  # (the waits above may have left requests that answered after they timed out)
        with ThreadPoolExecutor(max_workers=4) as clients:
            list(clients.map(get, range(60)))
        pids = {path.name.rsplit("_", 1)[-1] for path in metrics_dir.glob("counter_*.db")}
        scrapes = [scrape_once() for _ in range(4)]
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()

    counted = {"view": "healthz", "method": "GET", "status": "200"}
    assert len(pids) >= 3, f"answered by processes {pids}"
    started = value(before, "newsroom_http_requests_total", **counted)
    assert [value(samples, "newsroom_http_requests_total", **counted) - started for samples in scrapes] == [60] * 4
    assert value(scrapes[0], "newsroom_database_figures_up") == 0
