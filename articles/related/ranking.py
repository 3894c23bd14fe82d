"""Related stories: the editor's pinned picks first, then the published stories most like this one.

Score of a candidate (settings.RELATED_STORIES holds every weight)::

    (sum over shared tags of kind_weight × specificity  +  SAME_SECTION_BONUS if same section)
    / (1 + days between the two publish times / HALF_LIFE_DAYS)

- specificity = ln(1 + N / (1 + stories carrying the tag)), N = the most-used tag's count (a stand-in for the
  archive that never counts it): "Idlib" outweighs "World".
- kind_weight: TOPIC_WEIGHT, EXACT_REGION_WEIGHT, or TREE_REGION_WEIGHT when the region is shared through the
  tree (the candidate carries a parent or a child of this story's region). A tree match is weighed by the more
  general of the two regions, since that is what the stories have in common (Idlib ~ Syria share "Syria").
- The time decay halves the score at HALF_LIFE_DAYS but keeps a long tail, so a very specific match from last
  month can still beat a generic one from yesterday; a 2019 story's related stories are its contemporaries.
- Ties: publish time, then id, both descending, so the order never depends on the plan.

Scale (1M stories, 5M tag links): on PostgreSQL the whole uncached lookup is ONE query of a fixed shape, whatever
the archive size or the number of tags (``related_query``), a chain of CTEs:
1. ``pinned``: the editor's picks that are public, in their order;
2. ``tags``: this story's tags and their tree relatives (own regions, then the nearest parents/children,
   MAX_REGIONS in all), weighed from their stored counts;
3. ``hits``: for each tag (a LATERAL join over ``tags``), the PER_TAG_CANDIDATES stories published just before
   and just after this one (within WINDOW_DAYS), read from the (tag, published_at, story) index on the through
   table, which carries a denormalised publish time (see ``articles.related.index``). So the rows scored are
   bounded by tags × 2 × PER_TAG_CANDIDATES, however many stories "World" has;
4. ``shortlist``: the candidates scored on the through rows alone (tags and time), SHORTLIST_PER_PLACE per place;
5. ``ranked``: only the shortlist is looked up in the article table, to re-check that it is public and add the
   section bonus (at a million stories, a lookup per candidate, ~1,000, was most of the query's time);
6. ``filler``: the latest stories in the same section, read only when the first two parts leave places empty.
No candidate reaches Python; one round trip, and the plan does not grow with the number of tags.
An approximation worth knowing: a story far in time from this one counts only for the specific tags under whose
per-tag cut it falls; with the decay it would rank low anyway.

SQLite (no LATERAL) runs the ``tags`` part on its own first, then the same query with one UNION ALL branch per
tag in place of the LATERAL join: two queries, the same rules.

The chosen ids are cached per story under the generation kept by ``articles.related.index`` (plus CACHE_SECONDS,
which is also what lets a scheduled story appear once its time comes); the articles themselves are always loaded
fresh through ``Article.objects.published().for_listing()``, so a withdrawn story never shows, even from the cache.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection
from django.utils import timezone

from articles.models import (
    Article,
    PinnedRelation,
    Region,
    TaggedRegion,
    TaggedTopic,
    Topic,
    published_sql,
    published_sql_params,
)
from articles.related.index import related_generation
from newsroom.shared_cache import cache_get, cache_set

ARCHIVE_SIZE_KEY = "related:archive-size"
# Candidates per place shown that reach the second stage (public re-check, section bonus).
SHORTLIST_PER_PLACE = 8

_TABLES = {
    "article": Article._meta.db_table,
    "pinned": PinnedRelation._meta.db_table,
    "region": Region._meta.db_table,
    "tagged_region": TaggedRegion._meta.db_table,
    "topic": Topic._meta.db_table,
    "tagged_topic": TaggedTopic._meta.db_table,
}
_SPECIFICITY = "LN(1 + CAST(%(archive_size)s AS DOUBLE PRECISION) / (1 + {count}))"

# The regions r related through the tree to one of the story's regions o: o itself, its ancestors (their paths
# are prefixes of o's) and its descendants (o's path is a prefix of theirs). On PostgreSQL both read an index:
# the ancestors by the ids spelled in o's path, the descendants from the path's pattern-ops (byte order) index
# over [o.path, o.path with its last "/" raised to "0"), which holds exactly the paths that start with o.path
# since paths are digits and slashes. So the cost does not grow with the number of regions (1,900 regions:
# 0.8 ms → 0.05 ms). SQLite compares every region's path.
_RELATIVES = {
    "postgresql": "r.id = ANY(CAST(string_to_array(TRIM(BOTH '/' FROM o.path), '/') AS BIGINT[]))"
    " OR (r.path ~>=~ o.path AND r.path ~<~ (RTRIM(o.path, '/') || '0'))",
    "sqlite": "r.path LIKE o.path || '%%' OR o.path LIKE r.path || '%%'",
}

# (vocab, tag_id, weight) of this story's tags. Own regions sort first (depth distance 0), then parents and
# children, nearest and most used first; a region reached twice keeps its best weight (which also decides
# which of its two rows a MAX_REGIONS cut keeps, so that does not depend on the plan).
_TAGS_TEMPLATE = """
    region_links AS (
        SELECT r.id AS tag_id, CASE
            WHEN r.id = o.id THEN %(exact_weight)s * {r_specificity}
            WHEN o.path LIKE r.path || '%%' THEN %(tree_weight)s * {r_specificity}
            ELSE %(tree_weight)s * {o_specificity} END AS weight
        FROM {tagged_region} own
        JOIN {region} o ON o.id = own.tag_id AND o.path <> ''
        JOIN {region} r ON {relatives}
        WHERE own.content_object_id = %(article)s
        ORDER BY ABS(r.depth - o.depth), r.article_count DESC, r.id, weight DESC
        LIMIT %(max_regions)s
    ),
    tags AS (
        SELECT 'r' AS vocab, tag_id, MAX(weight) AS weight FROM region_links GROUP BY tag_id
        UNION ALL
        SELECT 't', t.id, MAX(%(topic_weight)s * {t_specificity})
        FROM {tagged_topic} own JOIN {topic} t ON t.id = own.tag_id
        WHERE own.content_object_id = %(article)s
        GROUP BY t.id
    )"""
_TAGS = {
    vendor: _TAGS_TEMPLATE.format(
        relatives=relatives,
        r_specificity=_SPECIFICITY.format(count="r.article_count"),
        o_specificity=_SPECIFICITY.format(count="o.article_count"),
        t_specificity=_SPECIFICITY.format(count="t.article_count"),
        **_TABLES,
    )
    for vendor, relatives in _RELATIVES.items()
}

# One side of this story's publish time: (lower bound param, upper bound param, order), nearest first.
_SIDES = (("window_start", "anchor", "DESC"), ("anchor", "window_end", "ASC"))
_VOCABULARIES = (("r", _TABLES["tagged_region"]), ("t", _TABLES["tagged_topic"]))

# PostgreSQL: each tag's stories near in time, through a LATERAL join, so the SQL is the same for any tag set.
_LATERAL_BRANCH = """
        SELECT c.id, c.published_at, t.weight FROM tags t CROSS JOIN LATERAL (
            SELECT x.content_object_id AS id, x.published_at FROM {table} x
            WHERE x.tag_id = t.tag_id AND x.published_at > %({start})s AND x.published_at <= %({end})s
            ORDER BY x.published_at {order} LIMIT %(per_tag)s
        ) AS c
        WHERE t.vocab = '{vocab}'"""

# SQLite: the same, one branch per known tag and side. Table and direction are fixed identifiers.
_UNION_BRANCH = """
        SELECT * FROM (
            SELECT content_object_id AS id, published_at, CAST(%(weight_{n})s AS DOUBLE PRECISION) AS weight
            FROM {table} WHERE tag_id = %(tag_{n})s AND published_at > %({start})s AND published_at <= %({end})s
            ORDER BY published_at {order} LIMIT %(per_tag)s
        ) AS b{n}_{side}"""
_NO_HITS = "SELECT 0 AS id, NULL AS published_at, 0.0 AS weight WHERE 1 = 0"

_DAYS_APART = {
    "postgresql": "ABS(EXTRACT(EPOCH FROM ({column} - CAST(%(anchor)s AS TIMESTAMP WITH TIME ZONE)))) / 86400.0",
    "sqlite": "ABS(julianday({column}) - julianday(%(anchor)s))",
}

# The filler's gate holds no column, so it is checked once, before its index scan (a one-time filter).
# CROSS JOIN … WHERE makes SQLite read the pins and the shortlist first, then the article table by primary key
# (left alone it may walk the published-articles index instead); PostgreSQL plans them as the inner joins they are.
_RELATED = """
    WITH pinned AS (
        SELECT p.to_article_id AS id, p.position, p.id AS pin_id
        FROM {pinned} p CROSS JOIN {article} a
        WHERE a.id = p.to_article_id AND p.from_article_id = %(article)s AND p.to_article_id <> %(article)s
          AND {published_a}
        ORDER BY p.position, p.id
        LIMIT %(limit)s
    ),
    {hits},
    shortlist AS (
        SELECT h.id, SUM(h.weight) AS tag_score FROM hits h
        WHERE h.id <> %(article)s AND h.id NOT IN (SELECT id FROM pinned)
        GROUP BY h.id
        ORDER BY SUM(h.weight) / (1 + {hit_days} / %(half_life)s) DESC, MAX(h.published_at) DESC, h.id DESC
        LIMIT %(shortlist)s
    ),
    ranked AS (
        SELECT a.id, a.published_at, ROUND(CAST(
            (s.tag_score + CASE WHEN a.section_id = %(section)s THEN CAST(%(section_bonus)s AS DOUBLE PRECISION)
                                ELSE 0 END)
            / (1 + {article_days} / %(half_life)s) AS NUMERIC), 9) AS score
        FROM shortlist s CROSS JOIN {article} a
        WHERE a.id = s.id AND {published_a}
        ORDER BY score DESC, a.published_at DESC, a.id DESC
        LIMIT %(limit)s
    ),
    filler AS (
        SELECT a.id, a.published_at FROM {article} a
        WHERE (SELECT COUNT(*) FROM pinned) + (SELECT COUNT(*) FROM ranked) < %(limit)s
          AND a.section_id = %(section)s AND {published_a}
          AND a.id <> %(article)s AND a.id NOT IN (SELECT id FROM pinned) AND a.id NOT IN (SELECT id FROM ranked)
        ORDER BY a.published_at DESC, a.id DESC
        LIMIT %(limit)s
    )
    SELECT id FROM (
        SELECT 1 AS part, ROW_NUMBER() OVER (ORDER BY position, pin_id) AS place, id FROM pinned
        UNION ALL
        SELECT 2, ROW_NUMBER() OVER (ORDER BY score DESC, published_at DESC, id DESC), id FROM ranked
        UNION ALL
        SELECT 3, ROW_NUMBER() OVER (ORDER BY published_at DESC, id DESC), id FROM filler
    ) AS chosen
    ORDER BY part, place
    LIMIT %(limit)s
