"""Full-text search: a stored, weighted search vector on PostgreSQL; an unused column on SQLite.

A trigger keeps the vector current on every INSERT and on any UPDATE that touches the headline,
standfirst or body (so ORM saves, bulk updates and raw SQL all stay in step). Weights: A headline,
B standfirst, C body text with its tags stripped. The GIN index exists only on PostgreSQL and is not
declared in Meta, so SQLite never sees it.
"""

import django.contrib.postgres.search
from django.db import migrations

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
    """
    CREATE TRIGGER articles_article_search_vector_update
    BEFORE INSERT OR UPDATE OF headline, standfirst, body ON articles_article
    FOR EACH ROW EXECUTE FUNCTION articles_article_search_vector();
    """,
    f"UPDATE articles_article SET search_vector = {VECTOR.format(row='')};",
    "CREATE INDEX article_search_vector_gin ON articles_article USING gin (search_vector);",
]

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


class Migration(migrations.Migration):
    dependencies = [("articles", "0002_roles")]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(_run(FORWARDS), _run(BACKWARDS)),
    ]
