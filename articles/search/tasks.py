"""Search index work off the request, on the task queue (``manage.py run_worker``). Safe to run twice: each run
makes the same vectors (or sends the same documents) again."""

from __future__ import annotations

from django.tasks import task

from articles.caching import public_data_changed
from articles.search.backends import backend
from articles.search.indexing import reindex, stories_named


@task()
def reindex_named(kind: str, pk: int) -> int:
    """After a rename (or a region's move): every story carrying it, in batches; then searches cached meanwhile
    (with the old vectors) are retired."""
    done = reindex(stories_named(kind, pk))
    public_data_changed()
    return done


@task()
def index_stories(story_ids: list[int]) -> None:
    """After a story event, for a backend that does not keep itself current (an external engine)."""
    backend().index(story_ids)
