"""The page cache's periodic job on the worker's scheduler: a run for every cache target owed a purge that nobody
is sending (a worker died mid-run; a process stopped between recording a purge and sending it)."""

from pagecache import tasks
from worker import schedule

schedule.register("pagecache.deliver-due-purges", every=tasks.SWEEP, task=tasks.deliver_due)
