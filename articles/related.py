"""Related stories: the editor's pinned picks first, then the published stories most like this one.

Score of a candidate (settings.RELATED_STORIES holds every weight)::

    (sum over shared tags of kind_weight × specificity  +  SAME_SECTION_BONUS if same section)
    / (1 + days between the two publish times / HALF_LIFE_DAYS)

- specificity = ln(1 + N / (1 + stories carrying the tag)), N = published stories: "Idlib" outweighs "World".
- kind_weight: TOPIC_WEIGHT, EXACT_REGION_WEIGHT, or TREE_REGION_WEIGHT when the region is shared through the
  tree (the candidate carries a parent or a child of this story's region). A tree match is weighed by the more
  general of the two regions, since that is what the stories have in common (Idlib ~ Syria share "Syria").
- The time decay halves the score at HALF_LIFE_DAYS but keeps a long tail, so a very specific match from last
  month can still beat a generic one from yesterday; a 2019 story's related stories are its contemporaries.
- Ties: publish time, then id, both descending, so the order never depends on the plan.

Scale (1M stories, 5M tag links): the automatic part is two small queries whatever the archive size:
1. this story's tags and their tree relatives (own regions, then the nearest parents/children, MAX_REGIONS in
   all) with their stored counts;
2. the ranking: for each tag, the PER_TAG_CANDIDATES stories published just before and just after this one
   (within WINDOW_DAYS), read from the (tag, published_at, story) index on the through table, which carries a
   denormalised publish time (see ``articles.related_index``). So the rows scored are bounded by
   tags × 2 × PER_TAG_CANDIDATES, however many stories "World" has. The branches are plain UNION ALL
   subqueries with ORDER BY/LIMIT, the same SQL on PostgreSQL and SQLite (only the day arithmetic differs).
   Candidates are joined to the article table once each to re-check that they are public and score the section.
   An approximation worth knowing: a story far in time from this one counts only for the specific tags under
   whose per-tag cut it falls; with the decay it would rank low anyway.

Then fewer than ``limit`` → the latest stories in the same section fill the list. The chosen ids are cached per
story under the generation kept by ``articles.related_index`` (plus CACHE_SECONDS, which is also what lets a
scheduled story appear once its time comes); the articles themselves are always loaded fresh through
``Article.objects.published().for_listing()``, so a withdrawn story never shows, even from the cache.
"""

import math
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from articles.models import Article, PinnedRelation, Region, Status, TaggedRegion, TaggedTopic, Topic
from articles.related_index import related_generation

ARCHIVE_SIZE_KEY = "related:archive-size"
# Candidates per place shown that reach the second stage (public re-check, section bonus); see ranking_sql.
SHORTLIST_PER_PLACE = 8

# One shared tag's stories on one side of this story's publish time, nearest first, from the through table's
# (tag, published_at, story) index. Table and direction are fixed identifiers; values are parameters.
_BRANCH = (
    "SELECT * FROM (SELECT content_object_id AS id, published_at, CAST(%s AS DOUBLE PRECISION) AS weight FROM {table}"
    " WHERE tag_id = %s AND published_at > %s AND published_at <= %s ORDER BY published_at {order} LIMIT %s)"
    " AS {alias}"
)
_DAYS_APART = {
    "postgresql": "ABS(EXTRACT(EPOCH FROM ({column} - CAST(%s AS TIMESTAMP WITH TIME ZONE)))) / 86400.0",
    "sqlite": "ABS(julianday({column}) - julianday(%s))",
}


def related_articles(article: Article, *, limit: int | None = None) -> list[Article]:
    """The published stories to show beside ``article``, in order, loaded for story cards."""
    conf = settings.RELATED_STORIES
    limit = limit or conf["LIMIT"]
    key = f"related:{related_generation()}:{article.pk}:{limit}"
    ids = cache.get(key)
    if ids is None:
        ids = related_ids(article, limit=limit)
        cache.set(key, ids, conf["CACHE_SECONDS"])
    by_id = Article.objects.published().for_listing().in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id]


def related_ids(article: Article, *, limit: int) -> list[int]:
    """Pinned, then ranked, then the section's latest: ids only, uncached."""
    public = Article.objects.published()
    chosen = list(
        PinnedRelation.objects.filter(from_article=article, to_article__in=public)
        .exclude(to_article=article)
        .order_by("position", "id")
        .values_list("to_article_id", flat=True)[:limit]
    )
    if len(chosen) < limit:
        chosen += ranked_ids(article, limit=limit - len(chosen), exclude=[article.pk, *chosen])
    if len(chosen) < limit and article.section_id:
        chosen += list(
            public.filter(section_id=article.section_id)
            .exclude(pk__in=[article.pk, *chosen])
            .latest_first()
            .values_list("pk", flat=True)[: limit - len(chosen)]
        )
    return chosen


