"""Keeps what the related-stories query reads in step with the content, and says when cached lists go stale.

Two denormalised values (see migration 0004):

- ``published_at`` on the tag through rows (``TaggedRegion``, ``TaggedTopic``): the story's publish time while
  its status is published, NULL otherwise. It is not a "public" flag: a scheduled story becomes public by the
  clock alone, so the query still compares it with now().
- ``article_count`` on ``Region`` and ``Topic``: the tag's links that carry a publish time (stories published,
  scheduled ones included), for the specificity weight. Kept *incrementally*: every write that gives a link a
  publish time or takes it away, adds a link to a published story or removes one, moves the tag's count by that
  much (``adjust_counts``: one ``UPDATE … SET article_count = article_count + n`` for the tags it touched, in the
  write's own transaction, so the count commits with the links it counts and a concurrent writer adds its own
  delta after it). Nothing is counted on a publish, so its cost does not grow with the archive and the tag rows
  are held only for that one statement's remainder of the transaction. A scheduled story counts from when it is
  scheduled (a count that followed the clock would need a write when the time comes; it weighs specificity and
  never decides what readers see). ``recount_tags`` recounts from the links: for repairs (``refresh_related_index``,
  ``manage.py recount_tags``) and for writes that move links in bulk (``merge_tags``, an import dropping tags).

Hooks (connected in ``articles.signals``): an article's save (status or publish time changed) and deletion, taggit's
``m2m_changed`` on both through models (add, remove, set, clear) and pinned relations. Writes that bypass signals
(``bulk_create``, queryset ``update()``, ``merge_tags``, raw SQL) are followed by ``refresh_related_index()`` or by
``sync_article`` and ``recount_tags`` for what they touched.

Cached related lists are keyed by a global *generation* that any of those events bumps once the transaction
commits (a reader that computed a list from the old data stores it under the old, dead key). One counter rather
than per-tag versions because a new story changes the lists of stories sharing its tags *or their parents and
children in the region tree*, which per-tag keys cannot express without a query before every cache read.
"""

import time
from collections import Counter

from django.db import transaction
from django.db.models import Case, Count, F, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce, Greatest

from articles.models import Article, Region, Status, TaggedRegion, TaggedTopic, Topic
from newsroom.shared_cache import cache_add, cache_get, cache_incr

GENERATION_KEY = "related:generation"
VOCABULARIES = ((TaggedRegion, Region), (TaggedTopic, Topic))


def related_generation() -> int:
    generation = cache_get(GENERATION_KEY)
    if generation is None:
        # Never reuse a number an evicted counter may have had: lists cached under it would come back to life.
        cache_add(GENERATION_KEY, time.time_ns(), timeout=None)
        generation = cache_get(GENERATION_KEY)
    # None only while the cache is unreachable; nothing is read back under it then.
    return generation or 0


def forget_related_lists() -> None:
    """Every cached related list is stale once the current transaction commits."""
    transaction.on_commit(_bump_generation)


def _bump_generation() -> None:
    if cache_incr(GENERATION_KEY) is None:
        cache_add(GENERATION_KEY, time.time_ns(), timeout=None)


def sync_article(article: Article) -> int:
    """Copy the article's public publish time onto its tag links, moving the counts of the tags whose links gained
    or lost one; how many links changed."""
    public_at = article.published_at if article.status == Status.PUBLISHED else None
    changed = 0
    with transaction.atomic(savepoint=False):  # a transaction for the row locks, no savepoint inside one
        for through, tag_model in VOCABULARIES:
            changed += mark_links(tag_model, through.objects.filter(content_object_id=article.pk), public_at)
    if changed:
        forget_related_lists()
    return changed


def mark_links(tag_model, links, public_at) -> int:
    """Give ``links`` (a queryset of one vocabulary's links) the publish time ``public_at`` (None: not published)
    and move their tags' counts by the links that gained or lost one. Three statements whatever the archive's size;
    the links that change count are locked first, so a concurrent writer's change to them is not counted twice."""
    stale = links.exclude(published_at=public_at) if public_at is not None else links.exclude(published_at=None)
    with transaction.atomic(savepoint=False):
        flipping = list(
            stale.filter(published_at__isnull=public_at is not None)
            .select_for_update()
            .values_list("tag_id", flat=True)
        )
        changed = stale.update(published_at=public_at)
        sign = 1 if public_at is not None else -1
        adjust_counts(tag_model, {tag_id: sign * n for tag_id, n in Counter(flipping).items()})
    return changed


def counted_links(through, **filters) -> Counter:
    """How many of the links matching ``filters`` are counted, per tag (read before they are removed)."""
    rows = through.objects.filter(published_at__isnull=False, **filters).values_list("tag_id", flat=True)
    return Counter(rows)


def adjust_counts(tag_model, deltas: dict[int, int]) -> None:
    """Move each tag's ``article_count`` by its delta: one statement, ``F()`` plus a CASE, in the caller's
    transaction (never below zero: a count that drifted is mended by ``recount_tags``, not failed on)."""
    deltas = {pk: delta for pk, delta in deltas.items() if delta}
    if not deltas:
        return
    by_tag = Case(*(When(pk=pk, then=Value(delta)) for pk, delta in deltas.items()), default=Value(0))
    tag_model.objects.filter(pk__in=sorted(deltas)).update(
        article_count=Greatest(F("article_count") + by_tag, Value(0))
    )


def recount_tags(tag_model, tag_ids) -> None:
    """Count from the links (those carrying a publish time) for ``tag_ids`` (None: every tag): the repair of the
    incremental counts, and the count after writes that move links in bulk."""
    through = TaggedRegion if tag_model is Region else TaggedTopic
    links = (
        through.objects.filter(tag=OuterRef("pk"), published_at__isnull=False)
        .values("tag")
        .annotate(n=Count("*"))
        .values("n")
    )
    tags = tag_model.objects.all() if tag_ids is None else tag_model.objects.filter(pk__in=tag_ids)
    with transaction.atomic(savepoint=False):
        # Writers holding a tag (their delta made, not committed) finish first, so the count below sees their
        # links; later ones wait for this one and add their delta to it.
        list(tags.select_for_update().order_by("pk").values_list("pk", flat=True))
        tags.update(article_count=Coalesce(Subquery(links), 0))


def count_drift(tag_model) -> list[tuple[int, int, int]]:
    """(tag id, stored count, count from the links) for every tag whose stored count is wrong."""
    through = TaggedRegion if tag_model is Region else TaggedTopic
    links = through.objects.filter(tag=OuterRef("pk"), published_at__isnull=False).values("tag").annotate(n=Count("*"))
    actual = tag_model.objects.annotate(actual=Coalesce(Subquery(links.values("n")), 0))
    return list(actual.exclude(article_count=F("actual")).order_by("pk").values_list("pk", "article_count", "actual"))


def refresh_related_index() -> None:
    """Recompute every denormalised value from scratch: after bulk imports, tag merges or raw SQL."""
    for through, tag_model in VOCABULARIES:
        public = Article.objects.filter(pk=OuterRef("content_object_id"), status=Status.PUBLISHED)
        through.objects.update(published_at=Subquery(public.values("published_at")[:1]))
        recount_tags(tag_model, None)
    forget_related_lists()
