"""Newsletters' periodic jobs on the worker's scheduler: scheduled and automatic editions, stalled sends, alerts
whose story went out unheard."""

from newsletters import alerts, tasks
from worker import schedule

schedule.register("newsletters.tick", every=tasks.TICK, task=tasks.tick)
schedule.register("newsletters.alerts", every=tasks.TICK, task=alerts.sweep_alerts)
