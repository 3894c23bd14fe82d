"""Tasks survive a dead worker: a worker killed mid-task has its task run again by another once its lease runs out; a
task that kills its worker every time is given up with the reason; a worker waits out a database cut and drains the
queue after; SIGTERM stops a worker cleanly. And every task is safe to run twice."""

from __future__ import annotations

import io
import os
import signal
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from api import tasks as api_tasks
from api.models import DeliveryStatus, WebhookDelivery
from articles import services
from articles import tasks as article_tasks
from articles.renditions import rendition
from ingest import folders, sources
from ingest import tasks as ingest_tasks
from ingest.models import Kind, RunResult, Source, SourceRun
from tests import worker_process, worker_tasks
from tests.api import webhook_receiver
from tests.api.webhook_receiver import Receiver, endpoint
from tests.factories import SectionFactory, jpeg_bytes
from tests.faultproxy import FaultProxy
from tests.worker_process import REAL_QUEUE, needs_postgresql, stop
from worker import leases
from worker.models import WorkerBeat

worker_db, receiver = worker_process.worker_db, webhook_receiver.receiver  # fixtures

# Short enough for a test, long beside the beat: a worker silent for 3 s is dead.
FAST_LEASES = {"WORKER_HEARTBEAT_SECONDS": "0.3", "WORKER_LEASE_SECONDS": "3", "WORKER_MAX_ATTEMPTS": "3"}


def _started(folder: Path, attempt: int) -> bool:
    return (folder / f"started-{attempt}").exists()


def test_a_task_whose_worker_is_killed_runs_again_on_another_worker_after_the_lease(worker_db, tmp_path):
    folder = tmp_path / "hold"
    folder.mkdir()
    result = worker_tasks.hold.enqueue(str(folder))
    worker_db.hand_over()

    first = worker_db.start_worker("first", env=FAST_LEASES)
    worker_db.wait_for(lambda: _started(folder, 1), workers=[first], message="the first worker never took the task")
    first.send_signal(signal.SIGKILL)  # kill -9: no goodbye, the task row stays RUNNING
    first.wait(30)
    killed_at = time.time()
    assert worker_db.task(result)["status"] == "RUNNING"
    (folder / "release").touch()  # the task's next run may finish

    second = worker_db.start_worker("second", env=FAST_LEASES)
    try:
        row = worker_db.wait_for(
            lambda: (row := worker_db.task(result))["status"] in {"SUCCESSFUL", "FAILED"} and row,
            workers=[second],
            message="the second worker never ran the killed worker's task",
        )
        rerun_after = float((folder / "started-2").read_text().split()[1]) - killed_at
    finally:
        codes = stop([second])

    assert row["status"] == "SUCCESSFUL" and row["return_value"] == 2
    assert row["worker_ids"] == ["first", "second"]  # one run each: the second counted as its second attempt
    assert not (folder / "done-1").exists() and (folder / "done-2").exists()
    assert "put back on the queue" in worker_db.log("second") and "went silent" in worker_db.log("second")
    assert codes == [0]  # SIGTERM: a clean exit
    assert worker_db.rows("SELECT worker_id FROM worker_workerbeat WHERE worker_id = ?", ("second",)) == []
    print(f"killed worker's task ran again {rerun_after:.1f} s after the kill (lease 3 s, beat 0.3 s)")


@pytest.fixture
def lost_task(db):
    """A RUNNING task whose worker stopped beating a minute ago."""

    def make(*, runs: int) -> DBTaskResult:
        with override_settings(TASKS=REAL_QUEUE):
            result = worker_tasks.touch.enqueue("/nowhere", "x")
        names = [f"gone-{n}" for n in range(runs)]
        long_ago = timezone.now() - timedelta(minutes=1)
        DBTaskResult.objects.filter(pk=result.id).update(status="RUNNING", worker_ids=names, started_at=long_ago)
        WorkerBeat.objects.create(worker_id=names[-1], host="h", pid=1, started_at=long_ago, beat_at=long_ago)
        return DBTaskResult.objects.get(pk=result.id)

    return make


