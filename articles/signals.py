"""Every signal receiver in Newsroom, connected once from ``ArticlesConfig.ready()``.

Receivers keep derived data in step with the content; they never decide what readers may see (that is
``Article.objects.published()``) and never write content themselves (that is ``articles.services``).

- The related-stories index (``articles.related.index``): publish times copied onto tag links, tag counts,
  and the generation that retires cached related lists.
- The public data cache (``articles.caching``): sitemap listings and the like, retired on any article write.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from articles import caching
from articles.models import Article, PinnedRelation, Region, Status, TaggedRegion, Topic
from articles.related.index import VOCABULARIES, forget_related_lists, recount_tags, sync_article


def connect() -> None:
    post_save.connect(_article_saved, sender=Article, dispatch_uid="newsroom-article-saved")
    post_delete.connect(_article_deleted, sender=Article, dispatch_uid="newsroom-article-deleted")
    for through, _tag_model in VOCABULARIES:
        m2m_changed.connect(_tags_changed, sender=through, dispatch_uid=f"newsroom-tags-changed-{through.__name__}")
    post_save.connect(_pins_changed, sender=PinnedRelation, dispatch_uid="newsroom-pin-saved")
    post_delete.connect(_pins_changed, sender=PinnedRelation, dispatch_uid="newsroom-pin-deleted")


def _article_saved(sender, instance, created, raw, update_fields=None, **kwargs):
    caching.public_data_changed()
    # A new article has no tag links yet: taggit adds them after the first save.
    if raw or created:
        return
    if update_fields is not None and not {"status", "published_at"} & set(update_fields):
        return
    sync_article(instance)


def _article_deleted(sender, instance, **kwargs):
    caching.public_data_changed()
    forget_related_lists()


def _tags_changed(sender, instance, action, reverse, pk_set, **kwargs):
    tag_model = Region if sender is TaggedRegion else Topic
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


def _pins_changed(sender, **kwargs):
    forget_related_lists()
