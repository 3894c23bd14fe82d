"""Queued purges (CDN APIs): a failed batch is queued again after a pause that doubles each time, up to
``ATTEMPTS`` tries; Django's page cache and Varnish are purged at once by ``pagecache.purge`` itself, so a
withdrawal leaves them within a second whatever the CDN does."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.tasks import default_task_backend, task
from django.utils import timezone

from . import backends

logger = logging.getLogger(__name__)

ATTEMPTS = 5
BACKOFF = 1.0  # seconds, doubled after each failure


@task
def purge_target(target: str, keys: list[str], attempt: int = 1) -> None:
    backend = backends.by_name(target)
    if backend is None:
        logger.warning("Purge of %s for %s dropped: that target is no longer configured", " ".join(keys), target)
        return
    failed = []
    for batch in backend.batches(keys):
        try:
            backend.purge(batch)
        except backends.PurgeFailed as exc:
            logger.warning("%s", exc)
            failed.append(batch)
    if not failed:
        return
    missed = sorted({key for batch in failed for key in batch})
    if attempt >= ATTEMPTS:
        logger.error("%s purge of %s failed after %d attempts", target, " ".join(missed), attempt)
        return
    delay = timedelta(seconds=BACKOFF * 2 ** (attempt - 1))
    retry = (
        purge_target.using(run_after=timezone.now() + delay) if default_task_backend.supports_defer else purge_target
    )
    retry.enqueue(target, missed, attempt + 1)
