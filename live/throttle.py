"""Who has just counted what, in this process's memory only, for minutes: the Most read beacon's rate limit.

A client address counts one read of a story per ``REPEAT_SECONDS`` and at most ``PER_ADDRESS`` reads in that
time, so inflating a story takes many addresses, not a loop. Addresses are kept as salted digests (the salt is
made per process and never stored), dropped once their window passes; nothing reaches the database or the cache.
Each worker process keeps its own table, so with N workers a client gets at most N times the allowance.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time

REPEAT_SECONDS = 600
PER_ADDRESS = 60
MAX_ENTRIES = 200_000  # a bound on memory: past it, expired entries go, and if none have, the table is reset

_salt = secrets.token_bytes(16)
_lock = threading.Lock()
_seen: dict[tuple[bytes, int], float] = {}  # (address digest, story id) -> until
_budget: dict[bytes, tuple[float, int]] = {}  # address digest -> (window end, reads counted in it)


def allow(address: str, article_id: int, *, now: float | None = None) -> bool:
    now = time.monotonic() if now is None else now
    digest = hashlib.blake2b(address.encode(), key=_salt, digest_size=12).digest()
    with _lock:
        if len(_seen) + len(_budget) > MAX_ENTRIES:
            _prune(now)
        if _seen.get((digest, article_id), 0) > now:
            return False
        until, used = _budget.get(digest, (0.0, 0))
        if until <= now:
            until, used = now + REPEAT_SECONDS, 0
        if used >= PER_ADDRESS:
            return False
        _budget[digest] = (until, used + 1)
        _seen[(digest, article_id)] = now + REPEAT_SECONDS
        return True


def forget() -> None:
    with _lock:
        _seen.clear()
        _budget.clear()


def _prune(now: float) -> None:
    for table in (_seen, _budget):
        stale = [key for key, value in table.items() if (value if isinstance(value, float) else value[0]) <= now]
        for key in stale:
            del table[key]
    if len(_seen) + len(_budget) > MAX_ENTRIES:
        _seen.clear()
        _budget.clear()
