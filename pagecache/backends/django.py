"""Django's own page cache (``pagecache.pages``): no header (it records each page's keys itself); a purge moves the
keys' generations on in the shared cache, acknowledged with the new purge stamp. A Redis that is down or hangs
fails the purge (its socket timeout bounds the wait), which then stays in the outbox until Redis answers."""

from __future__ import annotations

from .. import pages, stamps
from ..outbox import PAGE_CACHE
from .base import Backend, PurgeFailed


class DjangoPageCache(Backend):
    name = PAGE_CACHE
    batch_size = 10_000
    # Short: while Redis is away its pages are not read (pagecache.memory), so retries only decide how soon after
    # it answers again its pages may be.
    retry_cap = 3.0

    def purge(self, batch: list[str], *, timeout: float | None = None) -> int | None:
        try:
            return pages.purge_keys(batch)
        except stamps.CacheUnavailable as exc:
            raise PurgeFailed(f"the page cache: {exc}") from exc
