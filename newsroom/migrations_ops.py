"""Migrations that never lock a live site (docs/upgrading.md): indexes built CONCURRENTLY on PostgreSQL, and data
filled in batches that each commit, so readers and editors carry on while ``migrate`` runs.

A plain ``CREATE INDEX`` holds a lock that blocks every write to the table until the index is built (43.7 s for the
search index at 200,000 stories), and one ``UPDATE`` over a table holds each row it touched until the whole
migration commits (85 s for a 50,000-row backfill). Here:

- ``AddIndexConcurrently`` / ``RemoveIndexConcurrently``: Django's PostgreSQL operations, plain on SQLite (which
  has no concurrent build, and one writer anyway). An index left INVALID by a build that failed half-way is
  dropped and built again, and one that already exists valid is kept, so a ``migrate`` that stopped can be run
  again. The migration must say ``atomic = False``.
- ``AddUniqueConstraintConcurrently``: a unique constraint whose index is built concurrently first.
- ``create_index_concurrently(schema_editor, name, sql)``: the same for an index written in SQL (a GIN index).
- ``backfill(model, update, using=...)``: ``update`` applied to primary-key ranges of ``BATCH`` rows, each in a
  transaction of its own (from ``RunPython`` in an ``atomic = False`` migration).

``tests/test_migration_guard.py`` fails when a new migration adds a plain index to a story or tag table.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

from django.contrib.postgres.operations import AddIndexConcurrently as PostgresAddIndexConcurrently
from django.contrib.postgres.operations import RemoveIndexConcurrently as PostgresRemoveIndexConcurrently
from django.db import migrations, transaction
from django.db.models import QuerySet

BATCH = 1000  # rows one backfill transaction touches: a write to one of them waits on that batch alone


def _postgres(schema_editor) -> bool:
    return schema_editor.connection.vendor == "postgresql"


def index_state(schema_editor, name: str) -> str:
    """ "valid", "invalid" (a concurrent build that failed half-way) or "" (no such index), on PostgreSQL."""
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "WHERE c.relname = %s AND pg_catalog.pg_table_is_visible(c.oid)",
            [name],
        )
        row = cursor.fetchone()
    if row is None:
        return ""
    return "valid" if row[0] else "invalid"


def create_index_concurrently(schema_editor, name: str, sql: str) -> None:
    """Run ``sql`` (a ``CREATE [UNIQUE] INDEX CONCURRENTLY name …``) unless a valid index of that name exists;
    an invalid leftover is dropped first."""
    state = index_state(schema_editor, name)
    if state == "valid":
        return
    if state == "invalid":
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {schema_editor.quote_name(name)}")
    schema_editor.execute(sql)


class AddIndexConcurrently(PostgresAddIndexConcurrently):
    """``CREATE INDEX CONCURRENTLY`` on PostgreSQL (writes carry on while it builds); ``AddIndex`` elsewhere."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if not _postgres(schema_editor):
            return migrations.AddIndex.database_forwards(self, app_label, schema_editor, from_state, to_state)
        self._ensure_not_in_transaction(schema_editor)
        model = to_state.apps.get_model(app_label, self.model_name)
        if not self.allow_migrate_model(schema_editor.connection.alias, model):
            return None
        state = index_state(schema_editor, self.index.name)
        if state == "valid":
            return None
        if state == "invalid":
            schema_editor.remove_index(model, self.index, concurrently=True)
        schema_editor.add_index(model, self.index, concurrently=True)
        return None

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if not _postgres(schema_editor):
            return migrations.AddIndex.database_backwards(self, app_label, schema_editor, from_state, to_state)
        return super().database_backwards(app_label, schema_editor, from_state, to_state)


class RemoveIndexConcurrently(PostgresRemoveIndexConcurrently):
    """``DROP INDEX CONCURRENTLY`` on PostgreSQL; ``RemoveIndex`` elsewhere."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if not _postgres(schema_editor):
            return migrations.RemoveIndex.database_forwards(self, app_label, schema_editor, from_state, to_state)
        return super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if not _postgres(schema_editor):
            return migrations.RemoveIndex.database_backwards(self, app_label, schema_editor, from_state, to_state)
        return super().database_backwards(app_label, schema_editor, from_state, to_state)


class AddUniqueConstraintConcurrently(migrations.AddConstraint):
    """A ``UniqueConstraint`` whose index PostgreSQL builds concurrently: as a unique index when the constraint
    has a condition or expressions (that is how PostgreSQL keeps those), else attached with ``USING INDEX``.
    ``AddConstraint`` elsewhere. The migration must say ``atomic = False``."""

    atomic = False

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if not _postgres(schema_editor):
            return super().database_forwards(app_label, schema_editor, from_state, to_state)
        if schema_editor.connection.in_atomic_block:
            raise RuntimeError(f"{type(self).__name__} needs atomic = False on its migration")
        model = to_state.apps.get_model(app_label, self.model_name)
        if not self.allow_migrate_model(schema_editor.connection.alias, model):
            return None
        constraint = self.constraint
        statement = str(constraint.create_sql(model, schema_editor))
        name = schema_editor.quote_name(constraint.name)
        table = schema_editor.quote_name(model._meta.db_table)
        if statement.startswith("CREATE UNIQUE INDEX"):
            sql = statement.replace("CREATE UNIQUE INDEX", "CREATE UNIQUE INDEX CONCURRENTLY", 1)
            create_index_concurrently(schema_editor, constraint.name, sql)
            return None
        columns = ", ".join(schema_editor.quote_name(model._meta.get_field(f).column) for f in constraint.fields)
        create_index_concurrently(
            schema_editor, constraint.name, f"CREATE UNIQUE INDEX CONCURRENTLY {name} ON {table} ({columns})"
        )
        schema_editor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {name} UNIQUE USING INDEX {name}")
        return None


def key_ranges(queryset: QuerySet, *, batch_size: int = BATCH) -> Iterator[tuple[int, int]]:
    """(first, last) primary keys of consecutive batches of at most ``batch_size`` rows, in order."""
    last = None
    while True:
        page = queryset.order_by("pk")
        if last is not None:
            page = page.filter(pk__gt=last)
        keys = list(page.values_list("pk", flat=True)[:batch_size])
        if not keys:
            return
        yield keys[0], keys[-1]
        last = keys[-1]


def backfill(
    model,
    update: Callable[[QuerySet], object],
    *,
    using: str,
    batch_size: int = BATCH,
    pause: float = 0.0,
    queryset: QuerySet | None = None,
) -> int:
    """``update(rows)`` for each batch of ``model``'s rows (or ``queryset``'s), each batch in its own transaction;
    ``pause`` seconds between batches lets replicas keep up. The batches done."""
    rows = (queryset if queryset is not None else model._default_manager.all()).using(using)
    done = 0
    for first, last in key_ranges(rows, batch_size=batch_size):
        with transaction.atomic(using=using):
            update(rows.filter(pk__gte=first, pk__lte=last))
        done += 1
        if pause:
            time.sleep(pause)
    return done