"""


def related_articles(article: Article, *, limit: int | None = None, bylines: bool = True) -> list[Article]:
    """The published stories to show beside ``article``, in order, loaded for story cards (without their authors
    when ``bylines`` is off: the article page's compact cards show none, and the prefetch would be a wasted query)."""
    conf = settings.RELATED_STORIES
    limit = limit or conf["LIMIT"]
    key = f"related:{related_generation()}:{article.pk}:{limit}"
    ids = cache_get(key)
    if ids is None:
        ids = related_ids(article, limit=limit)
        cache_set(key, ids, conf["CACHE_SECONDS"])
    stories = Article.objects.published().for_listing()
    by_id = (stories if bylines else stories.prefetch_related(None)).in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id]


def related_ids(article: Article, *, limit: int) -> list[int]:
    """Pinned, then ranked, then the section's latest: ids only, uncached."""
    sql, params = related_query(article, limit=limit)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [pk for (pk,) in cursor.fetchall()]


def related_query(article: Article, *, limit: int) -> tuple[str, dict]:
    """The query behind ``related_ids`` and its parameters (on SQLite, after reading the story's tags)."""
    params = _parameters(article, limit)
    if connection.vendor == "postgresql":
        lateral = [
            _LATERAL_BRANCH.format(table=table, vocab=vocab, start=start, end=end, order=order)
            for vocab, table in _VOCABULARIES
            for start, end, order in _SIDES
        ]
        hits = f"{_TAGS[connection.vendor]},\n    hits AS ({' UNION ALL '.join(lateral)})"
    else:
        branches, tag_params = _union_hits(article, params)
        hits = f"hits AS ({branches})"
        params |= tag_params
    days = _DAYS_APART[connection.vendor]
    sql = _RELATED.format(
        published_a=published_sql("a"),
        hits=hits,
        hit_days=days.format(column="MAX(h.published_at)"),
        article_days=days.format(column="a.published_at"),
        **_TABLES,
    )
    return sql, params


