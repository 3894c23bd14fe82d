"""The task queue (django-tasks-db's database backend), with the id of the request that queued each task stored
beside its arguments, so the worker's log lines for it carry that id (``newsroom.logs.task_started``)."""

from __future__ import annotations

from django.utils.json import normalize_json
from django_tasks_db.backend import DatabaseBackend

from .logs import current_request_id


class RequestAwareDatabaseBackend(DatabaseBackend):
    def _task_to_db_task(self, task, args, kwargs):
        request_id = current_request_id()
        if not request_id:  # a worker's or a command's own task
            return super()._task_to_db_task(task, args, kwargs)
        # As the library makes the row (one INSERT), with the request's id beside the arguments. The model is
        # imported here, as the library does: tasks are declared (and this backend made) while apps still load.
        from django_tasks_db.models import DBTaskResult

        return DBTaskResult.objects.create(
            id=self._get_id(),
            args_kwargs=normalize_json({"args": args, "kwargs": kwargs, "request_id": request_id}),
            priority=task.priority,
            task_path=task.module_path,
            queue_name=task.queue_name,
            run_after=task.run_after,
            backend_name=self.alias,
        )
