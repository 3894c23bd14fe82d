"""One id per request: on the answer (``X-Request-ID``), on every log line the request leaves (JSON: time, level,
logger, message, request_id, and the person for desk actions) and on the log lines of the tasks it queued, written
by a worker in another process (newsroom/logs.py, newsroom/tasks_backend.py)."""

from __future__ import annotations

import io
import json
import logging
import re

import pytest
from django.contrib.auth.models import User
from django.http import HttpResponse
from django.tasks import task
from django.test import override_settings
from django.urls import path, reverse

from articles.models import Section
from newsroom.logs import ContextFilter, JsonFormatter
from tests.factories import PublishedArticleFactory
from tests.worker_process import WorkerDatabase, stop

QUEUE_WITH_REQUEST_IDS = {
    "default": {"BACKEND": "newsroom.tasks_backend.RequestAwareDatabaseBackend", "QUEUES": ["default"]}
}
HEX_ID = re.compile(r"^[0-9a-f]{32}$")
log = logging.getLogger("tests.request_ids")


@task()
def say_where_i_come_from(word: str) -> str:
    log.warning("the task ran with %s", word)
    return word


def queue_a_task(request):
    """What a desk action that leaves work for the worker does (an upload's renditions, an import, a purge)."""
    result = say_where_i_come_from.enqueue("harbour")
    log.warning("queued %s", result.id)
    return HttpResponse(str(result.id))


urlpatterns = [path("queue-a-task", queue_a_task, name="queue-a-task")]


@pytest.fixture
def json_lines():
    """The log lines the site writes, as the deployed handler formats them (LOG_FORMAT=json)."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(ContextFilter())
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        root.removeHandler(handler)


@pytest.mark.django_db
def test_every_answer_carries_a_new_request_id(client):
    story = PublishedArticleFactory()

    first, second = client.get(story.get_absolute_url()), client.get(story.get_absolute_url())

    assert HEX_ID.match(first["X-Request-ID"]) and HEX_ID.match(second["X-Request-ID"])
    assert first["X-Request-ID"] != second["X-Request-ID"]


@pytest.mark.django_db
def test_the_id_of_a_trusted_proxy_is_kept_and_anyone_elses_replaced(client, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    given = "edge-7f3a9c21-4b7e"

    from_the_proxy = client.get("/healthz?live", HTTP_X_REQUEST_ID=given, REMOTE_ADDR="127.0.0.1")
    from_a_reader = client.get("/healthz?live", HTTP_X_REQUEST_ID=given, REMOTE_ADDR="203.0.113.9")
    malformed = client.get("/healthz?live", HTTP_X_REQUEST_ID="a b\r\nSet-Cookie: x", REMOTE_ADDR="127.0.0.1")

    assert from_the_proxy["X-Request-ID"] == given
    assert HEX_ID.match(from_a_reader["X-Request-ID"]) and HEX_ID.match(malformed["X-Request-ID"])


@pytest.mark.django_db
def test_log_lines_are_json_with_time_level_logger_and_the_request_id(client, json_lines):
    story = PublishedArticleFactory()

    response = client.get(story.get_absolute_url())

    line = next(entry for entry in json_lines() if entry["logger"] == "newsroom.requests")
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", line["time"])
    assert line["level"] == "INFO" and line["request_id"] == response["X-Request-ID"]
    assert line["status"] == 200 and line["view"] == "articles:detail" and line["path"] == story.get_absolute_url()
    assert "user" not in line  # readers are not tied to anyone


@pytest.mark.django_db
def test_a_desk_action_is_logged_with_the_person_who_did_it(client, json_lines):
    client.force_login(User.objects.create_superuser("eleanor", "eleanor@example.org", "x"))

    response = client.post(
        reverse("admin:articles_section_add"),
        {"name": "Harbours", "slug": "harbours", "position": 0, "description": ""},
    )

    assert response.status_code == 302 and Section.objects.filter(slug="harbours").exists()
    line = next(entry for entry in json_lines() if entry["logger"] == "newsroom.requests" and entry["method"] == "POST")
    assert line["user"] == "eleanor" and line["request_id"] == response["X-Request-ID"]


@pytest.mark.urls("tests.test_request_ids")
@pytest.mark.django_db
def test_a_task_run_at_once_logs_inside_its_request_and_leaves_no_trace_after_it(client, json_lines):
    """With tasks run as they are queued (the immediate backend: `make run`, the suite), the task's lines name it and
    the request, and the request's own line after it, and anything logged after the request, name no task."""
    response = client.get(reverse("queue-a-task"))
    log.warning("after the request")

    lines = json_lines()
    ran = next(line for line in lines if line["message"] == "the task ran with harbour")
    answered = next(line for line in lines if line["logger"] == "newsroom.requests")
    after = next(line for line in lines if line["message"] == "after the request")
    assert ran["request_id"] == answered["request_id"] == response["X-Request-ID"]
    assert "say_where_i_come_from" in ran["task"] and "task" not in answered
    assert "task" not in after and "request_id" not in after


@pytest.mark.urls("tests.test_request_ids")
def test_a_task_queued_by_a_request_logs_that_requests_id_in_the_worker(client, worker_db):
    with override_settings(TASKS=QUEUE_WITH_REQUEST_IDS):
        response = client.get(reverse("queue-a-task"), HTTP_X_REQUEST_ID="edge-req-5d1c", REMOTE_ADDR="127.0.0.1")
    request_id = response["X-Request-ID"]
    task_id = response.content.decode()
    assert request_id == "edge-req-5d1c"  # from the trusted proxy in front (loopback, the shipped Varnish)
    with override_settings(TASKS=QUEUE_WITH_REQUEST_IDS):  # then one queued by no request (a command, the scheduler)
        later_id = str(say_where_i_come_from.using(priority=-1).enqueue("the quay").id)
    worker_db.hand_over()

    worker = worker_db.start_worker("w-ids", env={"LOG_FORMAT": "json", "LOG_LEVEL": "INFO"})
    try:
        worker_db.wait_for(lambda: worker_db.task(_Result(later_id)).get("status") == "SUCCESSFUL", workers=[worker])
    finally:
        assert stop([worker]) == [0]

    lines = [json.loads(line) for line in worker_db.log("w-ids").splitlines() if line.startswith("{")]
    ran = next(line for line in lines if line["message"] == "the task ran with harbour")
    assert ran["request_id"] == request_id
    assert task_id.replace("-", "") in ran["task"].replace("-", "") and "say_where_i_come_from" in ran["task"]
    assert ran["logger"] == "tests.request_ids" and ran["level"] == "WARNING"
    started = next(line for line in lines if line["logger"] == "django.tasks" and "RUNNING" in line["message"])
    assert started["request_id"] == request_id  # the worker's own line for the task, too
    unasked = next(line for line in lines if line["message"] == "the task ran with the quay")
    assert "request_id" not in unasked and later_id in unasked["task"]  # not the previous task's request
    idle = [line for line in lines if line["logger"] == "worker.runner" and "stopped" in line["message"]]
    assert idle and "request_id" not in idle[-1]  # the worker's own lines after the task carry no request's id


class _Result:
    def __init__(self, task_id: str):
        self.id = task_id


@pytest.fixture
def worker_db(transactional_db, tmp_path):
    """A database the worker processes share with the test (tests/worker_process.py), queued as the site queues."""
    return WorkerDatabase(tmp_path)
