"""The task queue and its workers as operations see them: what waits and for how long, what runs, what is stuck,
what failed lately, and which workers still beat. Read by ``/healthz`` (articles.views.site) and ``/metrics``
(newsroom.gauges), each time they are asked: a few indexed queries, the same answer from every process.

A task is *stuck* when it is running on a worker that has been silent for longer than the lease (``worker.leases``:
the next live worker puts it back, or gives it up after its last attempt). A worker is *alive* while its last beat
(``WorkerBeat``, the database's clock) is younger than the lease.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Case, Count, F, Min, When
from django.db.models.functions import Greatest, Now
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from worker import leases
from worker.conf import conf as worker_conf
from worker.models import WorkerBeat

LONG_WAIT = timedelta(minutes=5)  # a due task waiting longer than this means the workers are not keeping up
RECENT = timedelta(hours=1)


@dataclass(frozen=True)
class Waiting:
    queue: str
    tasks: int
    oldest_seconds: float


@dataclass(frozen=True)
class Workers:
    alive: int
    silent: int
    newest_beat_seconds: float | None  # since the most recent beat of any worker; None: no worker ever beat


@dataclass(frozen=True)
class QueueHealth:
    waiting: list[Waiting]
    running: int
    stuck: int
    failed_recently: dict[str, int]  # task path: failures in the last RECENT
    workers: Workers

    @property
    def oldest_waiting_seconds(self) -> float:
        return max((queue.oldest_seconds for queue in self.waiting), default=0.0)

    @property
    def waiting_tasks(self) -> int:
        return sum(queue.tasks for queue in self.waiting)


def waiting(*, now: datetime | None = None) -> list[Waiting]:
    """Due tasks not yet claimed, per queue, and how long the oldest has waited (since it was queued or, for a
    deferred task, since its time came)."""
    now = now or timezone.now()
    since = Case(When(run_after=get_date_max(), then=F("enqueued_at")), default=Greatest("enqueued_at", "run_after"))
    due = DBTaskResult.objects.ready().values("queue_name").annotate(n=Count("pk"), first=Min(since))
    return [
        Waiting(queue=row["queue_name"], tasks=row["n"], oldest_seconds=max(0.0, (now - row["first"]).total_seconds()))
        for row in due.order_by("queue_name")
    ]


def workers() -> Workers:
    lease = timedelta(seconds=worker_conf().lease)
    beats = list(WorkerBeat.objects.annotate(db_now=Now()).values_list("beat_at", "db_now"))
    ages = [db_now - beat_at for beat_at, db_now in beats]
    alive = sum(1 for age in ages if age <= lease)
    newest = min(ages, default=None)
    return Workers(
        alive=alive,
        silent=len(ages) - alive,
        newest_beat_seconds=max(0.0, newest.total_seconds()) if newest is not None else None,
    )


def failed_recently(*, now: datetime | None = None) -> dict[str, int]:
    since = (now or timezone.now()) - RECENT
    failed = DBTaskResult.objects.filter(status=TaskResultStatus.FAILED, finished_at__gte=since)
    return dict(failed.values_list("task_path").annotate(n=Count("pk")).order_by("task_path"))


def queue_health() -> QueueHealth:
    now = timezone.now()
    return QueueHealth(
        waiting=waiting(now=now),
        running=DBTaskResult.objects.running().count(),
        stuck=len(leases.find_lost(lease=timedelta(seconds=worker_conf().lease))),
        failed_recently=failed_recently(now=now),
        workers=workers(),
    )
