"""A worker's heartbeat: a thread of its own (with its own database connection) that stamps the worker's row with the
database's clock every few seconds, also while the worker's main thread is deep in a long task.

A beat that fails (the database is away) is not logged here: the worker's loop logs the outage once. The thread
tries again at the next beat, so a worker that is alive beats again within one interval of the database's return.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import threading

from django.db import DatabaseError, IntegrityError, connection
from django.db.models.functions import Now

from .models import WorkerBeat

logger = logging.getLogger(__name__)


class Heart:
    def __init__(self, worker_id: str, *, every: float):
        self.worker_id, self.every = worker_id, every
        self.task_id = None  # set by the worker while it runs a task
        self.beats = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"heartbeat-{worker_id}", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=self.every + 5)

    def beat(self) -> None:
        task_id = self.task_id
        if WorkerBeat.objects.filter(pk=self.worker_id).update(beat_at=Now(), task_id=task_id):
            return
        with contextlib.suppress(IntegrityError):  # the first beat (or the row was pruned while we were away)
            WorkerBeat.objects.create(
                worker_id=self.worker_id,
                host=socket.gethostname()[:255],
                pid=os.getpid(),
                started_at=Now(),
                beat_at=Now(),
                task_id=task_id,
            )

    def _run(self) -> None:
        try:
            while not self._stop.is_set():
                try:
                    self.beat()
                    self.beats += 1
                except DatabaseError as exc:
                    logger.debug("Heartbeat of %s missed: %s", self.worker_id, exc)
                    with contextlib.suppress(DatabaseError):
                        connection.close()  # this thread's connection; the next beat opens a new one
                self._stop.wait(self.every)
        finally:
            with contextlib.suppress(DatabaseError):
                connection.close()


def sign_off(worker_id: str) -> None:
    """A worker leaving cleanly takes its row with it (a task it still held is recovered a lease after it started)."""
    with contextlib.suppress(DatabaseError):
        WorkerBeat.objects.filter(pk=worker_id).delete()
