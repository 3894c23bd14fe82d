"""Most read: reads counted per story in hourly buckets, kept for a week, ranked over the last day.

Nothing about a reader is kept: a bucket holds story ids and counts only. With ``REDIS_URL`` the buckets are
sorted sets (``ZINCRBY``, one round trip per read, expiring by themselves); without it, ``ReadCount`` rows.
Reading the block never scans the counts: the ranked ids are worked out by a beacon at most once per
``RANKING_SECONDS`` (a union of 24 sorted sets, or one grouped query over 24 hours of an indexed table) and
kept in the cache; each page then costs that cache read plus one query through ``published()``, so a
withdrawn or expired story leaves the list at once.
"""

from __future__ import annotations

import logging
import time
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone

from articles.models import Article
from live.models import ReadCount
from newsroom.shared_cache import cache_add, cache_get, cache_set

logger = logging.getLogger(__name__)

KEEP_HOURS = 7 * 24
WINDOW_HOURS = 24
SHOWN = 10
# Ranked ids kept beyond those shown, so stories withdrawn since the ranking still leave ten to show.
RANKED = 3 * SHOWN
RANKING_SECONDS = 60
# A ranking no beacon has refreshed for this long (a site nobody reads) is not shown.
STALE_SECONDS = 3600
RANKING_KEY = "most-read:ranking"
_next_look = {"at": 0.0}
_expiry_set: set[str] = set()  # this process's buckets whose expiry is set (Redis)


def bucket(suffix: str) -> str:
    """A Redis key of Most read's, under the site's cache prefix: two sites sharing a Redis count apart."""
    return cache.make_key(f"mostread:{suffix}")


def hour_of(moment: datetime) -> datetime:
    return moment.replace(minute=0, second=0, microsecond=0)


def _redis():
    """The cache's own Redis client (its pool and timeouts), or None on the database fallback."""
    return cache._cache.get_client(write=True) if settings.REDIS_URL else None


def record_read(article_id: int, *, now: datetime | None = None) -> None:
    now = now or timezone.now()
    _count(article_id, hour_of(now))
    _refresh_ranking(now)


def _count(article_id: int, hour: datetime) -> None:
    client = _redis()
    if client is not None:
        key = bucket(f"{hour:%Y%m%d%H}")
        try:
            if key in _expiry_set:
                client.zincrby(key, 1, article_id)
            else:  # the bucket's expiry, set once per hour and process
                pipe = client.pipeline(transaction=False)
                pipe.zincrby(key, 1, article_id)
                pipe.expire(key, (KEEP_HOURS + 1) * 3600)
                pipe.execute()
                _expiry_set.add(key)
        except Exception as exc:  # a read not counted is no reason to fail
            logger.warning("Most read: read not counted: %r", exc)
        return
    with transaction.atomic():
        counted = ReadCount.objects.filter(hour=hour, article_id=article_id).update(count=F("count") + 1)
        if counted:
            return
        try:
            with transaction.atomic():
                ReadCount.objects.create(hour=hour, article_id=article_id, count=1)
        except IntegrityError:  # another request created the bucket first
            ReadCount.objects.filter(hour=hour, article_id=article_id).update(count=F("count") + 1)
    if not ReadCount.objects.filter(hour=hour).exclude(article_id=article_id).exists():
        # The hour's first read: the week kept, older buckets go (Redis expires its own).
        ReadCount.objects.filter(hour__lt=hour - timedelta(hours=KEEP_HOURS)).delete()


def ranked_ids(*, now: datetime | None = None) -> list[int]:
    """The most read story ids of the last 24 hours, best first: one cache read. The ranking is worked out by
    the beacons (``_refresh_ranking``), never by a page, so no page's query budget depends on the counts."""
    now = now or timezone.now()
    ranking = cache_get(RANKING_KEY)
    if not ranking or ranking[0] < now.timestamp() - STALE_SECONDS:
        return []
    return ranking[1]


def _refresh_ranking(now: datetime) -> None:
    """At most once per ``RANKING_SECONDS`` across all processes (an add-only lock in the cache). A process looks
    at the cache only once per ``RANKING_SECONDS`` itself, so a beacon usually costs its one write alone."""
    if time.monotonic() < _next_look["at"]:
        return
    _next_look["at"] = time.monotonic() + RANKING_SECONDS
    ranking = cache_get(RANKING_KEY)
    if ranking and ranking[0] > now.timestamp() - RANKING_SECONDS:
        return
    if cache_add(f"{RANKING_KEY}:lock", 1, RANKING_SECONDS):
        refresh_ranking(now=now)


def refresh_ranking(*, now: datetime | None = None) -> list[int]:
    """Work the ranking out now (the beacons do, at most once a minute; tests and commands may ask)."""
    now = now or timezone.now()
    ids = _rank(hour_of(now))
    cache_set(RANKING_KEY, (now.timestamp(), ids), STALE_SECONDS)
    return ids


def _rank(hour: datetime) -> list[int]:
    hours = [hour - timedelta(hours=n) for n in range(WINDOW_HOURS)]
    client = _redis()
    if client is not None:
        try:
            union = bucket(f"day:{hour:%Y%m%d%H}")
            pipe = client.pipeline(transaction=False)
            pipe.zunionstore(union, [bucket(f"{h:%Y%m%d%H}") for h in hours])
            pipe.expire(union, RANKING_SECONDS)
            pipe.zrevrange(union, 0, RANKED - 1)
            return [int(member) for member in pipe.execute()[-1]]
        except Exception as exc:
            logger.warning("Most read: ranking unavailable: %r", exc)
            return []
    totals = (
        ReadCount.objects.filter(hour__gte=hours[-1])
        .values("article_id")
        .annotate(total=Sum("count"))
        .order_by("-total", "-article_id")
    )
    return [row["article_id"] for row in totals[:RANKED]]


def most_read(*, limit: int = SHOWN, cards: bool = False) -> list[Article]:
    """The most read public stories, best first: one query after the cached ranking (two more for ``cards``,
    whose bylines and pictures come through ``for_listing()``)."""
    ids = ranked_ids()
    if not ids:
        return []
    stories = Article.objects.published().filter(pk__in=ids)
    if cards:
        stories = stories.for_listing()
    else:
        stories = stories.select_related("section").only("headline", "slug", "section__slug")
    by_id = {story.pk: story for story in stories}
    return [by_id[pk] for pk in ids if pk in by_id][:limit]
