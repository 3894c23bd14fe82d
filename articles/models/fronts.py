"""Fronts that editors curate: the home page and each section's page, with stories pinned to ordered slots.

A slot holds a story in a position (1 is the lead, then the top stories), optionally until a time. What a front
shows is worked out by ``articles.fronts``: pinned stories that readers may see, in slot order, then the newest
public stories. A slot whose story is withdrawn or expires, or whose time runs out, simply stops counting: nothing
needs to delete it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from articles.models.content import Article, Status
from articles.models.taxonomy import Section


class FrontQuerySet(models.QuerySet):
    def ensure_all(self) -> None:
        """The home front and one per section exist (a new section gets its front the first time the list opens)."""
        have = set(self.values_list("section_id", flat=True))
        wanted = [None, *Section.objects.values_list("pk", flat=True)]
        missing = [Front(section_id=pk) for pk in wanted if pk not in have]
        if missing:
            self.bulk_create(missing, ignore_conflicts=True)


class Front(models.Model):
    """The home page (no section) or a section's page."""

    section = models.OneToOneField(Section, null=True, blank=True, on_delete=models.CASCADE, related_name="front")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = FrontQuerySet.as_manager()

    class Meta:
        ordering = [models.F("section__position").asc(nulls_first=True), "section__name"]
        constraints = [
            # One home front: NULL sections would not clash in a plain unique index.
            models.UniqueConstraint(Coalesce("section", Value(0)), name="one_front_per_page"),
        ]

    def __str__(self):
        return f"{self.section.name} front" if self.section_id else "Home page"

    def get_absolute_url(self):
        return self.section.get_absolute_url() if self.section_id else reverse("articles:home")


class FrontSlotQuerySet(models.QuerySet):
    def running(self):
        """Slots still in force: without a time limit, or before it."""
        return self.filter(Q(until__isnull=True) | Q(until__gt=timezone.now()))

    def ending(self):
        """Slots whose time limit is still ahead: each will leave its front by itself (``articles.caching``)."""
        return self.filter(until__gt=timezone.now())


class FrontSlot(models.Model):
    front = models.ForeignKey(Front, on_delete=models.CASCADE, related_name="slots")
    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="front_slots",
        # Live and scheduled stories (a scheduled one takes its slot when it goes out); drafts are not offered.
        limit_choices_to={"status": Status.PUBLISHED},
        verbose_name="story",
    )
    position = models.PositiveSmallIntegerField(default=1, help_text="1 is the lead; then the top stories in order.")
    until = models.DateTimeField(
        null=True, blank=True, help_text="Optional: the story leaves this slot by itself at this time."
    )
    pinned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, editable=False, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = FrontSlotQuerySet.as_manager()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "slot"
        constraints = [models.UniqueConstraint(fields=["front", "article"], name="unique_story_per_front")]
        indexes = [
            models.Index(fields=["front", "position"], name="frontslot_front_position"),
            models.Index(fields=["until"], name="frontslot_until"),
        ]

    def __str__(self):
        return f"{self.front}: {self.position}"

    @property
    def is_running(self) -> bool:
        """``running()`` for a slot in hand: no time limit, or one still ahead."""
        return self.until is None or self.until > timezone.now()
