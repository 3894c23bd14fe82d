"""Making the search index current for many stories at once, in batches that each commit on their own.

Used by the tasks that follow a rename (``articles.search.tasks``) and by ``manage.py rebuild_search_index``. On
PostgreSQL a batch is one UPDATE making the stories' vectors again (``articles_search_document``); an external
engine reads the stories and sends them; SQLite reads the live tables and has nothing to do.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.db.models import QuerySet

from articles.models import Article, ArticleAuthor, Region, TaggedRegion, TaggedTopic
from articles.search.backends import backend

BATCH = 500  # stories a batch writes: a save of one of them waits on that batch alone (about half a second)

NAMED = ("author", "source", "region", "topic")


def stories_named(kind: str, pk: int) -> QuerySet:
    """The stories whose vector holds this thing's name or id: a region's include the places under it (their
    vectors hold every place above them, so moving a region changes them too)."""
    if kind == "author":
        return Article.objects.filter(pk__in=ArticleAuthor.objects.filter(author_id=pk).values("article_id"))
    if kind == "source":
        return Article.objects.filter(source_id=pk)
    if kind == "topic":
        return Article.objects.filter(pk__in=TaggedTopic.objects.filter(tag_id=pk).values("content_object_id"))
    if kind == "region":
        path = Region.objects.filter(pk=pk).values_list("path", flat=True).first()
        if not path:
            return Article.objects.none()
        places = TaggedRegion.objects.filter(tag__path__startswith=path)
        return Article.objects.filter(pk__in=places.values("content_object_id"))
    raise ValueError(f"nothing named {kind!r} is in the search index")


def reindex(stories: QuerySet, *, batch: int = BATCH, log: Callable[[int], None] | None = None) -> int:
    """``backend().index`` over ``stories`` by ascending id, ``batch`` at a time; the stories done."""
    search, last, done = backend(), 0, 0
    while True:
        ids = list(stories.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:batch])
        if not ids:
            return done
        with transaction.atomic():
            search.index(ids)
        last, done = ids[-1], done + len(ids)
        if log:
            log(done)
