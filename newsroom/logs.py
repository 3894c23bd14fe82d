"""Logs a machine can read: one JSON object a line, with the time, level, logger, the request's id and, for the desk
and for writes, the person; the same request id on the answer (``X-Request-ID``) and in the logs of the tasks that
request queued.

The standard library's logging with a formatter of our own, not django-structlog: every module here already logs
through ``logging.getLogger(__name__)`` with %-style messages, and Django, gunicorn, django-tasks-db and psycopg do
too; a formatter and a filter give all of them the same fields without a second logging API, a second
middleware or structlog's processors in every request (see README "Operations" for the fields).

The request id comes from a trusted proxy's ``X-Request-ID`` (TRUSTED_PROXIES: nginx, the load balancer), when it
is a short token, so one id follows a request from the edge to the app; anyone else's is ignored and a new one
made. A task queued during the request carries it (``newsroom.tasks_backend`` stores it beside the task's
arguments), and the worker sets it again while the task runs (``task_started``), so a desk import's log lines in
the worker name the editor's request that queued it.
"""

from __future__ import annotations

import json
import logging
import re
import time
import traceback
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime

from django.conf import settings

from .proxies import from_trusted_proxy

REQUEST_ID_HEADER = "X-Request-ID"
_GOOD_ID = re.compile(r"^[A-Za-z0-9._:@/+=-]{8,128}$")
_DESK_PREFIXES = ("/admin/",)
_SAFE_METHODS = ("GET", "HEAD", "OPTIONS")

request_id_var: ContextVar[str] = ContextVar("newsroom_request_id", default="")
user_var: ContextVar[str] = ContextVar("newsroom_user", default="")
task_var: ContextVar[str] = ContextVar("newsroom_task", default="")

requests_logger = logging.getLogger("newsroom.requests")


def current_request_id() -> str:
    return request_id_var.get()


def incoming_request_id(request) -> str:
    """The trusted proxy's id for this request, or a new one."""
    given = request.META.get("HTTP_X_REQUEST_ID", "")
    if given and _GOOD_ID.match(given) and from_trusted_proxy(request):
        return given
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """First in MIDDLEWARE: the request's id for every log line and the answer's header; one line per request
    (``newsroom.requests``: method, path, status, milliseconds, the view, and the person for the desk and writes)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = incoming_request_id(request)
        id_token, user_token = request_id_var.set(request.request_id), user_var.set("")
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request.request_id
            if settings.NEWSROOM.get("LOG_REQUESTS", True):
                _log_request(request, response, time.perf_counter() - started)
            return response
        finally:
            request_id_var.reset(id_token)
            user_var.reset(user_token)


class DeskUserMiddleware:
    """After AuthenticationMiddleware: the person behind a desk request or a write, for the log lines it leaves.
    Readers' page views are not tied to anyone (and cost no session look-up for it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(_DESK_PREFIXES) or request.method not in _SAFE_METHODS:
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                user_var.set(user.get_username())
        return self.get_response(request)


def _log_request(request, response, seconds: float) -> None:
    match = getattr(request, "resolver_match", None)
    level = logging.ERROR if response.status_code >= 500 else logging.INFO
    requests_logger.log(
        level,
        "%s %s %s %.1fms",
        request.method,
        request.path,
        response.status_code,
        seconds * 1000,
        extra={
            "method": request.method,
            "path": request.path,
            "status": response.status_code,
            "duration_ms": round(seconds * 1000, 2),
            "view": match.view_name if match else "",
        },
    )


# --- log records ---

_RECORD_FIELDS = frozenset(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "request_id", "user", "task"}


class ContextFilter(logging.Filter):
    """Puts the request id, the person and the running task on every record (empty outside them)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        record.user = user_var.get()
        record.task = task_var.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time (UTC, ISO 8601), level, logger, message, request_id, user, task, any ``extra``
    fields, and the traceback as ``exception``."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in ("request_id", "user", "task"):
            if value := getattr(record, name, ""):
                line[name] = value
        for name, value in record.__dict__.items():
            if name not in _RECORD_FIELDS and not name.startswith("_"):
                line[name] = value
        if record.exc_info:
            line["exception"] = "".join(traceback.format_exception(*record.exc_info)).rstrip()
        elif record.stack_info:
            line["stack"] = record.stack_info
        return json.dumps(line, default=str, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    """For a terminal (``LOG_FORMAT=text``, the default with DEBUG): the same fields, read by a person."""

    def __init__(self):
        super().__init__("%(asctime)s %(levelname)s %(name)s [%(request_id)s%(who)s] %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        record.who = f" {record.user}" if getattr(record, "user", "") else ""
        record.request_id = getattr(record, "request_id", "") or getattr(record, "task", "") or "-"
        return super().format(record)


# --- in the worker: the task, and the request that queued it (newsroom.tasks_backend stored its id) ---

# Tasks run inside this process (the immediate backend: tests, `make run`): what their start replaced, by task id, put
# back when they finish, so the request they ran in keeps its own id and names no task after them.
_in_process: dict[str, object] = {}


def task_started(sender, task_result, **kwargs) -> None:
    """While a task runs: its id, and the id of the request that queued it. Connected before Django's own receiver,
    so the task's "state=RUNNING" line carries them too (``NewsroomConfig.ready``)."""
    row = getattr(task_result, "db_result", None)
    name = f"{task_result.id} {task_result.task.name}"
    if row is None:  # run at once, inside whatever queued it: that request's id stays
        _in_process[task_result.id] = task_var.set(name)
        return
    # A worker's task: set both every time, so a task queued outside any request never shows the previous one's id
    # (a task put back on the queue sends no task_finished).
    stored = row.args_kwargs if isinstance(row.args_kwargs, dict) else {}
    request_id_var.set(str(stored.get("request_id") or ""))
    task_var.set(name)


def task_finished(sender, task_result, **kwargs) -> None:
    """After Django's own receiver (its "state=SUCCESSFUL" or "FAILED" line still names the task)."""
    token = _in_process.pop(task_result.id, None)
    if token is not None:
        try:
            task_var.reset(token)
        except ValueError:  # finished in another context than it started (an async task): no task to name
            task_var.set("")
    elif getattr(task_result, "db_result", None) is not None:
        request_id_var.set("")
        task_var.set("")
