"""Every signal receiver in Newsroom, connected once from ``ArticlesConfig.ready()``.

Receivers keep derived data in step with the content; they never decide what readers may see (that is
``Article.objects.published()``) and never write content themselves (that is ``articles.services``).

- The related-stories index (``articles.related.index``): publish times copied onto tag links, tag counts,
  and the generation that retires cached related lists.
- The public data cache (``articles.caching``): sitemap listings and the like, retired on any article write.
- Cached pages (``articles.purge``): the pages showing what changed are purged once the write commits. A story's
  purge reads its links after the commit, so tag links written in bulk with it (imports) are covered; writes that
  skip signals altogether (``merge_tags``' bulk moves) purge in ``articles.services``.
- Live coverage (``live``): an update's write moves its blog's ``changed_at`` on and purges the story; an alert's
  purges the banner.
"""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.utils import timezone

from articles import caching, purge, purge_keys, surrogate_keys
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
from articles.related.index import VOCABULARIES, forget_related_lists, recount_tags, sync_article
from live.models import BreakingAlert, LiveCoverage, LiveUpdate

_NAMED = {Section: "section", Region: "region", Topic: "topic", Author: "author"}


def connect() -> None:
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
    post_save.connect(_live_update_changed, sender=LiveUpdate, dispatch_uid="newsroom-live-update-saved")
    post_delete.connect(_live_update_changed, sender=LiveUpdate, dispatch_uid="newsroom-live-update-deleted")
    post_save.connect(_coverage_changed, sender=LiveCoverage, dispatch_uid="newsroom-coverage-saved")
    post_delete.connect(_coverage_changed, sender=LiveCoverage, dispatch_uid="newsroom-coverage-deleted")
    post_save.connect(_slot_changed, sender=FrontSlot, dispatch_uid="newsroom-front-slot-saved")
    post_delete.connect(_slot_changed, sender=FrontSlot, dispatch_uid="newsroom-front-slot-deleted")
    post_save.connect(_alert_changed, sender=BreakingAlert, dispatch_uid="newsroom-alert-saved")
    post_delete.connect(_alert_changed, sender=BreakingAlert, dispatch_uid="newsroom-alert-deleted")


def _article_about_to_change(sender, instance, raw=False, **kwargs):
    # The database still holds the story as readers may have seen it (its tags too: they are written after).
    if not raw and instance.pk is not None:
        instance._placement_before = purge_keys.placement(instance.pk)


def _purge_story(pk: int, before: purge_keys.Placement) -> None:
    transaction.on_commit(lambda: purge.purge_now(sorted(purge_keys.story_keys_after(pk, before))))


def _article_saved(sender, instance, created, raw, update_fields=None, **kwargs):
    caching.public_data_changed()
    before = getattr(instance, "_placement_before", purge_keys.Placement())
    caching.scheduling_changed(was=before.scheduled_for, now=instance.next_change_by_itself)
    # A story that was not public and is not now shows on no cached page (a later save in the same
    # transaction that makes it public registers its own purge).
    if not raw and (before.public or instance.is_published):
        _purge_story(instance.pk, before)
    # A new article has no tag links yet: taggit adds them after the first save.
    if raw or created:
        return
    if update_fields is not None and not {"status", "published_at"} & set(update_fields):
        return
    sync_article(instance)


def _article_deleted(sender, instance, **kwargs):
    caching.public_data_changed()
    before = getattr(instance, "_placement_before", purge_keys.Placement())
    caching.scheduling_changed(was=before.scheduled_for, now=None)
    forget_related_lists()
    purge.purge(purge_keys.story_keys(instance.pk, before, purge_keys.Placement()))


def _picture_saved(sender, instance, created, raw, **kwargs):
    if not (raw or created):  # a new picture is on no page yet
        purge.purge({surrogate_keys.picture(instance.pk)})