def ranked_ids(article: Article, *, limit: int, exclude: list[int]) -> list[int]:
    tags = weighted_tags(article)
    if not tags:
        return []
    sql, params = ranking_sql(article, tags, limit=limit, exclude=exclude)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def weighted_tags(article: Article) -> list[tuple[str, int, float]]:
    """(through table, tag id, weight) for this story's tags and its regions' nearest relatives in the tree."""
    conf = settings.RELATED_STORIES
    size = archive_size()

    def specificity(count: int) -> float:
        return math.log(1 + size / (1 + count))

    weights: dict[tuple[str, int], float] = {}
    for kind, tag_id, relation, count, own_count in _tag_rows(article, conf["MAX_REGIONS"]):
        if kind == "t":
            key, weight = (TaggedTopic._meta.db_table, tag_id), conf["TOPIC_WEIGHT"] * specificity(count)
        elif relation == "exact":
            key, weight = (TaggedRegion._meta.db_table, tag_id), conf["EXACT_REGION_WEIGHT"] * specificity(count)
        else:
            general = count if relation == "ancestor" else own_count
            key, weight = (TaggedRegion._meta.db_table, tag_id), conf["TREE_REGION_WEIGHT"] * specificity(general)
        weights[key] = max(weight, weights.get(key, 0.0))
    return [(table, tag_id, weight) for (table, tag_id), weight in sorted(weights.items())]


def _tag_rows(article: Article, max_regions: int):
    # Own regions sort first (depth distance 0), then parents and children, nearest and most used first.
    region, tagged_region = Region._meta.db_table, TaggedRegion._meta.db_table
    topic, tagged_topic = Topic._meta.db_table, TaggedTopic._meta.db_table
    sql = f"""
        SELECT * FROM (
            SELECT 'r' AS kind, r.id AS tag_id,
                   CASE WHEN r.id = o.id THEN 'exact' WHEN o.path LIKE r.path || '%%' THEN 'ancestor'
                        ELSE 'descendant' END AS relation,
                   r.article_count AS tag_count, o.article_count AS own_count
            FROM {tagged_region} own
            JOIN {region} o ON o.id = own.tag_id AND o.path <> ''
            JOIN {region} r ON r.path LIKE o.path || '%%' OR o.path LIKE r.path || '%%'
            WHERE own.content_object_id = %s
            ORDER BY ABS(r.depth - o.depth), r.article_count DESC, r.id
            LIMIT %s
        ) AS regions
        UNION ALL
        SELECT 't', t.id, 'exact', t.article_count, t.article_count
        FROM {tagged_topic} own JOIN {topic} t ON t.id = own.tag_id
        WHERE own.content_object_id = %s
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [article.pk, max_regions, article.pk])
        return cursor.fetchall()


def archive_size() -> int:
    """Published stories, for the specificity weight; counted at most once an hour."""
    size = cache.get(ARCHIVE_SIZE_KEY)
    if size is None:
        size = Article.objects.filter(status=Status.PUBLISHED).count()
        cache.set(ARCHIVE_SIZE_KEY, size, 3600)
    return size


def ranking_sql(article: Article, tags, *, limit: int, exclude: list[int]) -> tuple[str, list]:
    conf = settings.RELATED_STORIES
    now = timezone.now()
    anchor = min(article.published_at or now, now)
    window = timedelta(days=conf["WINDOW_DAYS"])
    sides = [(anchor - window, anchor, "DESC"), (anchor, min(anchor + window, now), "ASC")]
    branches, params = [], []
    for n, (table, tag_id, weight) in enumerate(tags):
        for side, (start, end, order) in enumerate(sides):
            if end <= start:
                continue
            branches.append(_BRANCH.format(table=table, order=order, alias=f"b{n}_{side}"))
            params += [weight, tag_id, _db_time(start), _db_time(end), conf["PER_TAG_CANDIDATES"]]
    days = _DAYS_APART[connection.vendor]
    excluded = ", ".join(["%s"] * len(exclude))
    # Two stages: the candidates are scored on the through rows alone (tags and time) and only a shortlist of
    # them is looked up in the article table, to re-check that they are public and add the section bonus: at
    # a million stories, a lookup per candidate (~1,000) was most of the query's time. CROSS JOIN … WHERE makes
    # SQLite keep that order; PostgreSQL plans it as the inner join it is.
    sql = f"""
        SELECT a.id FROM (
            SELECT h.id, SUM(h.weight) AS tag_score FROM ({" UNION ALL ".join(branches)}) AS h
            WHERE h.id NOT IN ({excluded})
            GROUP BY h.id
            ORDER BY SUM(h.weight) / (1 + {days.format(column="MAX(h.published_at)")} / %s) DESC,
                     MAX(h.published_at) DESC, h.id DESC
            LIMIT %s
        ) AS s
        CROSS JOIN {Article._meta.db_table} a
        WHERE a.id = s.id AND a.status = %s AND a.published_at <= %s
        ORDER BY ROUND(CAST(
            (s.tag_score + CASE WHEN a.section_id = %s THEN CAST(%s AS DOUBLE PRECISION) ELSE 0 END)
            / (1 + {days.format(column="a.published_at")} / %s) AS NUMERIC), 9) DESC, a.published_at DESC, a.id DESC
        LIMIT %s
    """
    params += [*exclude, _db_time(anchor), conf["HALF_LIFE_DAYS"], limit * SHORTLIST_PER_PLACE]
    params += [Status.PUBLISHED.value, _db_time(now)]
    params += [article.section_id, conf["SAME_SECTION_BONUS"], _db_time(anchor), conf["HALF_LIFE_DAYS"], limit]
    return sql, params


def _db_time(value: datetime):
    return connection.ops.adapt_datetimefield_value(value)
