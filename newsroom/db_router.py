"""Reads from a PostgreSQL read replica where they may lag, everything else on the primary (``DATABASE_REPLICA_URL``).

The replica is a copy that may be a moment behind. Only what cannot tell the difference reads from it: anonymous
readers' page requests and the content API (GET and HEAD, no session cookie, not the desk), and then only the
content tables. Everything else is the primary's: every write; the desk and anyone logged in (a session cookie),
who must see what they just saved; any request once it has written; reads inside a transaction; the tables whose
rows are counters or claims that a reader writes and reads back (limits, the task queue, workers, the purge
outbox, sessions, logins); and whatever runs outside a request (workers, commands, migrations).

``ReplicaReadsMiddleware`` decides per request (early in MIDDLEWARE, before the page cache renders a miss);
``ReplicaRouter`` (DATABASE_ROUTERS) applies it. Without a ``replica`` alias the router sends everything to the
primary, so it is always installed.
"""

from __future__ import annotations

from contextvars import ContextVar

from django.conf import settings
from django.db import connections

PRIMARY = "default"
REPLICA = "replica"
# Apps whose rows a request writes and then reads back, or that hold claims: never read from a copy that lags.
PRIMARY_ONLY_APPS = frozenset(
    {"newsroom", "worker", "django_tasks_database", "pagecache", "sessions", "auth", "axes", "otp_totp",
     "otp_static", "two_factor", "admin", "contenttypes", "reversion"}
)  # fmt: skip
DESK_PREFIXES = ("/admin/", "/preview/")

_replica_reads: ContextVar[bool] = ContextVar("newsroom_replica_reads", default=False)


def replica_configured() -> bool:
    return REPLICA in connections.settings


def reading_connection():
    """The connection raw SQL should read from now (routers do not see ``connection.cursor()``): the replica where
    the router would send the ORM's reads, else the primary."""
    use_replica = _replica_reads.get() and replica_configured() and not connections[PRIMARY].in_atomic_block
    return connections[REPLICA if use_replica else PRIMARY]


def may_read_replica(request) -> bool:
    """Whether this request only reads what anyone may see a moment late: an anonymous reader's GET or HEAD."""
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path_info.startswith(DESK_PREFIXES)
    )


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if not _replica_reads.get() or model._meta.app_label in PRIMARY_ONLY_APPS or not replica_configured():
            return PRIMARY
        if connections[PRIMARY].in_atomic_block:  # reading inside a write's transaction
            return PRIMARY
        return REPLICA

    def db_for_write(self, model, **hints):
        _replica_reads.set(False)  # from its first write on, a request reads its own writes
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database, two copies of it

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA  # the replica follows the primary's schema by replication


class ReplicaReadsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _replica_reads.set(replica_configured() and may_read_replica(request))
        try:
            return self.get_response(request)
        finally:
            _replica_reads.reset(token)
