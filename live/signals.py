"""Live coverage's receivers, connected once from ``LiveConfig.ready()``: an update's write moves its blog's
``changed_at`` on and purges the story (its page, poll and feed all carry the story's key); a coverage's write
purges the story; an alert's purges the banner."""

from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from pagecache import keys as surrogate_keys
from pagecache import purge

from .models import BreakingAlert, LiveCoverage, LiveUpdate


def connect() -> None:
    post_save.connect(_live_update_changed, sender=LiveUpdate, dispatch_uid="newsroom-live-update-saved")
    post_delete.connect(_live_update_changed, sender=LiveUpdate, dispatch_uid="newsroom-live-update-deleted")
    post_save.connect(_coverage_changed, sender=LiveCoverage, dispatch_uid="newsroom-coverage-saved")
    post_delete.connect(_coverage_changed, sender=LiveCoverage, dispatch_uid="newsroom-coverage-deleted")
    post_save.connect(_alert_changed, sender=BreakingAlert, dispatch_uid="newsroom-alert-saved")
    post_delete.connect(_alert_changed, sender=BreakingAlert, dispatch_uid="newsroom-alert-deleted")


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


def _alert_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        purge.purge({surrogate_keys.BREAKING})
