"""Page fragments (story cards, article bodies, feed bodies) kept in this process, keyed by the rows they are drawn from.

A fragment's key holds every field of every row it is made from (the story, its section, agency, lead picture and
byline, as loaded for the page), so a fragment can only be found again for the very same data: an edit, a rename, a
new crop or caption makes a new key, and the old fragment is simply never asked for again (the LRU drops it). No
purge has to reach it, so it is right in every worker process, with or without Redis, and even after a write that
purges nothing (``QuerySet.update()``). Which stories a page lists is never cached here: the page's own query
through ``Article.objects.published()`` decides that on every request, so a withdrawn, expired or not yet due
story is never looked up, let alone shown.

A fragment whose rendering had to query the database (it read a relation that was not ``select_related`` or
prefetched with the story) is not kept: that row is not in its key. The cache keys a fragment's rendering records
(``pagecache.keys``: the names, pictures and bylines it shows) are kept with it and recorded again on every hit,
so a page made of cached fragments carries the same keys, and is purged the same way, as one rendered afresh.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from contextlib import contextmanager

from django.core.signals import setting_changed
from django.db import connection

from pagecache import keys as surrogate_keys

_ALL: list[Fragments] = []


class Fragments:
    """A bounded, thread-safe LRU of ``key -> (html, cache keys)``."""

    def __init__(self, name: str, *, size: int):
        self.name, self.size = name, size
        self._entries: OrderedDict = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0
        _ALL.append(self)

    def get(self, key: Hashable):
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return entry

    def put(self, key: Hashable, entry) -> None:
        with self._lock:
            self._entries[key] = entry
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.hits = self.misses = 0

    def __len__(self) -> int:
        return len(self._entries)


def cached(fragments: Fragments, key: Hashable, render: Callable[[], str]) -> str:
    """``render()``'s markup, from ``fragments`` when ``key`` was seen before."""
    entry = fragments.get(key)
    if entry is not None:
        html, keys = entry
        surrogate_keys.record(*keys)
        return html
    with building() as built:
        html = render()
    if built.keepable:
        fragments.put(key, (html, built.keys))
    return html


class Built:
    keys: frozenset[str] = frozenset()
    queried = False

    @property
    def keepable(self) -> bool:
        """A row read during the rendering is not in the fragment's key: such a fragment is made afresh each time."""
        return not self.queried


@contextmanager
def building():
    """Around a fragment's rendering: collects the cache keys it records (recorded for the page too) and whether it
    had to query the database."""
    built = Built()

    def watch(execute, sql, params, many, context):
        built.queried = True
        return execute(sql, params, many, context)

    with surrogate_keys.collecting() as keys, connection.execute_wrapper(watch):
        yield built
    built.keys = frozenset(keys)
    surrogate_keys.record(*keys)


_FIELDS: dict[type, tuple[str, ...]] = {}


def row(instance) -> tuple | None:
    """Every concrete field of a model instance as loaded (a deferred field reads as absent, never as a query)."""
    if instance is None:
        return None
    model = type(instance)
    names = _FIELDS.get(model)
    if names is None:
        names = _FIELDS[model] = tuple(field.attname for field in model._meta.concrete_fields)
    return (model._meta.label, *map(instance.__dict__.get, names))


NOT_LOADED = "not loaded"


def related(instance, name: str):
    """The row of a forward relation as it is in hand (``select_related``), else ``NOT_LOADED``."""
    if name not in instance._state.fields_cache:
        return NOT_LOADED
    return row(instance._state.fields_cache[name])


def prefetched(instance, name: str, *, through: str = ""):
    """The rows of a prefetched relation (each with its ``through`` relation's row), else ``NOT_LOADED``."""
    cache = getattr(instance, "_prefetched_objects_cache", {})
    if name not in cache:
        return NOT_LOADED
    return tuple((row(item), related(item, through) if through else None) for item in cache[name])


def _forget(**kwargs) -> None:
    # Settings that a fragment's markup is made with (MEDIA_URL, time zone, URLs) change only in tests.
    for fragments in _ALL:
        fragments.clear()


setting_changed.connect(_forget)
