"""Who is editing a story now, and the words each editor has not saved yet.

``StoryLock`` is WordPress's post lock: one row per story naming who holds it, renewed by a heartbeat from the open
form (``articles.admin.editing``); it lapses by itself when the heartbeats stop (the tab closed, the laptop shut), so
nobody has to release it. Another editor opening the story is told who holds it and since when, and may take it over.

``StoryDraft`` is one editor's unsaved version of one story (or of a story not yet created): the form's fields as
pending changes keep them (``articles.pending``), saved every few seconds while they type and whenever a save of
theirs is refused (the story was taken over, saved by someone else, or scheduled meanwhile), so no path loses work.
Reopening the story offers it back.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from articles.models.content import Article

# The open form beats every HEARTBEAT seconds; a lock not renewed for LAPSE is free (WordPress: 15 s and 150 s).
HEARTBEAT_SECONDS = 15
LAPSE = timedelta(seconds=60)


class StoryLockQuerySet(models.QuerySet):
    def held(self):
        """Locks whose holder's form is still beating."""
        return self.filter(renewed_at__gt=timezone.now() - LAPSE)


class StoryLock(models.Model):
    article = models.OneToOneField(Article, on_delete=models.CASCADE, related_name="edit_lock")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    since = models.DateTimeField(help_text="When this editor took the story.")
    renewed_at = models.DateTimeField()
    # Who held it before a take-over (their form is told so at its next heartbeat), and when it was taken.
    taken_from = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = StoryLockQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["renewed_at"], name="storylock_renewed")]

    def __str__(self):
        return f"{self.user} editing “{self.article}”"

    @property
    def is_held(self) -> bool:
        return self.renewed_at > timezone.now() - LAPSE


class DraftReason(models.TextChoices):
    AUTOSAVE = "autosave", "Saved while you typed"
    TAKEN_OVER = "taken-over", "Kept when another editor took the story over"
    STALE = "stale", "Kept when someone else had saved the story after you opened it"
    LOCKED = "locked", "Kept when the story was no longer yours to change"


class StoryDraft(models.Model):
    article = models.ForeignKey(Article, null=True, blank=True, on_delete=models.CASCADE, related_name="drafts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    data = models.JSONField(default=dict)
    # The story's version (Article.lock_version) the form was opened on: restoring a draft older than the story
    # says so, since the story changed after it was typed.
    opened_version = models.PositiveIntegerField(default=0)
    reason = models.CharField(max_length=20, choices=DraftReason.choices, default=DraftReason.AUTOSAVE)
    created_at = models.DateTimeField(auto_now_add=True)
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "user"], name="one_draft_per_story_and_editor"),
            # A story not yet created: one unsaved new story per editor.
            models.UniqueConstraint(fields=["user"], condition=models.Q(article=None), name="one_new_story_draft"),
        ]

    def __str__(self):
        return f"{self.user}'s unsaved version of “{self.article or 'a new story'}”"

    @property
    def headline(self) -> str:
        return str(self.data.get("headline") or "")