def weighted_tags(article: Article, *, params: dict | None = None) -> list[tuple[str, int, float]]:
    """(vocabulary "r" or "t", tag id, weight) for this story's tags and its regions' relatives in the tree: the
    ``tags`` part of the query on its own (what SQLite runs first; also what a test or a curious editor reads)."""
    params = params or _parameters(article, settings.RELATED_STORIES["LIMIT"])
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH {_TAGS[connection.vendor]} SELECT vocab, tag_id, weight FROM tags ORDER BY vocab, tag_id", params
        )
        return [(vocab, tag_id, float(weight)) for vocab, tag_id, weight in cursor.fetchall()]


def _union_hits(article: Article, params: dict) -> tuple[str, dict]:
    """The ``hits`` part spelled out as one branch per tag and side (for databases without LATERAL)."""
    tables = dict(_VOCABULARIES)
    branches, tag_params = [], {}
    for n, (vocab, tag_id, weight) in enumerate(weighted_tags(article, params=params)):
        tag_params |= {f"tag_{n}": tag_id, f"weight_{n}": weight}
        branches += [
            _UNION_BRANCH.format(n=n, side=side, table=tables[vocab], start=start, end=end, order=order)
            for side, (start, end, order) in enumerate(_SIDES)
        ]
    return " UNION ALL ".join(branches) or _NO_HITS, tag_params


