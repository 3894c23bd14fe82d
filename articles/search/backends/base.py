"""The search backend interface: what the search page needs from whatever finds the stories.

A backend answers four calls, all in story ids, so it may live in the database or in another process:

- ``index(story_ids)``: (re)read these stories and make the index current: their words, byline, places, topics,
  section, status and times. Called after the write commits, whatever the story's state (a draft is indexed too:
  the public rule is applied when searching, so a scheduled story appears by the clock alone).
- ``remove(story_ids)``: forget these stories (deleted).
- ``search(criteria, page=, per_page=)`` → ``Results``: the page's story ids in order, the total (exact, estimated
  or a lower bound) and the facet counts.
- ``decorate(queryset, criteria)`` (optional): let the database add to the page's own query (PostgreSQL marks the
  words found in the headlines there).

**The public rule.** A backend must only ever count and return stories ``Article.objects.published()`` would: status
published, publish time passed, expiry not passed. The database backends start from ``published()`` itself; an
external engine is given ``status``, ``published_at`` and ``expires_at`` with each story and must filter on them
at query time (the clock moves without anyone saving). As a second guard the page reads its stories through
``published()`` again and drops any id it does not return.

``keeps_itself_current``: the database backends read the live tables (SQLite) or are kept current by triggers in
the same transaction as the write (PostgreSQL), so story events need not call ``index``; renames still do (a
renamed topic changes every vector that holds its name, in batches, by a task: ``articles.search.indexing``).

An external engine (Elasticsearch, OpenSearch, Meilisearch…) subclasses ``SearchBackend``, sets
``keeps_itself_current = False`` and is named in ``SEARCH_BACKEND``; ``manage.py rebuild_search_index`` fills it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class Order(StrEnum):
    RELEVANCE = "relevance"
    DATE = "date"


class Count(StrEnum):
    EXACT = "exact"  # every match counted
    ESTIMATE = "estimate"  # the engine's or the planner's estimate
    AT_LEAST = "at least"  # counting stopped at the window


@dataclass(frozen=True)
class Criteria:
    """What the reader asked for, in ids: every filter narrows, the region includes the places under it."""

    text: str = ""
    section: int | None = None
    region: int | None = None
    topic: int | None = None
    author: int | None = None
    since: date | None = None  # from the start of this day
    until: date | None = None  # to the end of this day
    order: Order = Order.RELEVANCE

    @property
    def asked(self) -> bool:
        return bool(self.text or self.section or self.region or self.topic or self.author or self.since or self.until)


# The time spans counted: stories from this many days before today (local dates) on; "older" is before the last.
WHEN_DAYS = {"today": 0, "week": 7, "month": 30, "year": 365}


@dataclass
class Facets:
    """Counts of matching stories per section, place (including the places under it), topic, author and time span
    (``WHEN`` names them), counted over ``over`` matches: all of them, or the newest when there are more."""

    sections: dict[int, int] = field(default_factory=dict)
    regions: dict[int, int] = field(default_factory=dict)
    topics: dict[int, int] = field(default_factory=dict)
    authors: dict[int, int] = field(default_factory=dict)
    when: dict[str, int] = field(default_factory=dict)
    over: int = 0


@dataclass
class Results:
    ids: list[int]  # the page's stories, best first
    total: int
    count: Count
    reachable: int  # how many of the matches the pages reach (relevance ranks a window of the newest)
    facets: Facets


class SearchBackend:
    name = "base"
    keeps_itself_current = False

    def index(self, story_ids: Sequence[int]) -> None:
        raise NotImplementedError

    def remove(self, story_ids: Sequence[int]) -> None:
        raise NotImplementedError

    def search(self, criteria: Criteria, *, page: int, per_page: int) -> Results:
        raise NotImplementedError

    def decorate(self, queryset, criteria: Criteria):
        """The page's stories' query, with anything this backend adds to it (nothing by default)."""
        return queryset
