"""The worker's settings (``settings.WORKER``), with their defaults."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class Conf:
    heartbeat: float = 5.0  # seconds between a worker's beats
    lease: float = 60.0  # a running task whose worker has not beaten for this long is put back on the queue
    max_attempts: int = 3  # runs of one task before a worker that keeps dying with it gives it up
    keep_finished_days: int = 7  # finished task rows kept this long

    @property
    def max_backoff(self) -> float:
        """The longest pause between reconnection attempts in an outage: short beside the lease."""
        return min(10.0, self.lease / 2)


def conf() -> Conf:
    given = getattr(settings, "WORKER", {})
    found = Conf(
        heartbeat=float(given.get("HEARTBEAT_SECONDS", Conf.heartbeat)),
        lease=float(given.get("LEASE_SECONDS", Conf.lease)),
        max_attempts=int(given.get("MAX_ATTEMPTS", Conf.max_attempts)),
        keep_finished_days=int(given.get("KEEP_FINISHED_DAYS", Conf.keep_finished_days)),
    )
    if found.heartbeat <= 0 or found.lease < 2 * found.heartbeat or found.max_attempts < 1:
        raise ImproperlyConfigured(
            "WORKER: HEARTBEAT_SECONDS must be above 0, LEASE_SECONDS at least twice it, MAX_ATTEMPTS at least 1."
        )
    return found
