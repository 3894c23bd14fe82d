from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    """The shared bottom layer's one table (``models.RateWindow``, for ``limits``); everything else here is code."""

    name = "newsroom"
    verbose_name = "Newsroom"

    def ready(self):
        from django.conf import settings
        from django.tasks import signals

        from . import logs, metrics

        if settings.NEWSROOM.get("METRICS", True):
            metrics.connect_signals()  # every database connection times its statements
        # The task and the request that queued it, on the task's log lines: set before Django logs "state=RUNNING"
        # (its receiver goes back behind ours), cleared after it logs the outcome.
        signals.task_started.disconnect(signals.log_task_started)
        signals.task_started.connect(logs.task_started, dispatch_uid="newsroom.logs.task_started")
        signals.task_started.connect(signals.log_task_started)
        signals.task_finished.connect(logs.task_finished, dispatch_uid="newsroom.logs.task_finished")
