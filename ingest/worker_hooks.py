"""Ingest's periodic job on the worker's scheduler: queue a poll for every source that is due."""

from ingest import tasks
from worker import schedule

schedule.register("ingest.poll-due-sources", every=tasks.TICK, task=tasks.queue_due_sources)
