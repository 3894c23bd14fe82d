"""The worker's loop: django-tasks-db's Worker, with a heartbeat, leases, the shared scheduler, and a database that may
go away.

Each turn of the loop: queue the periodic jobs that are due (``worker.schedule``), every heartbeat put back the
tasks of workers that went silent (``worker.leases``: only once this worker has itself been connected for a whole
lease, so that after an outage every live worker has beaten again before anyone judges it dead), then claim one
ready task (``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL) and run it.

When the database goes away the worker does not exit: it logs the outage once, waits (0.5 s, doubling, at most
``Conf.max_backoff``) and tries again, and logs once when it is back. A task that failed because the database went
away under it is put back on the queue rather than failed; an outcome that could not be recorded is recorded once
the database is back, unless the task was put back meanwhile (then the outcome is dropped and the task runs
again: every task is safe to run twice). SIGTERM (or SIGINT) lets the current task finish, then the worker signs
off and exits 0; a second signal exits at once, and the lease puts the task back.
"""

from __future__ import annotations

import contextlib
import logging
import random
import signal
import sys
import time
from dataclasses import dataclass
from datetime import timedelta
from traceback import format_exception
from typing import Any

from django.db import DatabaseError, InterfaceError, OperationalError, close_old_connections, connection
from django.tasks import TaskContext, TaskResultStatus
from django.tasks.signals import task_finished, task_started
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from . import leases, schedule
from .conf import Conf
from .heartbeat import Heart, sign_off

logger = logging.getLogger(__name__)

OUTAGE = (OperationalError, InterfaceError)
FIRST_BACKOFF = 0.5
SCHEDULE_EVERY = 1.0  # seconds between looks at the schedule


@dataclass
class Outcome:
    value: Any = None
    error: BaseException | None = None