def _parameters(article: Article, limit: int) -> dict:
    conf = settings.RELATED_STORIES
    now = timezone.now()
    anchor = min(article.published_at or now, now)
    window = timedelta(days=conf["WINDOW_DAYS"])
    return {
        "article": article.pk,
        "section": article.section_id,
        **published_sql_params(_db_time(now)),
        "anchor": _db_time(anchor),
        "window_start": _db_time(anchor - window),
        "window_end": _db_time(min(anchor + window, now)),
        "limit": limit,
        "shortlist": limit * SHORTLIST_PER_PLACE,
        "per_tag": conf["PER_TAG_CANDIDATES"],
        "max_regions": conf["MAX_REGIONS"],
        "archive_size": archive_size(),
        "exact_weight": float(conf["EXACT_REGION_WEIGHT"]),
        "tree_weight": float(conf["TREE_REGION_WEIGHT"]),
        "topic_weight": float(conf["TOPIC_WEIGHT"]),
        "section_bonus": float(conf["SAME_SECTION_BONUS"]),
        "half_life": conf["HALF_LIFE_DAYS"],
    }


def archive_size() -> int:
    """A stand-in for the size of the published archive, for the specificity weight.

    The most-used tag (a continent, a big topic) sits on a large share of all stories, so its count scales
    like the archive while reading only the tag tables (hundreds of rows), never the article table, which a
    request must not scan. Refreshed at most once an hour.
    """
    size = cache_get(ARCHIVE_SIZE_KEY)
    if size is None:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT MAX(n) FROM (SELECT MAX(article_count) AS n FROM {Region._meta.db_table} "
                f"UNION ALL SELECT MAX(article_count) FROM {Topic._meta.db_table}) AS largest"
            )
            size = cursor.fetchone()[0] or 0
        cache_set(ARCHIVE_SIZE_KEY, size, 3600)
    return size


def _db_time(value: datetime):
    return connection.ops.adapt_datetimefield_value(value)
