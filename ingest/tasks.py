"""The ingest tasks, and the scheduler that keeps itself queued, so sources are polled without cron.

``schedule_sources`` queues a poll for every due source, then queues itself again to run when the next source
falls due (at least every ``TICK``). Whatever starts it first (saving a source in the admin, "Run now")
starts the chain; the queue is in the database, so it survives restarts. A second chain (two editors saving at
once) notices the other and ends, and a chain whose worker died mid-run is restarted by the next of those.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db.models import Min
from django.tasks import TaskContext, TaskResultStatus, default_task_backend, task
from django.utils import timezone

from . import folders, sources, uploads
from .models import Kind, RunResult, Source, SourceRun

logger = logging.getLogger(__name__)

TICK = timedelta(seconds=5)
STALE_SCHEDULER = timedelta(minutes=2)


@task
def poll_source(source_id: int) -> None:
    source = Source.objects.filter(pk=source_id).first()
    if source is None:
        return
    if source.kind != Kind.FOLDER:
        sources.run_source(source)
        return
    try:
        names = folders.waiting_files(source)
    except OSError as exc:  # the folder is missing or not ours to write: on record, retried with backoff
        sources.finish(source, SourceRun.objects.create(source=source), result=RunResult.FAILED, error=str(exc))
        return
    for name in names:
        import_dropped_file.enqueue(source_id, name)
    if not names:
        Source.objects.filter(pk=source_id).update(last_run_at=timezone.now())


@task
def import_dropped_file(source_id: int, name: str) -> None:
    source = Source.objects.filter(pk=source_id).first()
    if source is not None:
        folders.import_file(source, name)


@task
def import_upload(job_id: str) -> None:
    uploads.run(job_id)


@task(takes_context=True)
def schedule_sources(context: TaskContext) -> None:
    chained = default_task_backend.supports_defer  # the immediate backend (tests) would recurse for ever
    if (
        chained
        and _queued_schedulers().exclude(id=context.task_result.id).filter(status=TaskResultStatus.READY).exists()
    ):
        return  # another chain is running; this one ends
    for source_id in sources.take_due():
        poll_source.enqueue(source_id)
    if chained:
        schedule_sources.using(run_after=_next_tick()).enqueue()
        _prune_finished_schedulers()


def ensure_scheduled() -> None:
    """Start the scheduler's chain unless it is queued or running (a run stuck for minutes died with its worker)."""
    if not default_task_backend.supports_defer:
        return
    alive = _queued_schedulers().filter(status=TaskResultStatus.READY).exists() or (
        _queued_schedulers()
        .filter(status=TaskResultStatus.RUNNING, started_at__gte=timezone.now() - STALE_SCHEDULER)
        .exists()
    )
    if not alive:
        schedule_sources.enqueue()


def _next_tick():
    now = timezone.now()
    soonest = Source.objects.filter(enabled=True).aggregate(at=Min("next_run_at"))["at"] or now + TICK
    return min(max(soonest, now + timedelta(seconds=1)), now + TICK)


def _queued_schedulers():
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path=schedule_sources.module_path)


def _prune_finished_schedulers() -> None:
    """The chain leaves a finished row every few seconds; an hour of them is plenty to look back on."""
    cutoff = timezone.now() - timedelta(hours=1)
    _queued_schedulers().filter(status=TaskResultStatus.SUCCESSFUL, finished_at__lt=cutoff).delete()
