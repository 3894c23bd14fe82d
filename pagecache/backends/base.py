"""What a cache target declares: the header it reads keys from, and how it is purged by them.

``header`` (None for Django's own page cache, which keeps its keys itself) and ``separator`` make the response
header; ``purge(batch, timeout=...)`` sends one purge request of at most ``batch_size`` keys and raises
``PurgeFailed`` when the target did not acknowledge it (it may return a receipt: Django's page cache returns its
purge stamp). Targets that are not ``queued`` (Django's page cache, Varnish) are tried by the writing process at
once, briefly; ``queued`` ones (remote APIs) only by a worker. Whatever is not acknowledged is retried by a worker
(``pagecache.tasks``) with a pause that doubles up to ``retry_cap`` seconds.
"""

from __future__ import annotations


class PurgeFailed(Exception):
    pass


class Backend:
    name: str = ""
    header: str | None = None
    separator: str = " "
    batch_size: int = 100
    queued: bool = False
    retry_cap: float = 30.0

    def header_value(self, keys) -> str:
        return self.separator.join(sorted(keys))

    def batches(self, keys: list[str]) -> list[list[str]]:
        keys = list(dict.fromkeys(keys))  # once each, in the order given
        return [keys[start : start + self.batch_size] for start in range(0, len(keys), self.batch_size)]

    def purge(self, batch: list[str], *, timeout: float | None = None):
        raise NotImplementedError
