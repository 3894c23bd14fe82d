from datetime import timedelta

from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class WorkerConfig(AppConfig):
    name = "worker"
    verbose_name = "Task worker"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from worker import schedule, tasks

        schedule.register("worker.prune-finished-tasks", every=timedelta(hours=1), task=tasks.prune_finished)
        # Each app's periodic jobs (its worker_hooks.py), as the desk finds each app's desk_hooks.py.
        autodiscover_modules("worker_hooks")
