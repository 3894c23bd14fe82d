"""Tasks whose worker died: found by its heartbeat, put back on the queue, or given up after too many tries.

django-tasks-db marks a task RUNNING when a worker claims it and records who (``worker_ids``, one entry per run);
nothing there notices a worker that was killed mid-task. Here a RUNNING task is *lost* when the worker that claimed
it last has not beaten for the lease (``WorkerBeat.beat_at``, the database's clock), or, for a worker that left no
beat at all, when the task started longer than a lease ago. A lost task goes back to READY (its ``worker_ids``
kept, so the next claim counts as its next attempt) and any worker runs it again; one that has had
``max_attempts`` runs already (a task that kills its worker every time) is failed instead, with the reason in its
traceback, so it cannot loop for ever. Both are a conditional UPDATE on the task's ``started_at``: of two workers
finding the same lost task, one puts it back.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.db.models.functions import Now
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from .models import WorkerBeat

logger = logging.getLogger(__name__)


class WorkerLost(Exception):
    """The exception recorded on a task given up because its worker kept dying while running it."""


WORKER_LOST = f"{WorkerLost.__module__}.{WorkerLost.__qualname__}"


@dataclass(frozen=True)
class Lost:
    task: DBTaskResult
    owner: str
    silent_for: timedelta  # since its worker's last beat (or the task's start, when it left none)

    @property
    def attempts(self) -> int:
        return len(self.task.worker_ids)


def find_lost(*, lease: timedelta, exclude: str = "") -> list[Lost]:
    """RUNNING tasks whose worker has been silent for longer than ``lease`` (never ``exclude``'s own)."""
    running = list(
        DBTaskResult.objects.running()
        .annotate(db_now=Now())
        .only("id", "task_path", "worker_ids", "started_at", "priority", "queue_name", "backend_name", "run_after")
    )
    owners = {task.worker_ids[-1] for task in running if task.worker_ids}
    beats = dict(WorkerBeat.objects.filter(worker_id__in=owners).values_list("worker_id", "beat_at"))
    lost = []
    for task in running:
        owner = task.worker_ids[-1] if task.worker_ids else ""
        if owner and owner == exclude:
            continue
        # Silent since its last beat or the task's start, whichever came later (a worker beats as it starts).
        last = max(filter(None, (beats.get(owner), task.started_at)), default=task.db_now)
        if task.db_now - last > lease:
            lost.append(Lost(task=task, owner=owner, silent_for=task.db_now - last))
    return lost


def recover(lost: Lost, *, max_attempts: int) -> str:
    """Put a lost task back on the queue, or fail it after ``max_attempts`` runs: "requeued", "failed", or "" when
    another worker recovered it (or its own worker finished it) first."""
    task = lost.task
    same_run = DBTaskResult.objects.filter(pk=task.pk, status=TaskResultStatus.RUNNING, started_at=task.started_at)
    why = (
        f"worker {lost.owner or '(unknown)'} went silent for {lost.silent_for.total_seconds():.0f} s while running "
        f"it (run {lost.attempts} of at most {max_attempts}; workers: {', '.join(task.worker_ids)})"
    )
    if lost.attempts >= max_attempts:
        failed = same_run.update(
            status=TaskResultStatus.FAILED,
            finished_at=timezone.now(),
            exception_class_path=WORKER_LOST,
            traceback=f"{WORKER_LOST}: given up: {why}\n",
        )
        if failed:
            logger.error("Task %s (%s) given up: %s", task.pk, task.task_path, why)
        return "failed" if failed else ""
    requeued = same_run.update(status=TaskResultStatus.READY, started_at=None, traceback=f"Requeued: {why}\n")
    if requeued:
        logger.warning("Task %s (%s) put back on the queue: %s", task.pk, task.task_path, why)
    return "requeued" if requeued else ""


def recover_all(*, lease: timedelta, max_attempts: int, exclude: str = "") -> dict[str, int]:
    counts = {"requeued": 0, "failed": 0}
    for lost in find_lost(lease=lease, exclude=exclude):
        outcome = recover(lost, max_attempts=max_attempts)
        if outcome:
            counts[outcome] += 1
    return counts