def test_a_task_whose_worker_went_silent_goes_back_on_the_queue_once(lost_task):
    task = lost_task(runs=1)

    assert leases.recover_all(lease=timedelta(seconds=30), max_attempts=3) == {"requeued": 1, "failed": 0}
    assert leases.recover_all(lease=timedelta(seconds=30), max_attempts=3) == {"requeued": 0, "failed": 0}

    task.refresh_from_db()
    assert task.status == "READY" and task.started_at is None and task.worker_ids == ["gone-0"]
    assert "went silent" in task.traceback


def test_a_task_that_kills_its_worker_every_time_is_given_up_with_the_reason(lost_task):
    task = lost_task(runs=3)

    assert leases.recover_all(lease=timedelta(seconds=30), max_attempts=3) == {"requeued": 0, "failed": 1}

    task.refresh_from_db()
    assert task.status == "FAILED" and task.exception_class_path == leases.WORKER_LOST
    assert "given up" in task.traceback and "run 3 of at most 3" in task.traceback
    assert "gone-0, gone-1, gone-2" in task.traceback


def test_a_worker_that_still_beats_keeps_its_task_and_one_with_no_beat_keeps_it_for_a_lease(lost_task):
    alive = lost_task(runs=1)
    WorkerBeat.objects.filter(worker_id="gone-0").update(beat_at=timezone.now())
    with override_settings(TASKS=REAL_QUEUE):
        fresh = worker_tasks.touch.enqueue("/nowhere", "y")
    DBTaskResult.objects.filter(pk=fresh.id).update(
        status="RUNNING", worker_ids=["never-beat"], started_at=timezone.now()
    )

    assert leases.recover_all(lease=timedelta(seconds=30), max_attempts=3) == {"requeued": 0, "failed": 0}
    alive.refresh_from_db()
    assert alive.status == "RUNNING" and DBTaskResult.objects.get(pk=fresh.id).status == "RUNNING"


@needs_postgresql
def test_a_worker_waits_out_a_database_cut_and_drains_the_queue_after(worker_db, tmp_path):
    folder = tmp_path / "cut"
    folder.mkdir()
    conf = connection.settings_dict
    with FaultProxy(conf["HOST"] or "127.0.0.1", conf["PORT"] or 5432) as proxy:
        env = {**FAST_LEASES, "DATABASE_URL": worker_db.url(port=proxy.port), "DB_CONNECT_TIMEOUT": "2"}
        caught = worker_tasks.hold_then_query.enqueue(str(folder))
        worker = worker_db.start_worker("through-proxy", env=env)
        try:
            worker_db.wait_for(lambda: _started(folder, 1), workers=[worker])

            proxy.cut()  # the database is "down": open connections closed, new ones refused
            cut_at = time.monotonic()
            (folder / "release").touch()  # the running task now queries the database, and fails
            queued = [worker_tasks.touch.enqueue(str(folder), f"during-{n}") for n in range(5)]
            # Ten seconds down, as in the outage that used to end db_worker: the worker must still be there.
            while time.monotonic() - cut_at < 10:
                assert worker.poll() is None, "the worker exited during the database cut"
                time.sleep(0.2)
            assert worker_db.log("through-proxy").count("database is unreachable") == 1  # logged once

            proxy.restore()
            finished = worker_db.wait_for(
                lambda: all(worker_db.task(r)["status"] == "SUCCESSFUL" for r in [caught, *queued]),
                workers=[worker],
                message="the worker did not drain the queue after the database came back",
            )
            log = worker_db.log("through-proxy")
        finally:
            codes = stop([worker])
    assert finished
    assert {p.name for p in folder.glob("during-*")} == {f"during-{n}" for n in range(5)}
    row = worker_db.task(caught)
    assert row["worker_ids"] == ["through-proxy", "through-proxy"] and row["return_value"] == 2  # put back, not failed
    assert log.count("database is unreachable") == 1 and log.count("database is back") == 1
    assert codes == [0]
    print(next(line for line in log.splitlines() if "database is back" in line))


def test_sigterm_lets_the_running_task_finish_then_the_worker_exits_cleanly(worker_db, tmp_path):
    folder = tmp_path / "term"
    folder.mkdir()
    result = worker_tasks.hold.enqueue(str(folder))
    worker_db.hand_over()
    worker = worker_db.start_worker("terminated", env=FAST_LEASES)
    worker_db.wait_for(lambda: _started(folder, 1), workers=[worker])

    worker.send_signal(signal.SIGTERM)
    worker_db.wait_for(lambda: "exiting once the current task is done" in worker_db.log("terminated"), workers=[worker])
    assert worker.poll() is None and worker_db.task(result)["status"] == "RUNNING"  # still finishing its task
    (folder / "release").touch()
    assert worker.wait(60) == 0

    assert worker_db.task(result)["status"] == "SUCCESSFUL"
    assert worker_db.rows("SELECT worker_id FROM worker_workerbeat") == []


