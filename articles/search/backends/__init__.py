"""The search backend in use, from ``settings.SEARCH_BACKEND`` (a dotted path to a ``SearchBackend`` subclass).

Unset, the database's own: ``PostgresBackend`` on PostgreSQL (the default deployment), ``SqliteBackend`` on SQLite.
"""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.core.signals import setting_changed
from django.db import connection
from django.utils.module_loading import import_string

from articles.search.backends.base import Count, Criteria, Facets, Order, Results, SearchBackend

__all__ = ["Count", "Criteria", "Facets", "Order", "Results", "SearchBackend", "backend"]

DEFAULTS = {
    "postgresql": "articles.search.backends.postgres.PostgresBackend",
    "sqlite": "articles.search.backends.sqlite.SqliteBackend",
}


@cache
def backend() -> SearchBackend:
    path = getattr(settings, "SEARCH_BACKEND", "") or DEFAULTS.get(connection.vendor, DEFAULTS["sqlite"])
    return import_string(path)()


def _forget(*, setting, **kwargs):
    if setting in {"SEARCH_BACKEND", "DATABASES"}:
        backend.cache_clear()


setting_changed.connect(_forget, dispatch_uid="newsroom-search-backend")
