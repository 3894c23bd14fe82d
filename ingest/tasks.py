"""The ingest tasks: polls, dropped files, large uploads, and the sweep that queues due sources.

``queue_due_sources`` is a periodic job on the worker's scheduler (``ingest/worker_hooks.py``, every ``TICK``):
every worker looks, one claims each tick, so sources are polled without cron and without a chain of tasks that
could die with a worker. Each task is safe to run twice, as a task whose worker died is run again elsewhere
(``worker.leases``):

- ``queue_due_sources``: ``sources.take_due`` moves each due source on with a conditional UPDATE, so a second run
  queues nothing twice.
- ``poll_source``: a source is polled by one worker at a time (its ``claimed_until``); the importer knows stories by
  guid and version, so a poll run twice reports the second's items unchanged. A re-run whose first run died takes
  over the claim that run left (it is older than the worker lease) instead of waiting out ``sources.LEASE``.
- ``import_dropped_file``: a file is claimed by a rename into ``processing/``; a re-run whose first run died puts
  the file it left there back and imports it (again: what the first run saved comes out unchanged).
- ``import_upload``: a finished job is not run again; an unfinished one runs again under its folder's lock, and
  the importer reports what the first run saved as unchanged.
"""

from __future__ import annotations

import logging
import os
import time
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.tasks import TaskContext, task
from django.utils import timezone

from . import folders, sources, uploads
from .models import Kind, RunResult, Source, SourceRun

logger = logging.getLogger(__name__)

TICK = timedelta(seconds=5)


@task(takes_context=True)
def poll_source(context: TaskContext, source_id: int) -> None:
    source = Source.objects.filter(pk=source_id).first()
    if source is None:
        return
    if context.attempt > 1:
        _take_over_dead_claim(source)
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


@task(takes_context=True)
def import_dropped_file(context: TaskContext, source_id: int, name: str) -> None:
    source = Source.objects.filter(pk=source_id).first()
    if source is None:
        return
    if context.attempt > 1:
        _put_back_dead_claim(source, name)
    folders.import_file(source, name)


@task
def import_upload(job_id: str) -> None:
    uploads.run(job_id)


@task
def queue_due_sources() -> int:
    """Queue a poll for every due source (each moved on to its next time as it is taken); how many."""
    taken = sources.take_due()
    for source_id in taken:
        poll_source.enqueue(source_id)
    return len(taken)


def ensure_scheduled() -> None:
    """Queue one sweep of the due sources now. Nothing needs this to keep polling: the worker's scheduler sweeps
    every ``TICK``."""
    queue_due_sources.enqueue()


# --- a re-run after the worker running the first attempt died ---


def _worker_lease() -> timedelta:
    return timedelta(seconds=float(getattr(settings, "WORKER", {}).get("LEASE_SECONDS", 60)))


def _take_over_dead_claim(source: Source) -> None:
    """Release the source's claim when it is older than the worker lease: the run that took it died (this task is
    only run again once its worker has been silent that long). Its unfinished run is closed on record."""
    now = timezone.now()
    stale = now - _worker_lease()
    released = Source.objects.filter(pk=source.pk, claimed_until__lte=stale + sources.LEASE).update(claimed_until=None)
    if released:
        SourceRun.objects.filter(source=source, finished_at__isnull=True, started_at__lte=stale).update(
            result=RunResult.FAILED, error="The worker running it stopped; polled again.", finished_at=now
        )
        logger.warning("Source %s: took over the poll a stopped worker left", source.name)


def _put_back_dead_claim(source: Source, name: str) -> None:
    """The file a dead run claimed (renamed into processing/ longer than a worker lease ago) goes back to be
    imported, as ``folders.waiting_files`` does after ``sources.LEASE``."""
    root = Path(source.folder)
    claimed = root / folders.PROCESSING / Path(name).name
    try:
        if time.time() - claimed.stat().st_mtime <= _worker_lease().total_seconds():
            return  # claimed lately: another worker's live run
        os.replace(claimed, root / claimed.name)
    except OSError:
        return  # not there: imported, or put back already
    SourceRun.objects.filter(source=source, what=name, finished_at__isnull=True).update(
        result=RunResult.FAILED, error="The worker importing it stopped; imported again.", finished_at=timezone.now()
    )
