"""Live coverage: a story followed as it happens (its updates), the breaking-news alert, and read counts.

A live blog is an ordinary ``articles.Article`` with a ``LiveCoverage`` row beside it: the story keeps its
headline, standfirst, pictures, section and tags, and whether readers may see any of it is still only
``Article.objects.published()``. Updates are shown through the story, never on their own.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from articles.models import Article, Author
from articles.sanitize import clean_body


class CoverageState(models.TextChoices):
    LIVE = "live", "Live"
    ENDED = "ended", "Ended"


class LiveCoverage(models.Model):
    article = models.OneToOneField(Article, on_delete=models.CASCADE, related_name="live_coverage")
    state = models.CharField(max_length=10, choices=CoverageState.choices, default=CoverageState.LIVE)
    started_at = models.DateTimeField("coverage start", default=timezone.now)
    ended_at = models.DateTimeField("coverage end", null=True, blank=True)
    # Moved on by every write of an update (post, correction, deletion): the page's and the poll's validators
    # read it from this one row, so a 2,000-update blog answers a poll with the same single query as a short one.
    changed_at = models.DateTimeField(default=timezone.now, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "live coverage"

    def __str__(self):
        return f"{self.article.headline} ({self.get_state_display()})"

    @property
    def is_live(self) -> bool:
        return self.state == CoverageState.LIVE


class LiveUpdate(models.Model):
    coverage = models.ForeignKey(LiveCoverage, on_delete=models.CASCADE, related_name="updates")
    published_at = models.DateTimeField(default=timezone.now)
    title = models.CharField(max_length=200, blank=True, default="")
    body = models.TextField()
    key_event = models.BooleanField(
        "key event", default=False, help_text="Listed at the top of the page, with a link to the update."
    )
    authors = models.ManyToManyField(Author, blank=True, related_name="live_updates")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, editable=False, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["coverage", "-published_at", "-id"], name="liveupdate_newest"),
            models.Index(fields=["coverage", "key_event", "-published_at"], name="liveupdate_key_events"),
        ]

    def __str__(self):
        return self.title or f"Update {self.pk}"

    def save(self, *args, **kwargs):
        self.body = clean_body(self.body)
        super().save(*args, **kwargs)

    @property
    def anchor(self) -> str:
        return f"update-{self.pk}"


class BreakingAlert(models.Model):
    """The banner at the top of every public page, while it is current: not cleared, not expired, and its
    linked story (if any) still public."""

    text = models.CharField(max_length=200)
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.CASCADE, related_name="+", help_text="Optional link."
    )
    expires_at = models.DateTimeField("expires at", null=True, blank=True)
    cleared_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, editable=False, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["cleared_at", "-created_at"], name="breakingalert_current")]

    def __str__(self):
        return self.text


class ReadCount(models.Model):
    """Reads of one story in one hour, without anything about the readers (the database fallback of
    ``live.reads``; with Redis the same buckets are sorted sets)."""

    article_id = models.BigIntegerField()  # not a foreign key: a beacon never costs a look-up of the story
    hour = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["hour", "article_id"], name="readcount_one_per_hour")]
