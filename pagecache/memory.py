"""Each process's watch on Redis: the page cache's first tier (the pages this process served, in its own memory),
and the check that the Redis it reads pages from has lost no purge.

**The first tier.** A page-cache hit from Redis costs a network round trip and unpickling the page (about 0.35 ms),
so a process keeps its recent pages (an LRU bounded in bytes) and answers from them with no round trip while it
knows no purge has happened since it checked them. It knows because every purge publishes its stamp on this site's
channel (``pagecache.stamps.channel()``: the Redis database and the cache's key prefix are in its name, so another
site's purges are not heard) and a listener thread here records it. A page in memory is served as it is only while
the listener is connected and the stamp it heard equals the one the page was checked at; otherwise the caller
checks the page's keys in Redis.

**The check.** Redis can lose purges: restarted from a snapshot taken before them, or while it was unreachable a
purge could not be written (it waits in the outbox, ``pagecache.outbox``). So pages are read from Redis only while
this process has *vouched* for it (``vouched``), which the listener does each time it connects, before anything is
read:

- Redis's ``run_id`` is compared with the one last vouched for (kept in Redis itself, ``stamps.IDENTITY``), and its
  site-wide purge stamp with the highest the database knows Redis gave (``outbox.newest_stamp``) and the highest
  this process heard. A new server, or a stamp that went down, means purges were lost: the ``site`` key is purged
  (every page carries it), so every page stored before is a miss. An epoch rather than a replay of the outbox:
  it needs nothing to have been recorded, and a restart is rare enough that a cold cache after it is the price.
- Purges for Django's page cache still pending in the outbox are written, and their rows acknowledged.

The listener pings Redis every second: a connection that drops or a Redis that stops answering clears ``vouched``
(and ``connected``) at once, so while Redis restarts or hangs pages are built afresh instead of waiting on it, and
the first read of a restarted Redis comes after the check. A reader that finds the site-wide stamp lower than one
already heard (Redis rewound in place) also clears ``vouched`` and asks for the check again.

(Redis 7.4's client-side caching would do the first tier from redis-py; Debian 12 ships Redis 7.0.)
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from collections import OrderedDict

import redis
from django.conf import settings
from django.core.cache import cache
from django.db import connections
from redis.backoff import NoBackoff
from redis.retry import Retry

from . import keys, outbox, stamps

logger = logging.getLogger(__name__)

LAST_PURGE = stamps.LAST_PURGE
PING_EVERY = 1.0  # seconds of silence before the listener pings Redis
PONG_WAIT = 1.0  # seconds a ping may take before Redis counts as hung
RECONNECT_MAX = 1.0  # the longest pause between the listener's attempts to reconnect


class PageMemory:
    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self._pages: OrderedDict[str, tuple[dict, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        # The latest purge stamp the listener heard; None while it is not connected (nothing is trusted then).
        self.last_purge: int | None = None
        self.connected = threading.Event()  # the listener hears every purge: pages in memory may be trusted
        self.vouched = threading.Event()  # Redis has lost no purge: its pages may be read at all
        self.recheck = threading.Event()  # a reader saw the stamp go down: vouch again
        self.stopped = threading.Event()
        self.high_water: int | None = None  # the highest stamp seen since the last check

    def get(self, key: str) -> dict | None:
        with self._lock:
            found = self._pages.get(key)
            if found is None:
                return None
            self._pages.move_to_end(key)
            return found[0]

    def put(self, key: str, entry: dict) -> None:
        size = len(entry["content"]) + 512
        if size > self.max_bytes // 4:
            return  # one huge page must not empty the store (and with no budget, nothing is kept)
        with self._lock:
            old = self._pages.pop(key, None)
            if old is not None:
                self._bytes -= old[1]
            self._pages[key] = (entry, size)
            self._bytes += size
            while self._bytes > self.max_bytes and self._pages:
                _, (_, dropped) = self._pages.popitem(last=False)
                self._bytes -= dropped

    def drop(self, key: str) -> None:
        with self._lock:
            old = self._pages.pop(key, None)
            if old is not None:
                self._bytes -= old[1]

    def trusted_stamp(self) -> int | None:
        """The purge stamp to compare a page's ``checked_at`` with, or None when only Redis can say."""
        return self.last_purge if self.connected.is_set() and self.vouched.is_set() else None

    def heard(self, stamp: int) -> None:
        """A purge's stamp, from the channel or from this process's own purge (which may arrive in either order:
        stamps only grow, so the highest is the latest)."""
        if self.last_purge is None or stamp > self.last_purge:
            self.last_purge = stamp
        if self.high_water is None or stamp > self.high_water:
            self.high_water = stamp

    def consistent(self, stamp: int | None, *, page_found: bool) -> bool:
        """Whether Redis's site-wide ``stamp`` (read with a page) is one this process can believe: not lower than
        one it has seen, nor missing beside a page. Otherwise Redis lost purges: stop reading it and vouch again."""
        high = self.high_water
        if (stamp is None and page_found) or (stamp is not None and high is not None and stamp < high):
            if self.vouched.is_set():
                logger.warning("The page cache's purge stamp went back (%s, after %s): Redis lost purges", stamp, high)
            self.vouched.clear()
            self.recheck.set()
            return False
        if stamp is not None and (high is None or stamp > high):
            self.high_water = stamp
        return True


