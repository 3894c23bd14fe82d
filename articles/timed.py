"""What the clock did to stories: scheduled stories that went live and live stories whose expiry passed, with no save
to say so (a save's own events come from ``articles.story_writes``).

``due(since=, now=)`` lists them for a period. A story counts as gone live by the clock only when its last save came
before its publish time: one published by a save (Publish now, Publish changes, an import) was told by that save,
so nothing here tells it again.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import F
from django.utils import timezone

from articles.models import Article, Status

PUBLISHED, EXPIRED = "published", "expired"


def due(*, since: datetime, now: datetime | None = None) -> list[tuple[str, int, datetime]]:
    """(event, story id, when) for every timed change after ``since`` up to ``now``, oldest first."""
    now = now or timezone.now()
    went_live = (
        Article.objects.published()
        .filter(published_at__gt=since, published_at__lte=now, updated_at__lt=F("published_at"))
        .values_list("pk", "published_at")
    )
    expired = Article.objects.filter(status=Status.PUBLISHED, expires_at__gt=since, expires_at__lte=now).values_list(
        "pk", "expires_at"
    )
    found = [(PUBLISHED, pk, at) for pk, at in went_live] + [(EXPIRED, pk, at) for pk, at in expired]
    return sorted(found, key=lambda row: (row[2], row[1]))
