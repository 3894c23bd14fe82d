"""The page cache's purge record in the shared cache: each key's *generation*, the site-wide purge stamp, and the
channel that tells every process of a purge (``pagecache.pages`` reads them, ``pagecache.memory`` listens).

On Redis one Lua script moves the generations and the site-wide stamp on and publishes the stamp, in one step:
a stamp heard on the channel is already in Redis. Stamps come from the Redis server's clock (``TIME``, in
microseconds) and each is above the last, whichever machine purges: so a site-wide stamp that went *down* means
Redis lost purges (restarted from an older snapshot), which ``pagecache.memory`` watches for. Without Redis (the
local-memory cache: one process, the tests) the same values are written through Django's cache API.

Keys carry the cache's ``KEY_PREFIX`` (Django's ``make_key``) and the channel carries it and the Redis database
number, so sites sharing a Redis server neither read each other's pages nor hear each other's purges.

Readers go through ``newsroom.shared_cache`` (a cache that is down is a miss); a purge must know whether the cache
took it, so it talks to the cache directly and its errors are its answer (``CacheUnavailable``).
"""

from __future__ import annotations

import time
import urllib.parse

from django.conf import settings
from django.core.cache import cache

GENERATION = "page-key:"
LAST_PURGE = "page-key:*"  # the site-wide purge stamp, moved on by every purge
IDENTITY = "page-cache:redis"  # the run_id of the Redis whose pages were last vouched for (pagecache.memory)
CHANNEL = "newsroom:page-purges"  # + ":<database>:<key prefix>" (channel())
REDIS_BACKENDS = {"newsroom.redis_cache.RedisCache", "django.core.cache.backends.redis.RedisCache"}

# KEYS[1] the site-wide stamp, KEYS[2..] the generations; ARGV[1] the channel, ARGV[2] a floor the new stamp must
# pass (the highest stamp the database knows was given, pagecache.memory). Stamps written before stamps came from
# Redis (nanoseconds, above 9e15) are ignored, so the sequence starts again from the server's clock.
_SCRIPT = """
local now = redis.call('TIME')
local stamp = tonumber(now[1]) * 1000000 + tonumber(now[2])
local last = tonumber(redis.call('GET', KEYS[1]) or '0') or 0
if last > 9e15 then last = 0 end
local floor = tonumber(ARGV[2]) or 0
if stamp <= last then stamp = last + 1 end
if stamp <= floor then stamp = floor + 1 end
local value = string.format('%.0f', stamp)
for i = 1, #KEYS do redis.call('SET', KEYS[i], value) end
redis.call('PUBLISH', ARGV[1], value)
return value
"""
_scripts: dict[int, object] = {}


class CacheUnavailable(Exception):
    """The shared cache did not take the purge (down, hung, refusing)."""


def on_redis() -> bool:
    return settings.CACHES["default"]["BACKEND"] in REDIS_BACKENDS


def redis_location() -> str:
    return settings.CACHES["default"]["LOCATION"] if on_redis() else ""


def channel() -> str:
    """This site's purge channel: its Redis database and key prefix in the name (pub/sub ignores both)."""
    conf = settings.CACHES["default"]
    parts = urllib.parse.urlsplit(conf.get("LOCATION") or "")
    database = parts.path.strip("/") or urllib.parse.parse_qs(parts.query).get("db", ["0"])[0]
    return f"{CHANNEL}:{database}:{conf.get('KEY_PREFIX', '')}"


def write_purge(keys, *, floor: int = 0) -> int:
    """Move ``keys``' generations and the site-wide stamp on (every page carrying one of them is a miss from now)
    and tell every process; the new stamp. Raises ``CacheUnavailable`` when the cache did not take it."""
    try:
        if not on_redis():
            return _write_locally(keys, floor)
        names = [cache.make_key(LAST_PURGE), *(cache.make_key(GENERATION + key) for key in keys)]
        client = cache._cache.get_client(write=True)
        script = _scripts.get(id(client))
        if script is None:
            script = _scripts[id(client)] = client.register_script(_SCRIPT)
        return int(script(keys=names, args=[channel(), floor]))
    except Exception as exc:  # the client's own errors (ConnectionError, TimeoutError, ResponseError ...)
        raise CacheUnavailable(f"{type(exc).__name__}: {exc}") from exc


def _write_locally(keys, floor: int) -> int:
    last = cache.get(LAST_PURGE) or 0
    stamp = max(time.time_ns() // 1000, last + 1, floor + 1)
    cache.set_many({**{GENERATION + key: stamp for key in keys}, LAST_PURGE: stamp}, None)
    return stamp


def current() -> int | None:
    """The site-wide purge stamp, set now if no purge has happened yet (pages stored from here on carry it).
    Raises the cache's own error when it does not answer."""
    cache.add(LAST_PURGE, time.time_ns() // 1000, None)
    return cache.get(LAST_PURGE)
