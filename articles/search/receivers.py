"""What keeps the search index current, connected once from ``ArticlesConfig.ready()``.

- A rename of an author, agency, region or topic, or a region moved in the tree: every story whose vector holds
  it is made again by a task, in batches, once the rename commits (``tasks.reindex_named``). The page a rename is
  saved from does not wait for a hundred thousand vectors.
- Story events (``articles.events``: published, updated, withdrawn, expired, unpublished, scheduled, corrected),
  for a backend that does not keep itself current: the story is indexed again by a task. The database backends
  need nothing here: PostgreSQL's triggers write the vector in the story's own transaction.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_save, pre_save

from articles import events
from articles.caching import public_data_changed
from articles.models import Author, Region, Source, Topic
from articles.search.backends import backend
from articles.search.tasks import index_stories, reindex_named

# What a story's vector holds of each: a change to any of these fields changes the vectors.
WATCHED = {
    Author: ("author", ("name",)),
    Source: ("source", ("name",)),
    Region: ("region", ("name", "parent_id")),  # a move changes the places above every story under it
    Topic: ("topic", ("name",)),
}


def connect() -> None:
    for model in WATCHED:
        pre_save.connect(_before, sender=model, dispatch_uid=f"newsroom-search-before-{model.__name__}")
        post_save.connect(_after, sender=model, dispatch_uid=f"newsroom-search-after-{model.__name__}")
    events.connect_all(_story_event, dispatch_uid="newsroom-search-story")


def _before(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    fields = WATCHED[sender][1]
    instance._search_before = sender.objects.filter(pk=instance.pk).values_list(*fields).first()


def _after(sender, instance, created, raw=False, **kwargs):
    if raw or created:
        return
    kind, fields = WATCHED[sender]
    before = getattr(instance, "_search_before", None)
    if before is not None and tuple(getattr(instance, name) for name in fields) != before:
        public_data_changed()  # the form's choices name it (and the task says so again when the stories are done)
        # After the commit: by then a moved region's paths are rewritten (Region.save does it after this signal).
        transaction.on_commit(lambda: reindex_named.enqueue(kind, instance.pk))


def _story_event(sender, story_id, **kwargs):
    if not backend().keeps_itself_current:
        index_stories.enqueue([story_id])
