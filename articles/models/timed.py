"""Claims on what the clock does to stories: one row per scheduled publication or expiry that has been told."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from django.db import models

# Event ids of timed events are uuid5s in this namespace: the same story, event and moment give the same id on every
# machine and every retry.
EVENT_ID_NAMESPACE = uuid.UUID("6f1c3f2e-64a1-4f55-9a59-2f7d8c0b5e11")


class TimedKind(models.TextChoices):
    PUBLISHED = "published", "Went live at its scheduled time"
    EXPIRED = "expired", "Expired"


def timed_event_id(story_id: int, kind: str, moment: datetime) -> str:
    return uuid.uuid5(EVENT_ID_NAMESPACE, f"{story_id}/{kind}/{moment.astimezone(UTC).isoformat()}").hex


class TimedEvent(models.Model):
    """A story's scheduled time came, or its expiry passed, and this was told (``articles.timed``). The unique
    (story, kind, moment) is the claim: of two machines looking at the same moment, one inserts the row and tells
    it; the other's insert fails and it tells nothing. A story scheduled again for a new moment is a new event."""

    story = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=TimedKind.choices)
    moment = models.DateTimeField(help_text="The publish or expiry time that passed.")
    created_at = models.DateTimeField(auto_now_add=True, help_text="When it was claimed and told.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["story", "kind", "moment"], name="one_claim_per_timed_event")]
        indexes = [models.Index(fields=["moment"], name="timedevent_moment")]

    def __str__(self):
        return f"{self.kind} {self.story_id} at {self.moment:%Y-%m-%d %H:%M:%S}"

    @property
    def event_id(self) -> str:
        return timed_event_id(self.story_id, self.kind, self.moment)
