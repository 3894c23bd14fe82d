"""Django's own page cache (``pagecache.pages``): no header (it records each page's keys itself); a purge moves the
keys' generations on, at once, in the shared cache."""

from __future__ import annotations

from .. import pages
from .base import Backend


class DjangoPageCache(Backend):
    name = "django"
    batch_size = 10_000

    def purge(self, batch: list[str]) -> None:
        pages.purge_keys(batch)
