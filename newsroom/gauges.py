"""``/metrics``: the web processes' own counts (``newsroom.metrics``) and, read from the database at each scrape, what
every app's tables know: the task queue and its workers, the purges each cache target still owes, and how imports
and polled sources fared. Read per scrape, these are the same from any process on any machine, so gunicorn's
workers need not share them (sum them across instances no more than once: each instance reports the whole site).

It sits above the feature apps (README "Layout") because it reads their tables; none of them imports it.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db import DatabaseError
from django.db.models import Count, Min, Q
from django.utils import timezone
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

from ingest.models import ImportRun, Source
from newsroom import metrics, queue_health
from pagecache.models import PurgeDelivery

logger = logging.getLogger(__name__)
RECENT = timedelta(hours=1)
DAY = timedelta(days=1)


class DatabaseFigures:
    """A prometheus-client collector whose figures come from the database when Prometheus scrapes."""

    def collect(self):
        now = timezone.now()
        try:  # all read before any is yielded: a database that fails half-way gives none rather than some
            figures = [*_queue(queue_health.queue_health()), *_purges(now), *_sources(), *_imports(now)]
        except DatabaseError as exc:
            # The processes' own counts still matter most while the database is down (the 503s are in them).
            logger.warning("/metrics without the database's figures: %s", exc)
            figures = []
        yield GaugeMetricFamily(
            "newsroom_database_figures_up", "1 when this scrape read the database's figures.", value=int(bool(figures))
        )
        yield from figures


def _queue(health: queue_health.QueueHealth):
    depth = GaugeMetricFamily(
        "newsroom_task_queue_depth", "Due tasks waiting for a worker, by queue.", labels=["queue"]
    )
    oldest = GaugeMetricFamily(
        "newsroom_task_oldest_waiting_seconds", "How long the oldest due task has waited, by queue.", labels=["queue"]
    )
    for queue in health.waiting:
        depth.add_metric([queue.queue], queue.tasks)
        oldest.add_metric([queue.queue], queue.oldest_seconds)
    yield depth
    yield oldest
    yield GaugeMetricFamily("newsroom_tasks_running", "Tasks a worker is running now.", value=health.running)
    yield GaugeMetricFamily(
        "newsroom_tasks_stuck", "Running tasks whose worker has been silent longer than the lease.", value=health.stuck
    )
    failed = GaugeMetricFamily(
        "newsroom_task_failures_last_hour", "Tasks that failed in the last hour, by task.", labels=["task"]
    )
    for task, count in health.failed_recently.items():
        failed.add_metric([task], count)
    yield failed
    workers = GaugeMetricFamily("newsroom_workers", "Workers by whether they beat within the lease.", labels=["state"])
    workers.add_metric(["alive"], health.workers.alive)
    workers.add_metric(["silent"], health.workers.silent)
    yield workers
    if health.workers.newest_beat_seconds is not None:
        yield GaugeMetricFamily(
            "newsroom_worker_newest_heartbeat_age_seconds",
            "Seconds since the most recent heartbeat of any worker.",
            value=health.workers.newest_beat_seconds,
        )


def _purges(now):
    pending = GaugeMetricFamily(
        "newsroom_purges_pending", "Purges a cache target has not acknowledged yet, by target.", labels=["target"]
    )
    failing = GaugeMetricFamily(
        "newsroom_purges_failing",
        "Pending purges whose last attempt on the target failed (retried with a growing pause), by target.",
        labels=["target"],
    )
    oldest = GaugeMetricFamily(
        "newsroom_purge_oldest_pending_seconds",
        "Age of the oldest purge a target still owes, by target.",
        labels=["target"],
    )
    dropped = GaugeMetricFamily(
        "newsroom_purges_dropped_last_day",
        "Purges given up in the last day (their pages had expired, or the target was removed), by target.",
        labels=["target"],
    )
    owed = (
        PurgeDelivery.objects.pending()
        .values("target")
        .annotate(n=Count("pk"), failing=Count("pk", filter=~Q(last_error="")), first=Min("created_at"))
        .order_by("target")
    )
    for row in owed:
        pending.add_metric([row["target"]], row["n"])
        failing.add_metric([row["target"]], row["failing"])
        oldest.add_metric([row["target"]], max(0.0, (now - row["first"]).total_seconds()))
    given_up = PurgeDelivery.objects.filter(dropped_at__gte=now - DAY).values("target").annotate(n=Count("pk"))
    for row in given_up.order_by("target"):
        dropped.add_metric([row["target"]], row["n"])
    yield from (pending, failing, oldest, dropped)


def _sources():
    items = CounterMetricFamily(
        "newsroom_ingest_items",
        "Items polled sources brought, by source and outcome, since each source was added.",
        labels=["source", "outcome"],
    )
    failures = GaugeMetricFamily(
        "newsroom_ingest_failures_in_a_row", "Failed polls in a row, by enabled source.", labels=["source"]
    )
    outcomes = ("created", "updated", "unchanged", "held", "failed")
    for source in Source.objects.filter(enabled=True).order_by("name"):
        for outcome in outcomes:
            items.add_metric([source.name, outcome], getattr(source, f"{outcome}_count"))
        failures.add_metric([source.name], source.failures)
    yield items
    yield failures


def _imports(now):
    runs = GaugeMetricFamily(
        "newsroom_import_runs_last_day",
        "Imports (desk, command, ingest polls that wrote) in the last day, by way in and result.",
        labels=["via", "result"],
    )
    recent = ImportRun.objects.filter(created_at__gte=now - DAY)
    counted = recent.values("via").annotate(
        failed=Count("pk", filter=~Q(error="") | Q(counts__failed__gt=0)), n=Count("pk")
    )
    for row in counted.order_by("via"):
        runs.add_metric([row["via"], "failed"], row["failed"])
        runs.add_metric([row["via"], "ok"], row["n"] - row["failed"])
    yield runs


_FIGURES = DatabaseFigures()


def metrics_view(request):
    return metrics.metrics_response(request, _FIGURES)
