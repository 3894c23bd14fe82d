"""The record kept in the open: corrections published with a story, and a live story's pending changes."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from articles.models.content import Article
from articles.sanitize import clean_inline


class CorrectionKind(models.TextChoices):
    CORRECTION = "correction", "Correction"
    CLARIFICATION = "clarification", "Clarification"
    EDITORS_NOTE = "editors-note", "Editor’s note"


class CorrectionQuerySet(models.QuerySet):
    def public(self):
        """Made public by an editor, on a story readers may see (the one rule, ``Article.objects.published()``)."""
        return self.filter(published_at__lte=timezone.now(), article__in=Article.objects.published())

    def made_public(self):
        """Made public, whatever the story's state: the block on a page that is itself public or a preview."""
        return self.filter(published_at__lte=timezone.now()).order_by("published_at", "pk")

    def attach_to(self, articles) -> None:
        """Give each article its public corrections, oldest first, as ``public_corrections``: one query, and none
        when no article has any (``Article.last_corrected_at``)."""
        corrected = [article for article in articles if article.last_corrected_at]
        for article in articles:
            article.public_corrections = []
        if not corrected:
            return
        by_article = {article.pk: article for article in corrected}
        for correction in self.made_public().filter(article__in=list(by_article)):
            by_article[correction.article_id].public_corrections.append(correction)


class Correction(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(max_length=20, choices=CorrectionKind.choices, default=CorrectionKind.CORRECTION)
    text = models.TextField(help_text="What was wrong and what is right. Links and emphasis only.")
    # Empty while it is a draft; set when an editor makes it public.
    published_at = models.DateTimeField("made public", null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, editable=False, related_name="+"
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, editable=False, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["-published_at"], name="correction_published")]

    def __str__(self):
        return f"{self.get_kind_display()} to “{self.article}”"

    def save(self, *args, **kwargs):
        self.text = clean_inline(self.text)
        super().save(*args, **kwargs)

    @property
    def is_public(self) -> bool:
        return self.published_at is not None and self.published_at <= timezone.now()


class PendingChange(models.Model):
    """Edits to a live story saved "as draft": readers keep seeing the story as it is until an editor publishes
    them (``articles.services.publish_pending_changes``). ``data`` holds the admin form's field values, related
    rows by primary key (tags as lists)."""

    article = models.OneToOneField(Article, on_delete=models.CASCADE, related_name="pending_change")
    data = models.JSONField(default=dict)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Pending changes to “{self.article}”"
