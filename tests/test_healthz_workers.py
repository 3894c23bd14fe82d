"""/healthz beyond the web process: the workers' heartbeats, stuck and waiting tasks, and the version. ``ready`` stays
about this process (the load balancer's question); ``degraded`` says what is wrong elsewhere (the monitoring's)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from worker.models import WorkerBeat

pytestmark = pytest.mark.django_db


def health(client) -> tuple[int, dict, object]:
    response = client.get("/healthz")
    return response.status_code, json.loads(response.content), response


def beat(worker_id: str, *, ago: timedelta) -> WorkerBeat:
    at = timezone.now() - ago
    return WorkerBeat.objects.create(worker_id=worker_id, host="app-1", pid=4242, started_at=at, beat_at=at)


def queued(path: str, *, status=TaskResultStatus.READY, waited=timedelta(0), worker_ids=()) -> DBTaskResult:
    row = DBTaskResult.objects.create(
        task_path=path,
        args_kwargs={"args": [], "kwargs": {}},
        backend_name="default",
        run_after=get_date_max(),
        status=status,
        worker_ids=list(worker_ids),
        started_at=timezone.now() - waited if status == TaskResultStatus.RUNNING else None,
    )
    DBTaskResult.objects.filter(pk=row.pk).update(enqueued_at=timezone.now() - waited)
    return row


def test_a_live_worker_and_an_empty_queue_degrade_nothing(client):
    beat("app-1-4242-a", ago=timedelta(seconds=2))

    status, body, response = health(client)

    assert status == 200 and body["ready"] is True and body["degraded"] == []
    assert body["workers"]["alive"] == 1 and body["workers"]["last_heartbeat_seconds_ago"] < 30
    assert body["tasks"] == {
        "waiting": 0,
        "oldest_waiting_seconds": 0.0,
        "running": 0,
        "stuck": 0,
        "failed_last_hour": 0,
    }
    assert body["version"] == response["X-Newsroom-Version"] == "0.2.0"


def test_no_worker_beating_is_degraded_but_the_web_process_stays_ready(client):
    beat("app-1-4242-a", ago=timedelta(minutes=10))  # silent longer than the lease (60 s)

    status, body, _ = health(client)

    assert status == 200 and body["ready"] is True
    assert body["workers"] == {"alive": 0, "silent": 1, "last_heartbeat_seconds_ago": pytest.approx(600, abs=30)}
    assert "workers" in body["degraded"]


def test_a_task_running_on_a_silent_worker_is_reported_stuck(client):
    beat("app-1-4242-a", ago=timedelta(seconds=1))
    beat("app-2-777-b", ago=timedelta(minutes=5))
    queued("articles.tasks.make_renditions", status=TaskResultStatus.RUNNING, waited=timedelta(minutes=6),
           worker_ids=["app-2-777-b"])  # fmt: skip

    status, body, _ = health(client)

    assert status == 200 and body["tasks"]["stuck"] == 1 and body["tasks"]["running"] == 1
    assert "stuck_tasks" in body["degraded"] and "workers" not in body["degraded"]


def test_tasks_waiting_too_long_degrade_the_queue(client):
    beat("app-1-4242-a", ago=timedelta(seconds=1))
    queued("pagecache.tasks.send_purges", waited=timedelta(minutes=12))
    queued("pagecache.tasks.send_purges")

    _, body, _ = health(client)

    assert body["tasks"]["waiting"] == 2 and body["tasks"]["oldest_waiting_seconds"] >= 720
    assert body["degraded"] == ["queue"]
