"""The purge outbox (``PurgeDelivery``): every purge recorded per target before it is sent, settled as each target
answers, and what is still owed handed to whoever sends it (``pagecache.purge`` at once, ``pagecache.tasks`` later,
``pagecache.memory`` for Django's page cache when Redis answers again).

A row is *pending* until its target acknowledges it. A worker *claims* the due rows of one target (PostgreSQL skips
rows another worker holds; the claim moves their next try past ``LEASE``, so a second worker, or a second run of the
same task, finds nothing to send). A purge older than ``HORIZON`` no longer matters: every page it named has expired
from every cache by then, so it is dropped, with a log line, however often its target failed. Rows are deleted
``KEEP`` after they were made.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from .models import PurgeDelivery

logger = logging.getLogger(__name__)

PAGE_CACHE = "django"  # the target name of Django's own page cache (pagecache.backends.django)
# The longest any cache keeps a page: s-maxage (an hour) plus stale-while-revalidate (5 minutes), articles.caching.
HORIZON = timedelta(seconds=3600 + 300)
KEEP = timedelta(days=1)
LEASE = timedelta(seconds=120)  # twice what one worker run may take (pagecache.tasks.RUN_SECONDS)
INLINE_LEASE = timedelta(seconds=5)  # while the writing process tries the targets it purges at once
CLAIM_LIMIT = 500
_SWEEP_EVERY = 600.0  # seconds between one process's deletes of old rows
_swept = {"at": 0.0}


def record(keys: list[str], targets: Iterable, *, now: datetime | None = None) -> list[PurgeDelivery]:
    """One row per target for a purge of ``keys``. Queued targets are due at once; the others are held for the
    writing process, which tries them first."""
    now = now or timezone.now()
    purge = uuid.uuid4()
    rows = PurgeDelivery.objects.bulk_create(
        PurgeDelivery(
            purge=purge,
            target=target.name,
            keys=keys,
            next_try_at=now if target.queued else now + INLINE_LEASE,
            created_at=now,
        )
        for target in targets
    )
    _sweep(now)
    return rows


def acknowledge(rows: Iterable[PurgeDelivery], *, stamp: int | None = None) -> None:
    ids = [row.pk for row in rows]
    if ids:
        PurgeDelivery.objects.filter(pk__in=ids, acknowledged_at__isnull=True).update(
            acknowledged_at=timezone.now(), attempts=F("attempts") + 1, stamp=stamp, last_error=""
        )


def failed(rows: Iterable[PurgeDelivery], *, error: str, next_try: datetime) -> None:
    ids = [row.pk for row in rows]
    if ids:
        PurgeDelivery.objects.filter(pk__in=ids).update(
            attempts=F("attempts") + 1, next_try_at=next_try, last_error=error[:500]
        )


def claim(target: str, *, now: datetime | None = None) -> list[PurgeDelivery]:
    """The due rows of ``target`` (oldest first, at most ``CLAIM_LIMIT``), held for ``LEASE`` by this caller;
    rows past ``HORIZON`` are dropped first."""
    now = now or timezone.now()
    drop(PurgeDelivery.objects.pending().filter(target=target, created_at__lt=now - HORIZON), now=now, why="expired")
    with transaction.atomic():
        rows = list(
            PurgeDelivery.objects.due(now)
            .filter(target=target)
            .order_by("created_at")
            .select_for_update(skip_locked=True)[:CLAIM_LIMIT]
        )
        if rows:
            PurgeDelivery.objects.filter(pk__in=[row.pk for row in rows]).update(next_try_at=now + LEASE)
    return rows


def drop(rows, *, now: datetime, why: str) -> int:
    """Give up ``rows`` (a queryset of pending rows), one log line each."""
    dropped = list(rows.values_list("pk", "target", "keys", "attempts", "created_at", "last_error"))
    for _pk, target, keys, attempts, created_at, error in dropped:
        reason = (
            f"older than the longest page lifetime ({HORIZON}): every page it named has expired"
            if why == "expired"
            else "that target is no longer configured"
        )
        logger.error(
            "Purge of %s for %s dropped after %d attempts since %s (last: %s): %s",
            " ".join(keys), target, attempts, created_at.isoformat(timespec="seconds"), error or "none", reason,
        )  # fmt: skip
    if dropped:
        PurgeDelivery.objects.filter(pk__in=[row[0] for row in dropped], dropped_at__isnull=True).update(dropped_at=now)
    return len(dropped)


def drop_target(target: str) -> int:
    """Give up what is owed to a target that is no longer configured."""
    return drop(PurgeDelivery.objects.pending().filter(target=target), now=timezone.now(), why="unconfigured")


def pending_for(target: str) -> list[PurgeDelivery]:
    return list(PurgeDelivery.objects.pending().filter(target=target).order_by("created_at")[:CLAIM_LIMIT])


def pending_count() -> int:
    return PurgeDelivery.objects.pending().count()


def due_targets(*, now: datetime | None = None) -> set[str]:
    """The targets owed a purge that nobody is sending: left by a process or worker that stopped mid-way."""
    return set(PurgeDelivery.objects.due(now or timezone.now()).values_list("target", flat=True).distinct())


def newest_stamp() -> int | None:
    """The highest site-wide stamp Django's page cache acknowledged for a purge that still matters."""
    recent = PurgeDelivery.objects.filter(target=PAGE_CACHE, created_at__gte=timezone.now() - HORIZON)
    return recent.aggregate(newest=Max("stamp"))["newest"]


def keys_of(rows: Iterable[PurgeDelivery]) -> list[str]:
    return list(dict.fromkeys(key for row in rows for key in row.keys))


def _sweep(now: datetime) -> None:
    if time.monotonic() - _swept["at"] < _SWEEP_EVERY:
        return
    _swept["at"] = time.monotonic()
    PurgeDelivery.objects.filter(created_at__lt=now - KEEP).delete()