class LeasedWorker(Worker):
    def __init__(
        self,
        *,
        conf: Conf,
        worker_id: str,
        queue_names: list[str],
        interval: float = 1.0,
        startup_delay: bool = True,
        schedule_jobs: bool = True,
        backend_name: str = "default",
    ):
        super().__init__(
            queue_names=queue_names,
            interval=interval,
            batch=False,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=None,
            worker_id=worker_id,
            excluded_queue_names=[],
        )
        self.conf = conf
        self.lease = timedelta(seconds=conf.lease)
        self.schedule_jobs = schedule_jobs
        self.heart = Heart(worker_id, every=conf.heartbeat)
        self.down_since: float | None = None
        self.backoff = FIRST_BACKOFF
        self.connected_since: float | None = None
        self.next_recovery = self.next_schedule = 0.0

    # --- signals: the first lets the current task finish; a second exits at once ---

    def shutdown(self, signum: int, frame) -> None:
        if not self.running:
            logger.warning("Worker %s: %s again, exiting now", self.worker_id, signal.strsignal(signum))
            self.reset_signals()
            sys.exit(1)
        logger.warning("Worker %s: %s, exiting once the current task is done", self.worker_id, signal.strsignal(signum))
        self.running = False

    # --- the loop ---

    def run(self) -> None:
        logger.info(
            "Worker %s started: queues %s, heartbeat %s s, lease %s s",
            self.worker_id,
            ",".join(self.queue_names),
            self.conf.heartbeat,
            self.conf.lease,
        )
        if self.startup_delay and self.interval:
            self._sleep(random.random())  # several workers started together do not poll in step
        self.heart.start()
        self.connected_since = time.monotonic()
        try:
            while self.running:
                try:
                    worked = self.turn()
                except OUTAGE as exc:
                    self._database_away(exc)
                    continue
                except Exception:
                    logger.exception("Worker %s: unexpected error; carrying on", self.worker_id)
                    worked = False
                self._database_back()
                if not worked:
                    self._sleep(self.interval)
        finally:
            self.heart.stop()
            sign_off(self.worker_id)
            logger.info("Worker %s stopped", self.worker_id)

    def turn(self) -> bool:
        """One turn: the schedule, lost tasks, one task. True when a task ran (look again at once)."""
        close_old_connections()
        now = time.monotonic()
        if self.schedule_jobs and now >= self.next_schedule:
            schedule.run_due(worker_id=self.worker_id)
            self.next_schedule = now + SCHEDULE_EVERY
        if now >= self.next_recovery and self._may_judge_others(now):
            leases.recover_all(lease=self.lease, max_attempts=self.conf.max_attempts, exclude=self.worker_id)
            self.next_recovery = now + self.conf.heartbeat
        task = self.claim_next() if self.running else None  # asked to stop: take nothing new
        if task is None:
            return False
        self.run_task(task)
        return True

    def _may_judge_others(self, now: float) -> bool:
        return self.connected_since is not None and now - self.connected_since >= self.conf.lease

    def claim_next(self) -> DBTaskResult | None:
        ready = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            ready = ready.filter(queue_name__in=self.queue_names)
        with exclusive_transaction(ready.db):
            try:
                task = ready.get_locked()
                if task is not None:
                    task.claim(self.worker_id)
            except OperationalError as exc:
                if not is_locked_database_exception(exc):  # SQLite busy: try again next turn
                    raise
                task = None
        return task

    # --- running one task and recording what came of it ---

    def run_task(self, db_task_result: DBTaskResult) -> None:
        self.running_task = True
        self.heart.task_id = db_task_result.pk
        try:
            outcome = self._call(db_task_result)
            self._record(db_task_result, outcome)
        finally:
            self.heart.task_id = None
            self.running_task = False
            self._run_tasks += 1

    def _call(self, db_task_result: DBTaskResult) -> Outcome:
        try:
            task = db_task_result.task
            task_result = db_task_result.task_result
            task_started.send(sender=type(task.get_backend()), task_result=task_result)
            args, kwargs = task_result.args, task_result.kwargs
            if task.takes_context:
                return Outcome(value=task.call(TaskContext(task_result=task_result), *args, **kwargs))
            return Outcome(value=task.call(*args, **kwargs))
        except Exception as exc:  # a forced exit (SystemExit) is not an outcome: the lease puts the task back
            return Outcome(error=exc)

    def _record(self, db_task_result: DBTaskResult, outcome: Outcome) -> None:
        """Write the outcome, waiting out an outage to do it; a task the database lost under it goes back."""
        while True:
            try:
                recorded = self._write_outcome(db_task_result, outcome)
                break
            except OUTAGE as exc:
                self._database_away(exc)
                if not self.running:  # asked to stop: the lease will put the task back
                    return
        self._database_back()
        if recorded == "requeued":
            logger.warning("Task %s put back on the queue: the database went away while it ran", db_task_result.pk)
            return
        if not recorded:
            logger.warning(
                "Worker %s: task %s was put back on the queue while this worker was out of touch; its outcome here "
                "is dropped and it runs again",
                self.worker_id,
                db_task_result.pk,
            )
            return
        try:
            task_finished.send(sender=type(db_task_result.task.get_backend()), task_result=db_task_result.task_result)
        except Exception:
            logger.exception("Task %s finished; telling its listeners failed", db_task_result.pk)

    def _write_outcome(self, row: DBTaskResult, outcome: Outcome) -> str:
        """ "recorded", "requeued" (the database went away under the task), or "" when the row is no longer this
        run's (it was put back while this worker was out of touch)."""
        mine = DBTaskResult.objects.filter(pk=row.pk, status=TaskResultStatus.RUNNING, started_at=row.started_at)
        error = outcome.error
        if error is not None and isinstance(error, OUTAGE) and len(row.worker_ids) < self.conf.max_attempts:
            why = f"Requeued: the database went away while it ran ({type(error).__name__}: {error})\n"
            return "requeued" if mine.update(status=TaskResultStatus.READY, started_at=None, traceback=why) else ""
        finished_at = timezone.now()
        if error is None:
            try:
                done = mine.update(
                    status=TaskResultStatus.SUCCESSFUL,
                    finished_at=finished_at,
                    return_value=outcome.value,
                    exception_class_path="",
                    traceback="",
                )
            except OUTAGE:
                raise
            except (TypeError, ValueError, DatabaseError) as exc:  # a return value the database cannot keep
                return self._write_outcome(row, Outcome(error=exc))
            if done:  # the row as written, for the task_finished signal
                row.status, row.finished_at, row.return_value = TaskResultStatus.SUCCESSFUL, finished_at, outcome.value
            return "recorded" if done else ""
        failure = {
            "exception_class_path": f"{type(error).__module__}.{type(error).__qualname__}",
            "traceback": "".join(format_exception(error)),
        }
        done = mine.update(status=TaskResultStatus.FAILED, finished_at=finished_at, return_value=None, **failure)
        if done:
            logger.warning("Task %s (%s) failed: %s", row.pk, row.task_path, error)
            row.status, row.finished_at = TaskResultStatus.FAILED, finished_at
            row.exception_class_path, row.traceback = failure["exception_class_path"], failure["traceback"]
        return "recorded" if done else ""

    # --- the database going away and coming back ---

    def _database_away(self, exc: BaseException) -> None:
        if self.down_since is None:
            self.down_since, self.backoff, self.connected_since = time.monotonic(), FIRST_BACKOFF, None
            logger.warning(
                "Worker %s: the database is unreachable (%s: %s); waiting and reconnecting",
                self.worker_id,
                type(exc).__name__,
                str(exc).strip().splitlines()[0] if str(exc).strip() else "",
            )
        with contextlib.suppress(DatabaseError):
            connection.close()  # the next query opens a new connection
        self._sleep(self.backoff)
        self.backoff = min(self.backoff * 2, self.conf.max_backoff)

    def _database_back(self) -> None:
        if self.down_since is not None:
            logger.warning(
                "Worker %s: the database is back after %.1f s", self.worker_id, time.monotonic() - self.down_since
            )
            self.down_since = None
        if self.connected_since is None:
            self.connected_since = time.monotonic()

    def _sleep(self, seconds: float) -> None:
        """A pause that a shutdown signal ends early."""
        until = time.monotonic() + seconds
        while self.running and (left := until - time.monotonic()) > 0:
            time.sleep(min(left, 0.2))
