"""Search finds tags and bylines, and filters through the vector: the story's search document on PostgreSQL.

``articles_search_document(...)`` is the one definition of a story's vector (the trigger, the link triggers, the
batched rebuild below and ``manage.py rebuild_search_index`` all call it):

- A headline; B standfirst, then the byline's names (authors in order, the agency), the regions' and the topics'
  names; C the body's text with its tags stripped (as 0003).
- Filter lexemes without positions: ``=s<section id>``, ``=a<author id>``, ``=t<topic id>`` and ``=r<region id>``
  for each region and every place above it (a search in Syria includes Idlib's stories). The text parser splits
  on "=", so no reader's words can ever produce one; filters are then one GIN condition with the words, not joins.

Kept current by the database itself, however a story is written (ORM saves, ``update()``, raw SQL, imports):

- a BEFORE trigger on the article (its text, agency or section changed);
- statement-level AFTER triggers on the author, region and topic links (each statement redoes its stories once);
- renaming an author, agency, region or topic, or moving a region, is followed by a task that redoes the stories
  carrying it in batches (``articles.search.indexing``), off the request.

Non-atomic: existing vectors are rebuilt in batches of ``BATCH`` stories, each its own short transaction, so a
live site keeps reading and writing while this runs (a row is locked only while its batch is written). ``manage.py rebuild_search_index`` does the same again whenever needed.
"""

from django.db import migrations, transaction

BATCH = 500  # a vector costs about 1 ms: a save waits at most on one batch's half second of row locks

DOCUMENT = """
CREATE OR REPLACE FUNCTION articles_search_document(
    article bigint, headline text, standfirst text, body text, source bigint, section bigint
) RETURNS tsvector LANGUAGE sql STABLE AS $$
    SELECT setweight(to_tsvector('pg_catalog.english', coalesce(headline, '')), 'A')
        || setweight(to_tsvector('pg_catalog.english', coalesce(standfirst, '')), 'B')
        || setweight(to_tsvector('pg_catalog.english', coalesce((
               SELECT string_agg(names.name, ' ' ORDER BY names.kind, names.position, names.name)
               FROM (
                   SELECT 1 AS kind, link.position, author.name
                   FROM articles_articleauthor link JOIN articles_author author ON author.id = link.author_id
                   WHERE link.article_id = article
                   UNION ALL
                   SELECT 2, 0, agency.name FROM articles_source agency WHERE agency.id = source
                   UNION ALL
                   SELECT 3, 0, region.name
                   FROM articles_taggedregion link JOIN articles_region region ON region.id = link.tag_id
                   WHERE link.content_object_id = article
                   UNION ALL
                   SELECT 4, 0, topic.name
                   FROM articles_taggedtopic link JOIN articles_topic topic ON topic.id = link.tag_id
                   WHERE link.content_object_id = article
               ) names), '')), 'B')
        || setweight(to_tsvector('pg_catalog.english',
                                 regexp_replace(coalesce(body, ''), '<[^>]+>', ' ', 'g')), 'C')
        || array_to_tsvector(ARRAY(
               SELECT '=s' || section WHERE section IS NOT NULL
               UNION
               SELECT '=a' || link.author_id FROM articles_articleauthor link WHERE link.article_id = article
               UNION
               SELECT '=t' || link.tag_id FROM articles_taggedtopic link WHERE link.content_object_id = article
               UNION
               SELECT '=r' || place
               FROM articles_taggedregion link
                   JOIN articles_region region ON region.id = link.tag_id,
                   unnest(string_to_array(trim(BOTH '/' FROM region.path), '/')) AS place
               WHERE link.content_object_id = article AND place <> ''
           ))
$$;
"""

ARTICLE_TRIGGER = """
CREATE OR REPLACE FUNCTION articles_article_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector := articles_search_document(
        NEW.id, NEW.headline, NEW.standfirst, NEW.body, NEW.source_id, NEW.section_id);
    RETURN NEW;
END
$$;
DROP TRIGGER IF EXISTS articles_article_search_vector_update ON articles_article;
CREATE TRIGGER articles_article_search_vector_update
BEFORE INSERT OR UPDATE OF headline, standfirst, body, source_id, section_id ON articles_article
FOR EACH ROW EXECUTE FUNCTION articles_article_search_vector();
"""

# Redo the stories a statement on a link table touched (TG_ARGV[0]: the link's story column), once per statement.
LINKS_FUNCTION = """
CREATE OR REPLACE FUNCTION articles_search_links_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    touched text;
BEGIN
    IF TG_OP = 'INSERT' THEN
        touched := format('SELECT %I FROM new_links', TG_ARGV[0]);
    ELSIF TG_OP = 'DELETE' THEN
        touched := format('SELECT %I FROM old_links', TG_ARGV[0]);
    ELSE
        touched := format('SELECT %1$I FROM new_links UNION SELECT %1$I FROM old_links', TG_ARGV[0]);
    END IF;
    EXECUTE 'UPDATE articles_article a SET search_vector = articles_search_document('
        || 'a.id, a.headline, a.standfirst, a.body, a.source_id, a.section_id) WHERE a.id IN (' || touched || ')';
    RETURN NULL;
END
$$;
"""

