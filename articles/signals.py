"""Every signal receiver in Newsroom, connected once from ``ArticlesConfig.ready()``.

Receivers keep derived data in step with the content; they never decide what readers may see (that is
``Article.objects.published()``) and never write content themselves (that is ``articles.services``).

- The related-stories index (``articles.related.index``): publish times copied onto tag links, tag counts,
  and the generation that retires cached related lists.
- The public data cache (``articles.caching``): sitemap listings and the like, retired on any article write.
- Story events (``articles.events``): one snapshot before a story's first write in a transaction, one event after
  the commit (``articles.story_writes``); its purge (``articles.purging``) reads the story's links after the commit,
  so tag links written in bulk with it (imports) are covered.
- Cached pages (``pagecache.purge``) for everything else readers see: pictures, names of sections and tags, tags
  changed outside a story's save, pins, fronts. Writes that skip signals altogether (``merge_tags``' bulk moves)
  purge in ``articles.services``.
"""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from articles import caching, events, purge_keys, purging, story_writes, subjects
from articles.models import (
    Article,
    Author,
    Correction,
    Front,
    FrontSlot,
    Image,
    PinnedRelation,
    Region,
    Section,
    Status,
    TaggedRegion,
    Topic,
)
from articles.purge_keys import Placement, placement
from articles.related.index import (
    VOCABULARIES,
    adjust_counts,
    counted_links,
    forget_related_lists,
    mark_links,
    sync_article,
)
from pagecache import keys as surrogate_keys
from pagecache import purge

_NAMED = (Section, Region, Topic, Author)  # the listing subjects' models (articles.subjects)


def connect() -> None:
    purging.connect()  # the story events' purges and schedule cap
    pre_save.connect(_article_about_to_change, sender=Article, dispatch_uid="newsroom-article-before")
    pre_delete.connect(_article_about_to_change, sender=Article, dispatch_uid="newsroom-article-before-delete")
    post_save.connect(_article_saved, sender=Article, dispatch_uid="newsroom-article-saved")
    post_delete.connect(_article_deleted, sender=Article, dispatch_uid="newsroom-article-deleted")
    post_save.connect(_picture_saved, sender=Image, dispatch_uid="newsroom-picture-saved")
    for model in _NAMED:
        post_save.connect(_named_saved, sender=model, dispatch_uid=f"newsroom-named-saved-{model.__name__}")
        post_delete.connect(_named_saved, sender=model, dispatch_uid=f"newsroom-named-deleted-{model.__name__}")
    for through, _tag_model in VOCABULARIES:
        m2m_changed.connect(_tags_changed, sender=through, dispatch_uid=f"newsroom-tags-changed-{through.__name__}")
    post_save.connect(_pins_changed, sender=PinnedRelation, dispatch_uid="newsroom-pin-saved")
    post_delete.connect(_pins_changed, sender=PinnedRelation, dispatch_uid="newsroom-pin-deleted")
    post_save.connect(_correction_changed, sender=Correction, dispatch_uid="newsroom-correction-saved")
    post_delete.connect(_correction_changed, sender=Correction, dispatch_uid="newsroom-correction-deleted")
    post_save.connect(_slot_changed, sender=FrontSlot, dispatch_uid="newsroom-front-slot-saved")
    post_delete.connect(_slot_changed, sender=FrontSlot, dispatch_uid="newsroom-front-slot-deleted")


def _article_about_to_change(sender, instance, raw=False, **kwargs):
    # The database still holds the story as readers may have seen it (its tags too: they are written after). The one
    # snapshot of the story's state before the write: its events are worked out from it (articles.story_writes).
    if not raw and instance.pk is not None:
        instance._placement_before = story_writes.before(instance.pk)
    if kwargs.get("signal") is pre_delete and instance.pk is not None:
        # Its links go with it (a cascade, no signal): the tags they counted for, taken off after the delete.
        instance._counted_links = {
            tag_model: counted_links(through, content_object_id=instance.pk) for through, tag_model in VOCABULARIES
        }


def _article_saved(sender, instance, created, raw, update_fields=None, **kwargs):
    caching.public_data_changed()
    if not raw:
        story_writes.written(instance.pk, getattr(instance, "_placement_before", Placement()))
    # A new article has no tag links yet: taggit adds them after the first save.
    if raw or created:
        return
    if update_fields is not None and not {"status", "published_at"} & set(update_fields):
        return
    sync_article(instance)


