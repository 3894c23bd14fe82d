"""What the two database backends share: a bounded window of matches, ranked, counted and cached.

A search reads a window of the newest matching public stories (an index-ordered scan: a common word stops after
about the window's size / its share of the archive; a rare one comes through the GIN index): ``RANKED`` of them,
ranked, when ordering by relevance; ``LISTED`` newest first otherwise. The pages go through the window: 50 of 20. Counting every match of a common word read the whole archive
(19.7 s at 200,000 stories), so beyond the window the total is the backend's estimate or a lower bound.

Facets are counted over the same window (all matches when there are fewer): one query over the link tables for
places, topics and authors; sections and time spans come with the window's rows. The window, its count and facets
are cached together under the public set's stamp (``articles.caching``: any save, a scheduled story falling due
or an expiry passing moves it on), so the next pages of a search cost no search query at all.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass
from datetime import datetime, time, timedelta

from django.db import connection
from django.utils import timezone

from articles.caching import cached_public_data, public_set_stamp
from articles.models import ArticleAuthor, Region, TaggedRegion, TaggedTopic
from articles.search.backends.base import WHEN_DAYS, Count, Criteria, Facets, Order, Results, SearchBackend

RANKED = 1000  # matches ranked by relevance: the newest this many (and counted for facets)
LISTED = 1000  # matches listed newest first: 50 pages of 20


@dataclass
class Hit:
    id: int
    published_at: datetime
    section_id: int | None
    rank: float


@dataclass
class Window:
    ids: list[int]  # in the order asked for
    total: int
    count: Count
    facets: Facets


class DatabaseBackend(SearchBackend):
    keeps_itself_current = True
    ranked = RANKED
    listed = LISTED

    def window_size(self, criteria: Criteria) -> int:
        return self.ranked if criteria.text and criteria.order == Order.RELEVANCE else self.listed

    def index(self, story_ids) -> None:
        """The database reads the stories themselves."""

    def remove(self, story_ids) -> None:
        """A deleted story's row (and so its vector) is gone with it."""

    def search(self, criteria: Criteria, *, page: int, per_page: int, stamp: str | None = None) -> Results:
        window = self.window(criteria, stamp=stamp)
        start = (max(page, 1) - 1) * per_page
        return Results(
            ids=window.ids[start : start + per_page],
            total=window.total,
            count=window.count,
            reachable=len(window.ids),
            facets=window.facets,
        )

    def window(self, criteria: Criteria, *, stamp: str | None = None) -> Window:
        key = hashlib.sha256(repr((self.name, self.window_size(criteria), asdict(criteria))).encode()).hexdigest()[:32]
        return cached_public_data(
            f"search:{key}", lambda: self._compute(criteria), stamp=stamp if stamp is not None else public_set_stamp()
        )

    def _compute(self, criteria: Criteria) -> Window:
        size = self.window_size(criteria)
        hits = self.matches(criteria, limit=size)
        if criteria.order == Order.RELEVANCE and criteria.text:
            ordered = sorted(hits, key=lambda hit: (-hit.rank, -hit.published_at.timestamp(), -hit.id))
        else:
            ordered = hits  # newest first, as read
        if len(hits) < size:
            total, count = len(hits), Count.EXACT
        else:
            total, count = self.estimate(criteria, at_least=len(hits))
        return Window([hit.id for hit in ordered], total, count, count_facets(hits))

    def matches(self, criteria: Criteria, *, limit: int) -> list[Hit]:
        """The newest ``limit`` public stories matching, newest first, with their rank for the words."""
        raise NotImplementedError

    def estimate(self, criteria: Criteria, *, at_least: int) -> tuple[int, Count]:
        return at_least, Count.AT_LEAST


def day_start(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def count_facets(hits: list[Hit]) -> Facets:
    """Counts over ``hits`` (the window): sections and time spans from the rows, the rest in one query."""
    facets = Facets(over=len(hits))
    today = timezone.localdate()
    starts = {name: today - timedelta(days=days) for name, days in WHEN_DAYS.items()}
    oldest = min(starts.values())
    for hit in hits:
        if hit.section_id is not None:
            facets.sections[hit.section_id] = facets.sections.get(hit.section_id, 0) + 1
        day = timezone.localdate(hit.published_at)
        for name, start in starts.items():
            if day >= start:
                facets.when[name] = facets.when.get(name, 0) + 1
        if day < oldest:
            facets.when["older"] = facets.when.get("older", 0) + 1
    if not hits:
        return facets
    places: dict[int, set[int]] = {}
    for kind, key, value in _link_rows([hit.id for hit in hits]):
        if kind == "t":
            facets.topics[key] = value
        elif kind == "a":
            facets.authors[key] = value
        else:  # a place of a story: it counts once for that place and each place above it
            for place in (int(part) for part in value.strip("/").split("/") if part):
                places.setdefault(place, set()).add(key)
    facets.regions = {place: len(stories) for place, stories in places.items()}
    return facets


def _link_rows(ids: list[int]) -> list[tuple[str, int, object]]:
    """(t, topic, count), (a, author, count) and (p, story, place path) rows for the stories ``ids``."""
    marks = ", ".join(["(%s)"] * len(ids))
    topic, author, place = TaggedTopic._meta.db_table, ArticleAuthor._meta.db_table, TaggedRegion._meta.db_table
    region = Region._meta.db_table
    sql = f"""
        WITH hit(id) AS (VALUES {marks})
        SELECT 't', link.tag_id, count(*) FROM {topic} link
        WHERE link.content_object_id IN (SELECT id FROM hit) GROUP BY link.tag_id
        UNION ALL
        SELECT 'a', link.author_id, count(*) FROM {author} link
        WHERE link.article_id IN (SELECT id FROM hit) GROUP BY link.author_id
        UNION ALL
        SELECT 'p', link.content_object_id, region.path FROM {place} link
        JOIN {region} region ON region.id = link.tag_id
        WHERE link.content_object_id IN (SELECT id FROM hit)
    """
    if connection.vendor == "postgresql":
        # One array parameter instead of a thousand; the count and the path share a column as text.
        sql = f"""
            WITH hit(id) AS (SELECT unnest(%s::bigint[]))
            SELECT 't', link.tag_id, count(*)::text FROM {topic} link
            WHERE link.content_object_id IN (SELECT id FROM hit) GROUP BY link.tag_id
            UNION ALL
            SELECT 'a', link.author_id, count(*)::text FROM {author} link
            WHERE link.article_id IN (SELECT id FROM hit) GROUP BY link.author_id
            UNION ALL
            SELECT 'p', link.content_object_id, region.path FROM {place} link
            JOIN {region} region ON region.id = link.tag_id
            WHERE link.content_object_id IN (SELECT id FROM hit)
        """
        params = [ids]
    else:
        params = ids
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [(kind, key, value if kind == "p" else int(value)) for kind, key, value in rows]
