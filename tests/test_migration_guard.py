"""No new migration builds a plain (locking) index on the story or tag tables (docs/upgrading.md).

A plain CREATE INDEX blocks every write to its table until it is built: at 200,000 stories, 43.7 s of saves. New
migrations use ``newsroom.migrations_ops`` (AddIndexConcurrently, AddUniqueConstraintConcurrently, or
create_index_concurrently in SQL) in an ``atomic = False`` migration. The historic ones that still build indexes
the plain way are listed here with the reason it is harmless, so the list can only grow on purpose.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from django.contrib.postgres.operations import AddIndexConcurrently as PostgresAddIndexConcurrently
from django.db import migrations, models
from django.db.migrations.loader import MigrationLoader

from newsroom.migrations_ops import AddIndexConcurrently, AddUniqueConstraintConcurrently

# The story table, its through tables and the tag vocabularies: the tables a live site writes all day and that grow.
GUARDED = {
    ("articles", name)
    for name in ("article", "articleauthor", "articleimage", "region", "topic", "taggedregion", "taggedtopic")
}
GUARDED_TABLES = ("articles_article", "articles_articleauthor", "articles_articleimage", "articles_region")
GUARDED_TABLES += ("articles_topic", "articles_taggedregion", "articles_taggedtopic")
HISTORIC = {
    ("articles", "0001_initial"): "creates the tables, empty, on a new site",
    ("articles", "0011_tag_names_unique_regardless_of_case"): "the tag vocabularies: hundreds of rows, milliseconds",
}
_PLAIN_INDEX_SQL = re.compile(
    r"CREATE\s+(?:UNIQUE\s+)?INDEX\s+(?!CONCURRENTLY)(?:IF\s+NOT\s+EXISTS\s+)?\S+\s+ON\s+(\S+)", re.I
)
_CONCURRENT = (PostgresAddIndexConcurrently, AddUniqueConstraintConcurrently)


def _locking(app: str, operation) -> str:
    """What ``operation`` would lock on a guarded table, or ""."""
    model = (app, getattr(operation, "model_name_lower", "") or getattr(operation, "name_lower", ""))
    if isinstance(operation, _CONCURRENT):
        return ""
    if isinstance(operation, migrations.AddIndex) and model in GUARDED:
        return f"AddIndex {operation.index.name} on {model[1]}"
    unique = isinstance(getattr(operation, "constraint", None), models.UniqueConstraint)
    if isinstance(operation, migrations.AddConstraint) and unique and model in GUARDED:
        return f"AddConstraint {operation.constraint.name} (a unique index) on {model[1]}"
    if isinstance(operation, migrations.AddField | migrations.AlterField) and model in GUARDED:
        field = operation.field
        if field.db_index or field.unique or (field.is_relation and field.many_to_one and field.db_constraint):
            return f"{type(operation).__name__} {operation.name} with an index on {model[1]}"
    if isinstance(operation, migrations.CreateModel) and model in GUARDED:
        return f"CreateModel {operation.name} (its indexes)"
    if isinstance(operation, migrations.RunSQL):
        for statement in operation.sql if isinstance(operation.sql, list | tuple) else [operation.sql]:
            for table in _PLAIN_INDEX_SQL.findall(str(statement)):
                if table.strip('"') in GUARDED_TABLES:
                    return f"RunSQL: a plain CREATE INDEX on {table}"
    return ""


def _sql_in_source(module) -> list[str]:
    """Plain CREATE INDEX statements on guarded tables written anywhere in a migration's file (RunPython's SQL)."""
    source = Path(module.__file__).read_text(encoding="utf-8")
    return [
        f"SQL: a plain CREATE INDEX on {table}"
        for table in _PLAIN_INDEX_SQL.findall(source)
        if table.strip('"') in GUARDED_TABLES
    ]


def _findings() -> dict[tuple[str, str], list[str]]:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    found = {}
    for (app, name), migration in sorted(loader.disk_migrations.items()):
        problems = [problem for operation in migration.operations if (problem := _locking(app, operation))]
        problems += _sql_in_source(sys.modules[type(migration).__module__])
        if problems:
            found[app, name] = problems
    return found


def test_no_new_migration_builds_a_plain_index_on_the_story_or_tag_tables():
    found = _findings()
    new = {key: problems for key, problems in found.items() if key not in HISTORIC}
    assert new == {}, (
        "These migrations would lock a live site's story or tag tables while an index builds; use "
        "newsroom.migrations_ops.AddIndexConcurrently / AddUniqueConstraintConcurrently (atomic = False), "
        f"see docs/upgrading.md:\n{new}"
    )


def test_the_allow_list_names_only_migrations_that_still_need_it():
    """A historic migration rewritten to build concurrently leaves the list, so it cannot hide a later change."""
    assert set(HISTORIC) <= set(_findings())


def test_migrations_that_build_concurrently_are_not_atomic():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    atomic = [
        key
        for key, migration in loader.disk_migrations.items()
        if migration.atomic and any(isinstance(operation, _CONCURRENT) for operation in migration.operations)
    ]
    assert atomic == [], f"CONCURRENTLY cannot run in a transaction: set atomic = False on {atomic}"


def test_the_guard_sees_a_plain_index_on_the_story_table():
    """The guard itself: a plain AddIndex, a plain SQL index and a new foreign key on a guarded table are caught;
    the concurrent operation is not."""
    plain = migrations.AddIndex("article", models.Index(fields=["headline"], name="article_headline"))
    concurrent = AddIndexConcurrently("article", models.Index(fields=["headline"], name="article_headline"))
    sql = migrations.RunSQL("CREATE INDEX article_x ON articles_article (headline)")
    fk = migrations.AddField("article", "owner", models.ForeignKey("auth.User", models.CASCADE))

    assert _locking("articles", plain) and _locking("articles", sql) and _locking("articles", fk)
    assert _locking("articles", concurrent) == ""
    assert _locking("ingest", plain) == ""