def _article_deleted(sender, instance, **kwargs):
    caching.public_data_changed()
    for tag_model, counted in getattr(instance, "_counted_links", {}).items():
        adjust_counts(tag_model, {tag_id: -n for tag_id, n in counted.items()})
    forget_related_lists()
    story_writes.written(instance.pk, getattr(instance, "_placement_before", Placement()))


def _picture_saved(sender, instance, created, raw, **kwargs):
    if not (raw or created):  # a new picture is on no page yet
        purge.purge({surrogate_keys.picture(instance.pk)})


def _named_saved(sender, instance, raw=False, created=False, **kwargs):
    if not (raw or created):
        purge.purge(purge_keys.subject_keys(subjects.for_model(sender), instance.pk))


def _tags_changed(sender, instance, action, reverse, pk_set, **kwargs):
    tag_model = Region if sender is TaggedRegion else Topic
    if action.startswith("post_"):
        caching.public_data_changed()  # the tag lists drawn from the public set (sitemaps, search choices)
    if action == "post_clear" and not reverse:
        _purge_tagging(sender, instance, reverse, {pk for (pk,) in getattr(instance, "_related_cleared_tags", [])})
    elif action.startswith("post_"):
        _purge_tagging(sender, instance, reverse, pk_set)
    by_tag = reverse or not isinstance(instance, Article)  # tag.<vocabulary>_articles.add(...): articles in pk_set
    if action in {"pre_remove", "pre_clear"}:
        # The counted links about to go: their tags' counts come down by as much once they have gone.
        scope = {"tag_id": instance.pk} if by_tag else {"content_object_id": instance.pk}
        chosen = {} if pk_set is None else {"content_object_id__in" if by_tag else "tag_id__in": pk_set}
        instance._counted_links = counted_links(sender, **scope, **chosen)
    if action in {"post_remove", "post_clear"}:
        adjust_counts(tag_model, {tag_id: -n for tag_id, n in getattr(instance, "_counted_links", {}).items()})
    if by_tag:
        if action == "post_add":
            for article in Article.objects.filter(pk__in=pk_set or []):
                sync_article(article)
        if action.startswith("post_"):
            forget_related_lists()
        return
    if action == "pre_clear":
        instance._related_cleared_tags = list(sender.objects.filter(content_object=instance).values_list("tag_id"))
    elif action == "post_clear":
        forget_related_lists()
    elif action in {"post_add", "post_remove"} and pk_set:
        if action == "post_add":
            public_at = instance.published_at if instance.status == Status.PUBLISHED else None
            mark_links(tag_model, sender.objects.filter(content_object=instance, tag_id__in=pk_set), public_at)
        forget_related_lists()


def _purge_tagging(sender, instance, reverse, pk_set) -> None:
    """A story's tags changed outside a save of the story (a save purges its old and new listings itself)."""
    articles = (
        list(Article.objects.filter(pk__in=pk_set or []))
        if reverse or not isinstance(instance, Article)
        else [instance]
    )
    if not any(article.is_published for article in articles):
        return
    subject = subjects.REGION if sender is TaggedRegion else subjects.TOPIC
    tag_ids = [instance.pk] if reverse or not isinstance(instance, Article) else list(pk_set or [])
    stale = {surrogate_keys.story(article.pk) for article in articles if article.is_published}
    for tag in subject.model.objects.filter(pk__in=tag_ids).only("pk", *(["path"] if subject.tree else [])):
        stale |= subject.listing_keys_of(tag)  # a region page lists the places under it
    purge.purge(stale)


def _pins_changed(sender, instance, raw=False, **kwargs):
    forget_related_lists()
    if not raw:
        purge.purge({surrogate_keys.story(instance.from_article_id)})


def _correction_changed(sender, instance, raw=False, **kwargs):
    """A public correction of a public story is a story event (its page, feeds, /corrections/ and webhooks follow);
    a draft correction, or one of a story readers cannot see, shows nowhere."""
    if raw or instance.published_at is None or kwargs.get("signal") is post_delete:
        return
    article_id, correction_id = instance.article_id, instance.pk

    def tell():
        now = placement(article_id)
        if now.public:
            events.story_corrected.send(
                sender=Article, story_id=article_id, before=now, after=now, timed=False, correction_id=correction_id
            )

    transaction.on_commit(tell)


def _slot_changed(sender, instance, raw=False, **kwargs):
    """A story pinned to a front, moved or unpinned: the front's page is purged, and its time limit may now be the
    next moment a page changes by itself (``articles.caching``)."""
    if raw:
        return
    section_id = Front.objects.filter(pk=instance.front_id).values_list("section_id", flat=True).first()
    purge.purge(purge_keys.front_keys(section_id))
    caching.remember_next_scheduled()