LINK_TABLES = {
    "articles_articleauthor": "article_id",
    "articles_taggedregion": "content_object_id",
    "articles_taggedtopic": "content_object_id",
}


def _link_triggers(table: str, column: str) -> list[str]:
    name = f"{table}_search"
    return [
        f"DROP TRIGGER IF EXISTS {name}_insert ON {table}",
        f"DROP TRIGGER IF EXISTS {name}_update ON {table}",
        f"DROP TRIGGER IF EXISTS {name}_delete ON {table}",
        f"CREATE TRIGGER {name}_insert AFTER INSERT ON {table} REFERENCING NEW TABLE AS new_links"
        f" FOR EACH STATEMENT EXECUTE FUNCTION articles_search_links_changed('{column}')",
        f"CREATE TRIGGER {name}_update AFTER UPDATE ON {table} REFERENCING NEW TABLE AS new_links"
        f" OLD TABLE AS old_links FOR EACH STATEMENT EXECUTE FUNCTION articles_search_links_changed('{column}')",
        f"CREATE TRIGGER {name}_delete AFTER DELETE ON {table} REFERENCING OLD TABLE AS old_links"
        f" FOR EACH STATEMENT EXECUTE FUNCTION articles_search_links_changed('{column}')",
    ]


# The vector is read for every story a search checks: kept in the row, not in TOAST (the body goes there
# instead), a walk over the newest stories reads 9,559 buffers where it read 58,483 (bench_search, phrase query).
# PostgreSQL compresses a tsvector by less than pglz's 25%, so it stays whole: rows up to 4 kB keep it.
STORAGE = """
ALTER TABLE articles_article ALTER COLUMN search_vector SET STORAGE MAIN;
ALTER TABLE articles_article SET (toast_tuple_target = 4080);
"""
DEFAULT_STORAGE = """
ALTER TABLE articles_article ALTER COLUMN search_vector SET STORAGE EXTENDED;
ALTER TABLE articles_article RESET (toast_tuple_target);
"""


def install(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    connection = schema_editor.connection
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        # No parameters: the functions' bodies hold format()'s %I, which a parameterised execute would read.
        for statement in [STORAGE, DOCUMENT, ARTICLE_TRIGGER, LINKS_FUNCTION]:
            cursor.execute(statement)
        for table, column in LINK_TABLES.items():
            for statement in _link_triggers(table, column):
                cursor.execute(statement)


def rebuild(apps, schema_editor):
    """Every existing story's vector, by primary-key ranges of ``BATCH`` stories, each committed on its own."""
    if schema_editor.connection.vendor != "postgresql":
        return
    connection = schema_editor.connection
    last = 0
    while True:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute(
                "SELECT max(id) FROM (SELECT id FROM articles_article WHERE id > %s ORDER BY id LIMIT %s) batch",
                [last, BATCH],
            )
            (upto,) = cursor.fetchone()
            if upto is None:
                return
            cursor.execute(
                "UPDATE articles_article a SET search_vector = articles_search_document("
                "a.id, a.headline, a.standfirst, a.body, a.source_id, a.section_id) WHERE a.id > %s AND a.id <= %s",
                [last, upto],
            )
        last = upto


# What 0003 installed, put back by a migration backwards.
TEXT_ONLY_TRIGGER = """
CREATE OR REPLACE FUNCTION articles_article_search_vector() RETURNS trigger AS $$
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector('pg_catalog.english', coalesce(NEW.headline, '')), 'A') ||
        setweight(to_tsvector('pg_catalog.english', coalesce(NEW.standfirst, '')), 'B') ||
        setweight(to_tsvector('pg_catalog.english',
                              regexp_replace(coalesce(NEW.body, ''), '<[^>]+>', ' ', 'g')), 'C');
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS articles_article_search_vector_update ON articles_article;
CREATE TRIGGER articles_article_search_vector_update
BEFORE INSERT OR UPDATE OF headline, standfirst, body ON articles_article
FOR EACH ROW EXECUTE FUNCTION articles_article_search_vector();
"""


def uninstall(apps, schema_editor):
    """Back to 0003's text-only trigger (vectors already written keep their names until the story is saved)."""
    if schema_editor.connection.vendor != "postgresql":
        return
    connection = schema_editor.connection
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        for table in LINK_TABLES:
            for event in ("insert", "update", "delete"):
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_search_{event} ON {table}")
        cursor.execute("DROP FUNCTION IF EXISTS articles_search_links_changed()")
        cursor.execute(TEXT_ONLY_TRIGGER)
        cursor.execute(DEFAULT_STORAGE)
        cursor.execute("DROP FUNCTION IF EXISTS articles_search_document(bigint, text, text, text, bigint, bigint)")


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("articles", "0015_timed_events")]

    operations = [
        migrations.RunPython(install, uninstall, elidable=False),
        migrations.RunPython(rebuild, migrations.RunPython.noop, elidable=False),
    ]
