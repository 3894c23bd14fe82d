"""Tasks for the worker tests only: they leave files saying which attempt ran where, and wait for the test's word."""

from __future__ import annotations

import os
import time
from pathlib import Path

from django.db import connection
from django.tasks import TaskContext, task

WAIT = 120  # seconds a task waits for the test's release file before giving up (a broken test must not hang)


def _wait_for_release(folder: Path) -> None:
    until = time.monotonic() + WAIT
    while not (folder / "release").exists():
        if time.monotonic() > until:
            raise TimeoutError("the test never released this task")
        time.sleep(0.05)


@task(takes_context=True)
def hold(context: TaskContext, folder: str) -> int:
    """Say it started (attempt and process), wait until the test releases it, say it finished."""
    here = Path(folder)
    (here / f"started-{context.attempt}").write_text(f"{os.getpid()} {time.time()}")
    _wait_for_release(here)
    (here / f"done-{context.attempt}").write_text(f"{os.getpid()} {time.time()}")
    return context.attempt


@task(takes_context=True)
def hold_then_query(context: TaskContext, folder: str) -> int:
    """As ``hold``, then ask the database something (which fails if the database went away meanwhile)."""
    here = Path(folder)
    (here / f"started-{context.attempt}").write_text(str(os.getpid()))
    _wait_for_release(here)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    (here / f"done-{context.attempt}").write_text(str(os.getpid()))
    return context.attempt


@task
def touch(folder: str, name: str) -> str:
    (Path(folder) / name).write_text(str(os.getpid()))
    return name


TICKS: list[str] = []  # what ``tick`` was run for, in this process (the immediate backend runs it inline)


@task
def tick() -> None:
    TICKS.append("tick")
