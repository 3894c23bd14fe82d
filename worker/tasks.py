"""The worker's own periodic job: finished task rows and the rows of workers long gone are pruned."""

from __future__ import annotations

from datetime import timedelta

from django.tasks import TaskResultStatus, task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from .conf import conf
from .models import WorkerBeat

GONE_WORKERS = timedelta(days=1)


@task
def prune_finished() -> dict[str, int]:
    """Delete tasks that finished more than ``KEEP_FINISHED_DAYS`` ago and beats silent for a day (safe to run
    twice: a second run finds less)."""
    now = timezone.now()
    finished = DBTaskResult.objects.filter(
        status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED],
        finished_at__lt=now - timedelta(days=conf().keep_finished_days),
    ).delete()[0]
    workers = WorkerBeat.objects.filter(beat_at__lt=now - GONE_WORKERS).delete()[0]
    return {"tasks": finished, "workers": workers}
