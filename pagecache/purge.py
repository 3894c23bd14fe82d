"""Purging cached pages by key, once a write has committed: Django's page cache, Varnish, and CDNs.

``purge(keys)`` is called by whoever knows which keys a write made stale (``articles.purging`` listens to the story
events; pictures, tags, fronts and live coverage purge their own keys). The purge goes out when the transaction
commits (``transaction.on_commit``: a rolled-back save purges nothing, and no reader can refetch the old page before
the new one is committed); ``purge_now(keys)`` is the same without waiting for a commit.

Every purge is first recorded in the outbox, one row per configured target (``pagecache.outbox``), then:

- Django's page cache and every Varnish are sent it at once, in parallel, within half a second
  (``delivery.at_once``): on a healthy setup they have dropped the pages before the editor's page reloads, and a
  node that is down or hung costs the editor that half second at most, never its timeout;
- Fastly and Cloudflare (remote APIs) are left to a worker (``pagecache.tasks``), as is any target that did not
  acknowledge in time: retried with a doubling pause (capped at a few seconds for Varnish and the page cache,
  30 s for the CDNs) until it does, or until the purge no longer matters (an hour and five minutes: every page it
  named has expired by then).

A database that cannot take the outbox rows (it went away just after the commit) does not stop the purge: it is
sent at once all the same, with nothing to retry it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.db import DatabaseError, transaction
from django.utils import timezone

from . import backends, delivery, outbox, tasks

logger = logging.getLogger(__name__)


def purge(keys: Iterable[str]) -> None:
    keys = sorted(set(keys))
    if keys:
        transaction.on_commit(lambda: purge_now(keys))


def purge_now(keys: Iterable[str]) -> None:
    keys = sorted(set(keys))
    if not keys:
        return
    targets = backends.configured()
    try:
        rows = outbox.record(keys, targets)
    except DatabaseError as exc:
        logger.error("Purge of %s not recorded (%s): sent once, not retried", " ".join(keys), exc)
        rows = [None] * len(targets)
    at_once = [(target, row) for target, row in zip(targets, rows, strict=True) if not target.queued]
    outcomes = delivery.at_once([(target, keys) for target, _row in at_once])
    if rows[0] is None:
        return
    _settle(at_once, outcomes)
    queued = {target.name for target in targets if target.queued}
    for target in queued:
        tasks.schedule(target, purge=str(rows[0].purge))
    for target in outbox.due_targets() - queued:  # left by a process or worker that stopped mid-way
        tasks.schedule(target)


def _settle(at_once, outcomes: dict[str, delivery.Outcome]) -> None:
    now = timezone.now()
    acknowledged: dict[int | None, list] = {}  # by receipt (Django's page cache has its stamp)
    for target, row in at_once:
        outcome = outcomes[target.name]
        if outcome.ok:
            acknowledged.setdefault(outcome.receipt, []).append(row)
            continue
        next_try = now + tasks.retry_delay(1, target.retry_cap)
        outbox.failed([row], error=outcome.error, next_try=next_try)
        logger.warning("Purge of %s for %s left to the worker: %s", " ".join(row.keys), target.name, outcome.error)
        tasks.schedule(target.name, purge=str(row.purge), attempt=2, at=next_try)
    for receipt, rows in acknowledged.items():
        outbox.acknowledge(rows, stamp=receipt)