# --- every task is safe to run twice ---


def test_a_webhook_delivery_run_again_after_it_succeeded_sends_nothing(db, receiver):
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint(receiver), event="published", event_id="e" * 32, article_id=1, body="{}"
    )
    api_tasks.deliver_webhook.enqueue(delivery.pk, 1)
    api_tasks.deliver_webhook.enqueue(delivery.pk, 1)  # its worker died after sending: the task runs again
    api_tasks.deliver_webhook.enqueue(delivery.pk)

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED and delivery.attempts == 1
    assert len(Receiver.received) == 1


def test_a_failed_attempt_run_again_does_not_attempt_twice_or_queue_a_second_retry(db, receiver):
    Receiver.status = 503
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint(receiver), event="published", event_id="f" * 32, article_id=1, body="{}"
    )
    with override_settings(TASKS=REAL_QUEUE):  # the retry waits on the queue
        api_tasks.deliver_webhook.call(delivery.pk, 1)
        api_tasks.deliver_webhook.call(delivery.pk, 1)  # the same attempt's task, run again

    delivery.refresh_from_db()
    assert delivery.attempts == 1 and len(Receiver.received) == 1
    retries = DBTaskResult.objects.filter(task_path=api_tasks.deliver_webhook.module_path)
    assert [row.args_kwargs["args"] for row in retries] == [[delivery.pk, 2]]  # one retry, numbered


def test_a_rendition_run_again_after_a_crash_rewrites_a_half_written_file(db, monkeypatch):
    image, _ = services.save_image(data=jpeg_bytes(), filename="harbour.jpg", alt_text="Harbour")
    card = rendition(image, "card").variants[0].path
    default_storage.delete(card)
    default_storage.save(card, io.BytesIO(b"\xff\xd8half"))  # a worker killed mid-write left this

    class SecondRun:
        attempt = 2

    article_tasks.make_image_renditions.func(SecondRun(), image.pk)

    with default_storage.open(card) as written:
        assert len(written.read()) > 100


def test_a_poll_run_again_after_its_worker_died_takes_over_the_claim_it_left(db, settings, tmp_path):
    settings.WORKER = {**settings.WORKER, "LEASE_SECONDS": 60}
    source = Source.objects.create(name="Drop", kind=Kind.FOLDER, folder=str(tmp_path / "drop"))
    died_at = timezone.now() - timedelta(minutes=2)
    Source.objects.filter(pk=source.pk).update(claimed_until=died_at + sources.LEASE)
    left = SourceRun.objects.create(source=source)
    SourceRun.objects.filter(pk=left.pk).update(started_at=died_at)

    class SecondRun:
        attempt = 2

    ingest_tasks.poll_source.func(SecondRun(), source.pk)

    source.refresh_from_db()
    left.refresh_from_db()
    assert source.claimed_until is None and left.result == RunResult.FAILED and left.finished_at is not None


def test_a_dropped_file_run_again_after_its_worker_died_is_put_back_and_imported(db, settings, tmp_path):
    settings.WORKER = {**settings.WORKER, "LEASE_SECONDS": 60}
    root = tmp_path / "drop"
    for sub in (folders.PROCESSING, folders.DONE, folders.FAILED):
        (root / sub).mkdir(parents=True)
    claimed = root / folders.PROCESSING / "wire.jsonl"
    claimed.write_text('{"uri": "urn:rerun:1", "headline": "Ferry back", "body_html": "<p>x</p>"}')
    os.utime(claimed, (time.time() - 120, time.time() - 120))  # claimed two minutes ago by a worker now dead
    source = Source.objects.create(
        name="Drop", kind=Kind.FOLDER, folder=str(root), section=SectionFactory(name="World", slug="world")
    )

    class SecondRun:
        attempt = 2

    ingest_tasks.import_dropped_file.func(SecondRun(), source.pk, "wire.jsonl")

    assert (root / folders.DONE / "wire.jsonl").exists()
    source.refresh_from_db()
    assert source.created_count == 1