def _named_saved(sender, instance, raw=False, created=False, **kwargs):
    if not (raw or created):
        purge.purge(purge_keys.tag_keys(_NAMED[sender], instance.pk))


def _tags_changed(sender, instance, action, reverse, pk_set, **kwargs):
    tag_model = Region if sender is TaggedRegion else Topic
    if action.startswith("post_"):
        caching.public_data_changed()  # the tag lists drawn from the public set (sitemaps, search choices)
    if action == "post_clear" and not reverse:
        _purge_tagging(sender, instance, reverse, {pk for (pk,) in getattr(instance, "_related_cleared_tags", [])})
    elif action.startswith("post_"):
        _purge_tagging(sender, instance, reverse, pk_set)
    if reverse or not isinstance(instance, Article):
        # tag.<vocabulary>_articles.add(...): the articles are in pk_set; rare enough to redo the tag.
        if action.startswith("post_"):
            for article in Article.objects.filter(pk__in=pk_set or []):
                sync_article(article)
            recount_tags(tag_model, [instance.pk])
            forget_related_lists()
        return
    if action == "pre_clear":
        instance._related_cleared_tags = list(sender.objects.filter(content_object=instance).values_list("tag_id"))
    elif action == "post_clear":
        recount_tags(tag_model, [pk for (pk,) in getattr(instance, "_related_cleared_tags", [])])
        forget_related_lists()
    elif action in {"post_add", "post_remove"} and pk_set:
        if action == "post_add":
            public_at = instance.published_at if instance.status == Status.PUBLISHED else None
            sender.objects.filter(content_object=instance, tag_id__in=pk_set).update(published_at=public_at)
        recount_tags(tag_model, pk_set)
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
    kind = "region" if sender is TaggedRegion else "topic"
    tag_ids = [instance.pk] if reverse or not isinstance(instance, Article) else list(pk_set or [])
    stale = {surrogate_keys.story(article.pk) for article in articles if article.is_published}
    stale |= {surrogate_keys.listing(kind, pk) for pk in tag_ids}
    if kind == "region":  # a region page lists the places under it
        for path in Region.objects.filter(pk__in=tag_ids).values_list("path", flat=True):
            stale |= {surrogate_keys.listing("region", int(part)) for part in path.strip("/").split("/") if part}
    purge.purge(stale)


def _pins_changed(sender, instance, raw=False, **kwargs):
    forget_related_lists()
    if not raw:
        purge.purge({surrogate_keys.story(instance.from_article_id)})


def _correction_changed(sender, instance, raw=False, **kwargs):
    """A public correction shows on its story's page and feed items, and on /corrections/ and its feeds (which
    name ``latest``); a draft shows nowhere."""
    if not raw and instance.published_at is not None:
        purge.purge({surrogate_keys.story(instance.article_id), surrogate_keys.LATEST})


def _live_update_changed(sender, instance, raw=False, **kwargs):
    """An update posted, corrected or deleted: the blog's validators move on, and its page, poll and feed (which
    all carry the story's key) are purged."""
    if raw:
        return
    LiveCoverage.objects.filter(pk=instance.coverage_id).update(changed_at=timezone.now())
    article_id = LiveCoverage.objects.filter(pk=instance.coverage_id).values_list("article_id", flat=True).first()
    if article_id is not None:
        purge.purge({surrogate_keys.story(article_id)})


def _coverage_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        purge.purge({surrogate_keys.story(instance.article_id)})


def _slot_changed(sender, instance, raw=False, **kwargs):
    """A story pinned to a front, moved or unpinned: the front's page is purged, and its time limit may now be the
    next moment a page changes by itself (``articles.caching``)."""
    if raw:
        return
    section_id = Front.objects.filter(pk=instance.front_id).values_list("section_id", flat=True).first()
    purge.purge(purge_keys.front_keys(section_id))
    caching.remember_next_scheduled()


def _alert_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        purge.purge({surrogate_keys.BREAKING})
