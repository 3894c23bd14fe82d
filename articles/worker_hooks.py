"""The articles app's periodic job on the worker's scheduler: telling what the clock did to stories."""

from articles import timed
from worker import schedule

schedule.register("articles.timed-events", every=timed.EVERY, task=timed.tell_due_events)
