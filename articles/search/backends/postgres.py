"""PostgreSQL full-text search over the stored vector (migration 0016): the default backend.

Each story's vector holds its words (headline A; standfirst, byline names, places and topics B; body C) and a
filter lexeme per section, author, topic and place (a place's and every place above it: ``=s4 =a9 =t17 =r3``).
The reader's words and the filters become one ``tsquery``, so "flood" in Syria on the topic Weather is a single
condition on the vector: the GIN index intersects them for rare words, and an index-ordered scan of the newest
public stories checks them row by row for common ones, stopping at the window. The planner chooses between the
two from the lexemes' frequencies (it sees the query as a constant: Django binds parameters on the client).

The window is read newest slice of time first (``SLICES``: the last month, year, then the rest), one LIMITed query per
slice joined by ``UNION ALL`` under one LIMIT: PostgreSQL runs the slices in order and stops once the window is
full, so a word in 5% of stories reads the matches of the last year at most, not the archive's. Without the slices a
word between the rare and the common (phrases, names, ``OR``) fetched and sorted every match from the heap: 7,000
rows and a sort spilled to disk at 100,000 stories (270 ms), ten times that at a million. Each slice still gets its
own plan: a walk down the publish-time index for common words, the GIN index ANDed with the slice's range for rarer.

Ranking (``ts_rank``) runs over the window only, its vectors read back by primary key after the LIMIT (carried
through the sort they made it spill). Beyond the window the total is the planner's estimate for the same
conditions (``EXPLAIN``: planning only, about a millisecond), shown as "about".
"""

from __future__ import annotations

import json
from datetime import timedelta
from itertools import pairwise

from django.contrib.postgres.search import SearchHeadline, SearchQuery
from django.db import connection
from django.utils import timezone

from articles.models import Article
from articles.search.backends.base import Count, Criteria
from articles.search.backends.database import DatabaseBackend, Hit, day_start
from articles.search.highlight import MARK_END, MARK_START

CONFIG = "english"  # the configuration the vector's trigger uses

# Days back from now where each slice of the window's scan ends, newest first; the last slice is everything older.
# Few: a rare word runs every slice, and each costs a plan and a range read of the publish-time index (at 100,000
# stories 30/365 beat seven slices, 7 days to 4 years, for rare words and lost nothing elsewhere).
SLICES = (30, 365)


class Lexemes(SearchQuery):
    """Filter lexemes, ANDed, given to PostgreSQL as they are (``'=r3' & '=t17'::tsquery``): no parser or stemmer
    may touch them, and none could produce them from a reader's words (the parser splits on "=")."""

    template = "%(expressions)s::tsquery"

    def __init__(self, lexemes: list[str]):
        super().__init__(" & ".join(f"'{lexeme}'" for lexeme in lexemes), search_type="raw")


def filter_lexemes(criteria: Criteria) -> list[str]:
    named = [("s", criteria.section), ("r", criteria.region), ("t", criteria.topic), ("a", criteria.author)]
    return [f"={kind}{int(pk)}" for kind, pk in named if pk is not None]


def words_query(text: str) -> SearchQuery:
    # websearch syntax never raises on odd input ("quotes", -exclusions, OR), unlike raw tsquery.
    return SearchQuery(text, config=CONFIG, search_type="websearch")


class PostgresBackend(DatabaseBackend):
    name = "postgres"

    def index(self, story_ids) -> None:
        """Vectors made again (after a rename: the triggers follow every other write themselves)."""
        ids = list(story_ids)
        if not ids:
            return
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {Article._meta.db_table} a SET search_vector = articles_search_document("
                "a.id, a.headline, a.standfirst, a.body, a.source_id, a.section_id) WHERE a.id = ANY(%s)",
                [ids],
            )

    def _matching(self, criteria: Criteria):
        stories = Article.objects.published()
        condition = words_query(criteria.text) if criteria.text else None
        lexemes = filter_lexemes(criteria)
        if lexemes:
            condition = condition & Lexemes(lexemes) if condition is not None else Lexemes(lexemes)
        if condition is not None:
            stories = stories.filter(search_vector=condition)
        if criteria.since:
            stories = stories.filter(published_at__gte=day_start(criteria.since))
        if criteria.until:
            stories = stories.filter(published_at__lt=day_start(criteria.until) + timedelta(days=1))
        return stories

    def window_sql(self, criteria: Criteria, *, limit: int) -> tuple[str, tuple]:
        """The window's query: the newest ``limit`` matches (the ORM's ``published()`` and filters, LIMITed), read
        slice by slice of time, newest first, and their rank, computed after the LIMIT."""
        matching, now = self._matching(criteria), timezone.now()
        bounds = [None, *(now - timedelta(days=days) for days in SLICES), None]
        slices, params = [], []
        for newer, older in pairwise(bounds):
            part = matching
            if newer is not None:
                part = part.filter(published_at__lt=newer)
            if older is not None:
                part = part.filter(published_at__gte=older)
            newest = part.order_by("-published_at", "-id").values("id", "published_at", "section_id")[:limit]
            sql, part_params = newest.query.sql_with_params()
            slices.append(f"({sql})")
            params += part_params
        rank = "0"
        if criteria.text:
            rank = f"ts_rank(story.search_vector, websearch_to_tsquery('{CONFIG}'::regconfig, %s))"
            params = [criteria.text, *params]  # the SELECT list comes first
        table = Article._meta.db_table
        sql = (
            f"SELECT hit.id, hit.published_at, hit.section_id, {rank}"
            f" FROM (SELECT * FROM ({' UNION ALL '.join(slices)}) AS slices LIMIT {int(limit)}) AS hit"
            f" JOIN {table} story ON story.id = hit.id ORDER BY hit.published_at DESC, hit.id DESC"
        )
        return sql, tuple(params)

    def matches(self, criteria: Criteria, *, limit: int) -> list[Hit]:
        sql, params = self.window_sql(criteria, limit=limit)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [Hit(*row) for row in cursor.fetchall()]

    def estimate(self, criteria: Criteria, *, at_least: int) -> tuple[int, Count]:
        plan = json.loads(self._matching(criteria).order_by().values("id").explain(format="json"))
        rows = int(plan[0]["Plan"]["Plan Rows"])
        return max(rows, at_least), Count.ESTIMATE

    def decorate(self, queryset, criteria: Criteria):
        if not criteria.text:
            return queryset
        query = words_query(criteria.text)
        marks = {"config": CONFIG, "start_sel": MARK_START, "stop_sel": MARK_END, "highlight_all": True}
        return queryset.annotate(
            headline_marked=SearchHeadline("headline", query, **marks),
            standfirst_marked=SearchHeadline("standfirst", query, **marks),
        )
