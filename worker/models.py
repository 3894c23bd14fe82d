"""What the workers share in the database: each worker's heartbeat, and each periodic job's next due time."""

from django.db import models


class WorkerBeat(models.Model):
    """A running worker, beating every few seconds (the database's clock, so machines' clocks need not agree).
    A task it runs whose worker's beat is older than the lease is put back on the queue (``worker.leases``)."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    beat_at = models.DateTimeField()
    task_id = models.UUIDField(null=True, blank=True, help_text="The task it is running now.")

    class Meta:
        ordering = ["worker_id"]

    def __str__(self):
        return f"{self.worker_id} on {self.host}"


class PeriodicJob(models.Model):
    """One registered job's next tick (``worker.schedule``): a worker claims a tick by moving ``next_due`` on with a
    conditional UPDATE, so of all the workers on all the machines exactly one runs it."""

    name = models.CharField(max_length=100, primary_key=True)
    next_due = models.DateTimeField()
    last_claimed_at = models.DateTimeField(null=True, blank=True)
    last_worker = models.CharField(max_length=64, blank=True)
    ticks = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name