_memory: PageMemory | None = None
_owner_pid: int | None = None
_start_lock = threading.Lock()


def memory() -> PageMemory | None:
    """This process's page memory and watch on Redis, its listener started on first use; None without Redis (the
    local-memory cache is this process's own: nothing to listen to, nothing to lose). With ``PAGE_MEMORY_BYTES`` 0
    no page is kept, but Redis is still watched."""
    global _memory, _owner_pid
    location = stamps.redis_location()
    if not location:
        return None
    if _memory is not None and _owner_pid == os.getpid():
        return _memory
    with _start_lock:
        if _memory is None or _owner_pid != os.getpid():  # a fork inherits no thread: start afresh
            _memory, _owner_pid = PageMemory(settings.NEWSROOM.get("PAGE_MEMORY_BYTES", 0)), os.getpid()
            threading.Thread(target=_listen, args=(_memory, location), name="page-purges", daemon=True).start()
    return _memory


def running() -> PageMemory | None:
    """This process's page memory if it has one already (a worker purging starts no listener)."""
    return _memory if _owner_pid == os.getpid() else None


def reset() -> None:
    """Stop this process's listener and forget its pages (the next use starts afresh: tests, settings changes)."""
    global _memory
    with _start_lock:
        if _memory is not None:
            _memory.stopped.set()
        _memory = None


def _listen(store: PageMemory, location: str) -> None:
    backoff = 0.1
    while not store.stopped.is_set():
        pubsub = None
        try:
            # No silent reconnection: a new connection may be a new Redis, which must be vouched for first.
            client = redis.Redis.from_url(
                location, socket_connect_timeout=1, socket_timeout=PONG_WAIT, retry=Retry(NoBackoff(), 0)
            )
            pubsub = client.pubsub(ignore_subscribe_messages=True)
            pubsub.subscribe(stamps.channel())
            pubsub.get_message(timeout=1)  # the subscription's confirmation
            vouch(store, client)
            store.connected.set()
            backoff = 0.1
            _follow(store, pubsub, client)
        except Exception as exc:
            if not store.stopped.is_set():
                logger.info("Page purge listener reconnecting: %r", exc)
        finally:
            store.connected.clear()
            store.vouched.clear()
            store.last_purge = None
            if pubsub is not None:
                with contextlib.suppress(Exception):  # the connection is going anyway
                    pubsub.close()
        store.stopped.wait(backoff)
        backoff = min(backoff * 2, RECONNECT_MAX)


def _follow(store: PageMemory, pubsub, client) -> None:
    heard_at, pinged_at = time.monotonic(), None
    while not store.stopped.is_set():
        message = pubsub.get_message(timeout=0.2)
        now = time.monotonic()
        if message is not None:
            heard_at, pinged_at = now, None
            if message.get("type") == "message":
                store.heard(int(message["data"]))
        if store.recheck.is_set():
            vouch(store, client)
        if pinged_at is None and now - heard_at >= PING_EVERY:
            pubsub.ping("page-purges")
            pinged_at = now
        elif pinged_at is not None and now - pinged_at > PONG_WAIT:
            raise TimeoutError(f"Redis did not answer a ping within {PONG_WAIT} s")


def vouch(store: PageMemory, client) -> None:
    """Check that Redis lost no purge (moving the page epoch on if it did), write the page purges still pending
    in the outbox, then let pages be read from it."""
    store.recheck.clear()
    store.vouched.clear()
    run_id = client.info("server")["run_id"]
    floor = max(filter(None, (_newest_acknowledged(), store.high_water)), default=0)
    last = cache.get(LAST_PURGE)
    marker = cache.get(stamps.IDENTITY)
    if marker != run_id or (floor and (last is None or last < floor)):
        stamps.write_purge([keys.SITE], floor=floor)
        cache.set(stamps.IDENTITY, run_id, None)
        log = logger.info if marker is None and last is None else logger.warning
        log(
            "Redis %s is new to this site's pages, or has lost purges (its purge stamp %s, the highest known %s): "
            "every page cached before is a miss from now", run_id[:8], last, floor or None,
        )  # fmt: skip
    _write_pending()
    store.last_purge = store.high_water = stamps.current()
    store.vouched.set()


def _newest_acknowledged() -> int | None:
    try:
        return outbox.newest_stamp()
    except Exception as exc:  # the database away: Redis's own run_id still tells a restart
        logger.warning("Could not read the purge outbox to check Redis: %r", exc)
        return None
    finally:
        connections.close_all()  # this thread's own connections


def _write_pending() -> None:
    """Purges Django's page cache did not take (Redis was away), written now, before its pages are read."""
    try:
        rows = outbox.pending_for(outbox.PAGE_CACHE)
        if rows:
            stamp = stamps.write_purge(outbox.keys_of(rows))
            outbox.acknowledge(rows, stamp=stamp)
            logger.info("Wrote %d page purges Redis missed while it was away", len(rows))
    except stamps.CacheUnavailable:
        raise
    except Exception as exc:  # the database away: the worker writes them once it is back
        logger.warning("Could not read the purge outbox for purges Redis missed: %r", exc)
    finally:
        connections.close_all()
