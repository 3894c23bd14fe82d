"""One scheduler for periodic work: jobs the apps register, each tick claimed once in the database however many
workers look, run inside every worker's loop, with no chain of tasks to die with a worker."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from ingest.models import Kind, Source
from tests import worker_process, worker_tasks
from tests.factories import SectionFactory
from tests.ingesting.feeds import FeedServer, rss
from tests.worker_process import REAL_QUEUE, needs_postgresql, stop
from worker import schedule
from worker.models import PeriodicJob

worker_db = worker_process.worker_db  # a fixture

EVERY = timedelta(seconds=1)
JOB = schedule.Job(name="tests.tick", every=EVERY, task=worker_tasks.tick)


@pytest.fixture(autouse=True)
def _no_ticks_yet():
    worker_tasks.TICKS.clear()


def test_the_apps_register_their_periodic_jobs_with_the_worker():
    names = {job.name for job in schedule.registered()}

    assert {"ingest.poll-due-sources", "articles.timed-events", "worker.prune-finished-tasks"} <= names


@pytest.mark.django_db
def test_a_due_job_runs_once_per_tick_however_often_it_is_looked_at():
    start = timezone.now()

    assert schedule.run_due(jobs=[JOB], worker_id="a", now=start) == ["tests.tick"]  # new: due at once
    assert schedule.run_due(jobs=[JOB], worker_id="b", now=start) == []
    assert schedule.run_due(jobs=[JOB], worker_id="b", now=start + EVERY / 2) == []
    assert schedule.run_due(jobs=[JOB], worker_id="b", now=start + EVERY) == ["tests.tick"]

    assert worker_tasks.TICKS == ["tick", "tick"]
    row = PeriodicJob.objects.get(name="tests.tick")
    assert row.ticks == 2 and row.last_worker == "b" and row.next_due == start + 2 * EVERY


@pytest.mark.django_db
def test_a_tick_whose_last_task_still_waits_on_the_queue_adds_no_second_copy():
    start = timezone.now()
    with override_settings(TASKS=REAL_QUEUE):
        schedule.run_due(jobs=[JOB], now=start)
        schedule.run_due(jobs=[JOB], now=start + EVERY)  # claimed, but the first tick's task has not run yet

    assert DBTaskResult.objects.filter(task_path=worker_tasks.tick.module_path).count() == 1
    assert PeriodicJob.objects.get(name="tests.tick").ticks == 2


@needs_postgresql  # two loops at once need PostgreSQL's row locks; SQLite's test database is one connection's
def test_two_scheduler_loops_looking_at_the_same_moments_run_each_tick_once(transactional_db):
    start = timezone.now()
    moments = [start + n * EVERY / 2 for n in range(21)]  # every half tick for ten ticks
    in_step = threading.Barrier(2, timeout=60)
    claims: list[tuple[int, str]] = []

    def loop(name: str) -> None:
        try:
            for n, moment in enumerate(moments):
                in_step.wait()  # both look at the same moment at the same time
                if schedule.run_due(jobs=[JOB], worker_id=name, now=moment):
                    claims.append((n, name))
        finally:
            connection.close()

    loops = [threading.Thread(target=loop, args=(name,)) for name in ("one", "two")]
    for thread in loops:
        thread.start()
    for thread in loops:
        thread.join(120)

    assert sorted(n for n, _ in claims) == list(range(0, 21, 2))  # every whole tick, each claimed by one loop
    assert len(worker_tasks.TICKS) == 11
    assert PeriodicJob.objects.get(name="tests.tick").ticks == 11


def test_a_worker_process_polls_a_due_source_with_nothing_queued_and_no_chain(worker_db):
    feed = FeedServer()
    try:
        feed.body = rss(("sched-1", "The scheduler found it"))
        source = Source.objects.create(
            name="Wire", kind=Kind.FEED, url=feed.url, section=SectionFactory(name="World", slug="world"), publish=True
        )
        assert not DBTaskResult.objects.exists()  # nothing queued: saving a source starts nothing
        worker_db.hand_over()
        workers = [worker_db.start_worker("scheduler")]
        try:
            worker_db.wait_for_rows(
                "SELECT headline FROM articles_article WHERE source_guid = ?",
                ("sched-1",),
                want=bool,
                workers=workers,
            )
            ticks = worker_db.rows("SELECT ticks FROM worker_periodicjob WHERE name = ?", ("ingest.poll-due-sources",))
        finally:
            codes = stop(workers)
    finally:
        feed.close()
    assert ticks and ticks[0][0] >= 1
    assert worker_db.rows("SELECT count(*) FROM ingest_source WHERE id = ? AND created_count = 1", (source.pk,)) == [
        (1,)
    ]
    assert codes == [0]
