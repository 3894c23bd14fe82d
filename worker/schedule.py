"""Periodic work: jobs the apps register, each tick claimed once in the database by whichever worker gets there first.

An app registers its jobs from its ``worker_hooks.py`` (found when the worker app is ready)::

    schedule.register("ingest.poll-due-sources", every=timedelta(seconds=5), task=tasks.queue_due_sources)

Every worker's loop calls ``run_due()``: a job's row holds its next due time, and a tick is claimed with one
conditional UPDATE (``... SET next_due = now + every WHERE name = %s AND next_due <= now``): a row count of 1 means
this worker has the tick and queues the job's task (in the same transaction, so a claimed tick is never lost
between the two); 0 means another worker, on this machine or another, had it. Nothing is chained: a worker that dies
takes no schedule with it, and a tick is queued once however many workers run. A tick is skipped when the previous
one's task is still waiting on the queue (a busy queue does not pile up copies of the same sweep).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import InterfaceError, OperationalError, transaction
from django.db.models import F
from django.tasks import Task
from django.utils import timezone
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from .models import PeriodicJob

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    every: timedelta
    task: Task


_JOBS: dict[str, Job] = {}


def register(name: str, *, every: timedelta, task: Task) -> Job:
    """Run ``task`` (taking no arguments) every ``every``, once across all workers. Registering a name again
    replaces it."""
    if every <= timedelta(0):
        raise ValueError(f"{name}: every must be positive")
    job = _JOBS[name] = Job(name=name, every=every, task=task)
    return job


def registered() -> list[Job]:
    return sorted(_JOBS.values(), key=lambda job: job.name)


def run_due(*, worker_id: str = "", now: datetime | None = None, jobs: Iterable[Job] | None = None) -> list[str]:
    """Claim and queue every job that is due; the names of those this call claimed."""
    jobs = {job.name: job for job in (registered() if jobs is None else jobs)}
    if not jobs:
        return []
    now = now or timezone.now()
    rows = dict(PeriodicJob.objects.filter(name__in=jobs).values_list("name", "next_due"))
    missing = [PeriodicJob(name=name, next_due=now) for name in jobs if name not in rows]
    if missing:  # a new job is due at once; two workers adding it at once both succeed
        PeriodicJob.objects.bulk_create(missing, ignore_conflicts=True)
        rows |= {job.name: now for job in missing}
    claimed = []
    for name in sorted(name for name, due in rows.items() if due <= now):
        try:
            if _claim_and_queue(jobs[name], worker_id=worker_id, now=now):
                claimed.append(name)
        except (OperationalError, InterfaceError):
            raise  # the database went away: the worker's loop waits for it
        except Exception:
            logger.exception("Periodic job %s failed to queue", name)
    return claimed


def claim(job: Job, *, worker_id: str = "", now: datetime) -> bool:
    """The compare-and-set: True when this call moved the job's next due time on, so this tick is ours."""
    moved = PeriodicJob.objects.filter(name=job.name, next_due__lte=now).update(
        next_due=now + job.every, last_claimed_at=now, last_worker=worker_id[:64], ticks=F("ticks") + 1, updated_at=now
    )
    return moved == 1


def _claim_and_queue(job: Job, *, worker_id: str, now: datetime) -> bool:
    with transaction.atomic():
        if not claim(job, worker_id=worker_id, now=now):
            return False
        if _still_waiting(job):
            logger.info("Periodic job %s: the last tick's task is still queued; this tick is skipped", job.name)
            return True
        job.task.enqueue()
    return True


def _still_waiting(job: Job) -> bool:
    if not isinstance(job.task.get_backend(), DatabaseBackend):
        return False
    return DBTaskResult.objects.filter(task_path=job.task.module_path, status="READY").exists()
