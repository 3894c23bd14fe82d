"""Counters every process shares, for limits per address or per key: Redis when REDIS_URL is set, else the database.

``count(name, seconds=…)`` adds one hit to a fixed window that opens with its first hit and closes ``seconds``
later, and returns the hits so far. Atomic in either store, so N worker processes allow what one would: on Redis
``SET NX EX`` and ``INCR`` in one MULTI (a key never lives without its expiry); in the database one
``INSERT … ON CONFLICT DO UPDATE … RETURNING`` (PostgreSQL, and SQLite ≥ 3.35), which also reopens a window that
has closed. Nothing is kept in a process's memory.

When Redis does not answer, ``count`` returns None and callers let the request through: a limit is no reason to
fail a reader (the cache is an optimisation everywhere else too). Redis expires its own keys; closed windows in the
database are deleted by the database itself as new windows open (a trigger, migrations/0002), so a count is one
statement and no request's query count depends on when a sweep falls due.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from newsroom.models import RateWindow

logger = logging.getLogger(__name__)

PREFIX = "limit:"
MAX_SECONDS = 3600  # the longest window: the database's sweep keeps rows that long past their end
LOG_SECONDS = 60
_state = {"logged_at": None}


def count(name: str, *, seconds: int) -> int | None:
    """One more hit in the window ``name`` (opened for ``seconds`` by its first hit); the hits in it, this one
    included; None when the store did not answer."""
    if not 0 < seconds <= MAX_SECONDS:
        raise ValueError(f"a window is 1 to {MAX_SECONDS} seconds long, not {seconds}")
    if settings.REDIS_URL:
        return _count_in_redis(name, seconds)
    return _count_in_database(name, seconds)


def _count_in_redis(name: str, seconds: int) -> int | None:
    try:
        client = cache._cache.get_client(write=True)  # the cache's own client: its pool and timeouts
        pipe = client.pipeline(transaction=True)
        key = cache.make_key(PREFIX + name)  # under the site's cache prefix: sites sharing a Redis count apart
        pipe.set(key, 0, ex=seconds, nx=True)
        pipe.incr(key)
        return int(pipe.execute()[-1])
    except Exception as exc:  # redis-py's ConnectionError, TimeoutError, ...: nobody is limited meanwhile
        now = time.monotonic()
        if _state["logged_at"] is None or now - _state["logged_at"] >= LOG_SECONDS:
            _state["logged_at"] = now
            logger.warning("Limits unavailable (Redis), letting requests through for now: %r", exc)
        return None


def _upsert_sql() -> str:
    quote = connection.ops.quote_name
    table, name, hits, expires = (quote(n) for n in (RateWindow._meta.db_table, "name", "hits", "expires"))
    return (
        f"INSERT INTO {table} ({name}, {hits}, {expires}) VALUES (%s, 1, %s) "
        f"ON CONFLICT ({name}) DO UPDATE SET "
        f"{hits} = CASE WHEN {table}.{expires} <= %s THEN 1 ELSE {table}.{hits} + 1 END, "
        f"{expires} = CASE WHEN {table}.{expires} <= %s THEN excluded.{expires} ELSE {table}.{expires} END "
        f"RETURNING {hits}"
    )


def _count_in_database(name: str, seconds: int) -> int:
    now = time.time()
    with connection.cursor() as cursor:
        cursor.execute(_upsert_sql(), [name, now + seconds, now, now])
        return int(cursor.fetchone()[0])
