"""Purging cached pages by key, once a write has committed: Django's page cache, Varnish, and CDNs.

``purge(keys)`` is called by whoever knows which keys a write made stale (``articles.purging`` listens to the story
events; pictures, tags, fronts and live coverage purge their own keys). The purge goes out when the transaction
commits (``transaction.on_commit``: a rolled-back save purges nothing, and no reader can refetch the old page before
the new one is committed), to every configured target (``pagecache.backends``):

- Django's page cache and every Varnish at once, so a withdrawal has left them before the editor's page reloads;
- Fastly and Cloudflare (remote APIs that can fail) as a task on the queue (``pagecache.tasks.purge_target``),
  retried with a doubling pause, since a remote API must not hold an editor's save.

A target that still fails is logged with the keys it missed; pages then expire by their ``s-maxage``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.db import transaction

from . import backends, tasks

logger = logging.getLogger(__name__)


def purge(keys: Iterable[str]) -> None:
    keys = sorted(set(keys))
    if keys:
        transaction.on_commit(lambda: purge_now(keys))


def purge_now(keys: list[str]) -> None:
    if not keys:
        return
    for target in backends.configured():
        if target.queued:
            tasks.purge_target.enqueue(target.name, keys)
            continue
        for batch in target.batches(keys):
            try:
                target.purge(batch)
            except backends.PurgeFailed as exc:
                logger.error("Purge of %s failed: %s", " ".join(batch), exc)
