"""The purge worker: a task on the queue sends one target every purge the outbox owes it (``pagecache.outbox``),
and queues itself again, after a pause that doubles up to the target's ``retry_cap``, until the target acknowledges
them or they stop mattering (``outbox.HORIZON``; then they are dropped with a log line).

Safe to run twice: a run claims its rows first (a second run, here or on another machine, finds them held or
acknowledged), and a purge that reaches a target twice changes nothing. A worker that dies mid-run loses nothing:
its rows become due again once their lease passes, and ``deliver_due`` (every ``SWEEP`` on the worker's scheduler,
``pagecache/worker_hooks.py``; also ``manage.py deliver_purges``) queues a run for every target owed one.
"""

from __future__ import annotations

import logging
import time
from datetime import datetime, timedelta

from django.tasks import default_task_backend, task
from django.utils import timezone

from . import backends, delivery, outbox

logger = logging.getLogger(__name__)

BACKOFF = 1.0  # seconds before the first retry, doubled after each failure up to the target's retry_cap
SWEEP = timedelta(seconds=30)
RUN_SECONDS = 60.0  # the most one run spends on its target (each request has its own, shorter, timeout)


def retry_delay(attempts: int, cap: float) -> timedelta:
    """The pause after ``attempts`` failed tries."""
    return timedelta(seconds=min(cap, BACKOFF * 2 ** max(0, attempts - 1)))


@task
def purge_target(target: str, purge: str = "", attempt: int = 1) -> None:
    """Send ``target`` what the outbox owes it. ``purge`` (the purge that queued this run) and ``attempt`` (the
    try of that purge this is) are for the log: the rows say what is due."""
    backend = backends.by_name(target)
    if backend is None:
        outbox.drop_target(target)
        return
    rows = outbox.claim(target)
    if not rows:
        return
    outcome = delivery.send(backend, outbox.keys_of(rows), deadline=time.monotonic() + RUN_SECONDS)
    acknowledged = [row for row in rows if set(row.keys) <= outcome.sent]
    outbox.acknowledge(acknowledged, stamp=outcome.receipt)
    missed = [row for row in rows if row not in acknowledged]
    if missed:
        tries = max(row.attempts for row in missed) + 1
        next_try = timezone.now() + retry_delay(tries, backend.retry_cap)
        outbox.failed(missed, error=outcome.error, next_try=next_try)
        log = logger.warning if tries == 1 or tries % 20 == 0 else logger.info
        log("Purge for %s failed (try %d, again in %s): %s", target, tries, next_try - timezone.now(), outcome.error)
        schedule(target, purge=purge, attempt=tries + 1, at=next_try)
    if len(rows) == outbox.CLAIM_LIMIT:
        schedule(target, purge=purge, attempt=attempt)  # more were due than one run takes


def schedule(target: str, *, purge: str = "", attempt: int = 1, at: datetime | None = None) -> None:
    """Queue a run for ``target``, at once or at ``at``. The immediate backend (tests) cannot wait: a later run
    is then left to whoever runs the worker next."""
    if at is None or at <= timezone.now():
        purge_target.enqueue(target, purge, attempt)
    elif default_task_backend.supports_defer:
        purge_target.using(run_after=at).enqueue(target, purge, attempt)


@task
def deliver_due() -> None:
    """A run for every target owed a purge nobody is sending (its process or worker stopped mid-way)."""
    for target in sorted(outbox.due_targets()):
        schedule(target)
