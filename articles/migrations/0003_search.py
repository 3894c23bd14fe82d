"""Full-text search: a stored, weighted search vector on PostgreSQL; an unused column on SQLite.

A trigger keeps the vector current on every INSERT and on any UPDATE that touches the headline,
standfirst or body (so ORM saves, bulk updates and raw SQL all stay in step). Weights: A headline,
B standfirst, C body text with its tags stripped. The GIN index exists only on PostgreSQL and is not
declared in Meta, so SQLite never sees it.

Online (newsroom/migrations_ops.py, docs/upgrading.md): not atomic, so on a live site the trigger is in place first
(stories saved meanwhile get their vector), existing stories are filled in batches that each commit, and the index
is built CONCURRENTLY: saves carry on throughout (one transaction and a plain CREATE INDEX held them for 43.7 s at
200,000 stories).
"""

import django.contrib.postgres.search
from django.db import migrations
from django.db.models import F

from newsroom.migrations_ops import backfill, create_index_concurrently

VECTOR = """
    setweight(to_tsvector('pg_catalog.english', coalesce({row}headline, '')), 'A') ||
    setweight(to_tsvector('pg_catalog.english', coalesce({row}standfirst, '')), 'B') ||
    setweight(to_tsvector('pg_catalog.english',
                          regexp_replace(coalesce({row}body, ''), '<[^>]+>', ' ', 'g')), 'C')
"""

FORWARDS = [
    f"""
    CREATE OR REPLACE FUNCTION articles_article_search_vector() RETURNS trigger AS $$
    BEGIN
        NEW.search_vector := {VECTOR.format(row="NEW.")};
        RETURN NEW;
    END
    $$ LANGUAGE plpgsql;
    """,
    # Again after a migrate that stopped half-way (not atomic): replace what it left.
    "DROP TRIGGER IF EXISTS articles_article_search_vector_update ON articles_article;",
    """
    CREATE TRIGGER articles_article_search_vector_update
    BEFORE INSERT OR UPDATE OF headline, standfirst, body ON articles_article
    FOR EACH ROW EXECUTE FUNCTION articles_article_search_vector();
    """,
]
INDEX = "article_search_vector_gin"

BACKWARDS = [
    "DROP INDEX IF EXISTS article_search_vector_gin;",
    "DROP TRIGGER IF EXISTS articles_article_search_vector_update ON articles_article;",
    "DROP FUNCTION IF EXISTS articles_article_search_vector();",
]


def _run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return apply


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    _run(FORWARDS)(apps, schema_editor)
    # The trigger computes the vector when the headline is written: rewrite it (unchanged) batch by batch.
    Article = apps.get_model("articles", "Article")
    backfill(
        Article,
        lambda rows: rows.update(headline=F("headline")),
        using=schema_editor.connection.alias,
        batch_size=500,  # a vector costs ~0.3 ms: a save waits at most on one batch's ~0.15 s of row locks
    )
    create_index_concurrently(
        schema_editor, INDEX, f"CREATE INDEX CONCURRENTLY {INDEX} ON articles_article USING gin (search_vector)"
    )


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("articles", "0002_roles")]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(forwards, _run(BACKWARDS)),
    ]
