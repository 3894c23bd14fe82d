"""Keeps what the related-stories query reads in step with the content, and says when cached lists go stale.

Two denormalised values (see migration 0004):

- ``published_at`` on the tag through rows (``TaggedRegion``, ``TaggedTopic``): the story's publish time while
  its status is published, NULL otherwise. It is not a "public" flag: a scheduled story becomes public by the
  clock alone, so the query still compares it with now().
- ``article_count`` on ``Region`` and ``Topic``: published stories carrying the tag, for the specificity weight.
  Recounted (not incremented) for the tags an event touches, so a missed update heals on the next one.

Hooks (connected in ``articles.signals``): an article's save (status or publish time changed), taggit's
``m2m_changed`` on both through models (add, remove, set, clear) and pinned relations. Writes that bypass signals (``bulk_create``, queryset
``update()``, ``merge_tags``, raw SQL) are followed by ``refresh_related_index()``.

Cached related lists are keyed by a global *generation* that any of those events bumps once the transaction
commits (a reader that computed a list from the old data stores it under the old, dead key). One counter rather
than per-tag versions because a new story changes the lists of stories sharing its tags *or their parents and
children in the region tree*, which per-tag keys cannot express without a query before every cache read.
"""

import time

from django.db import transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

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
    """Copy the article's public publish time onto its tag links; recount the tags if anything changed."""
    public_at = article.published_at if article.status == Status.PUBLISHED else None
    changed = 0
    for through, tag_model in VOCABULARIES:
        links = through.objects.filter(content_object_id=article.pk)
        updated = links.exclude(published_at=public_at).update(published_at=public_at)
        if updated:
            recount_tags(tag_model, list(links.values_list("tag_id", flat=True)))
        changed += updated
    if changed:
        forget_related_lists()
    return changed


def recount_tags(tag_model, tag_ids) -> None:
    """Public stories only: a link carries a publish time only while its story's status is published, so
    ``published_at <= now`` on the link is ``published()`` read from the (tag, published_at) index alone. A
    scheduled story is counted by the next recount after its time comes (the count weighs specificity; it never
    decides what readers see)."""
    through = TaggedRegion if tag_model is Region else TaggedTopic
    links = (
        through.objects.filter(tag=OuterRef("pk"), published_at__lte=timezone.now())
        .values("tag")
        .annotate(n=Count("*"))
        .values("n")
    )
    tags = tag_model.objects.all() if tag_ids is None else tag_model.objects.filter(pk__in=tag_ids)
    tags.update(article_count=Coalesce(Subquery(links), 0))


def refresh_related_index() -> None:
    """Recompute every denormalised value from scratch: after bulk imports, tag merges or raw SQL."""
    for through, tag_model in VOCABULARIES:
        public = Article.objects.filter(pk=OuterRef("content_object_id"), status=Status.PUBLISHED)
        through.objects.update(published_at=Subquery(public.values("published_at")[:1]))
        recount_tags(tag_model, None)
    forget_related_lists()
