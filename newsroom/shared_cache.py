"""The shared cache (Redis, or each process's local memory without it), guarded: when it is down, callers get a
miss and carry on (public pages are computed afresh, never a 500).

After a failure the cache is left alone for ``RETRY_SECONDS``, so a Redis that hangs (rather than refusing) costs
one socket timeout per process and pause, not one per cache call; the failure is logged once per ``LOG_SECONDS``.
Everything that keeps state in the cache goes through these functions.
"""

import logging
import time

from django.core.cache import cache

logger = logging.getLogger(__name__)

RETRY_SECONDS = 2.0
LOG_SECONDS = 60.0
_outage = {"until": 0.0, "logged_at": None}


def cache_get(key: str, default=None):
    return _guarded(cache.get, key, default, fallback=default)


def cache_set(key: str, value, timeout) -> None:
    _guarded(cache.set, key, value, timeout, fallback=None)


def cache_add(key: str, value, timeout) -> bool:
    return _guarded(cache.add, key, value, timeout, fallback=False)


def cache_incr(key: str) -> int | None:
    """The incremented value; None when the key is missing or the cache is unreachable."""
    try:
        return _guarded(cache.incr, key, fallback=None)
    except ValueError:  # the key is missing (evicted or never set)
        return None


def cache_get_many(keys) -> dict:
    return _guarded(cache.get_many, list(keys), fallback={})


def cache_set_many(values: dict, timeout) -> None:
    _guarded(cache.set_many, values, timeout, fallback=None)


def cache_delete(key: str) -> None:
    _guarded(cache.delete, key, fallback=None)


def cache_reachable() -> bool:
    """Whether the cache answers now (for the health check: ignores the pause after a failure)."""
    try:
        cache.get("healthz:probe")
    except Exception:
        return False
    return True


def forget_cache_outage() -> None:
    _outage.update(until=0.0, logged_at=None)


def _guarded(operation, *args, fallback):
    now = time.monotonic()
    if now < _outage["until"]:
        return fallback
    try:
        return operation(*args)
    except ValueError:
        raise  # incr's "key not found", not an outage
    except Exception as exc:  # the backend's own errors (redis.ConnectionError, TimeoutError, ...)
        _outage["until"] = now + RETRY_SECONDS
        if _outage["logged_at"] is None or now - _outage["logged_at"] >= LOG_SECONDS:
            _outage["logged_at"] = now
            logger.warning("Cache unavailable, serving without it for now: %r", exc)
        return fallback
