"""What the clock did to stories: scheduled stories that went live and live stories whose expiry passed, with no save
to say so (a save's own events come from ``articles.story_writes``), told once each however many machines look.

``due(since=, now=)`` lists them for a period. A story counts as gone live by the clock only when its last save came
before its publish time: one published by a save (Publish now, Publish changes, an import) was told by that save,
so nothing here tells it again.

``tell_due(since=, now=)`` claims each of them (a ``TimedEvent`` row, unique on story, kind and moment: of two
machines, or two workers, or cron's ``announce_timed_events`` on two machines, one inserts it and the other's
insert fails) and sends its story event (``story_published`` / ``story_expired`` with ``timed=True``, plus
``event_id``, the same on every machine and retry, and ``moment``) inside the claim's transaction: what listeners
write (webhook deliveries and their queued tasks) commits with the claim or not at all, and their own after-commit
work (purges) runs once it has committed. A listener that fails rolls the claim back, so the next look tells it.

The worker's scheduler runs ``tell_due_events`` every ``EVERY`` (``articles/worker_hooks.py``), looking back
``LOOKBACK``: a worker that was away for less than that misses nothing, and a look over what was told already
finds its claims and tells nothing.
"""

from __future__ import annotations

import dataclasses
import logging
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.tasks import task
from django.utils import timezone

from articles import events
from articles.models import Article, Status, TimedEvent, TimedKind
from articles.purge_keys import placement

logger = logging.getLogger(__name__)

PUBLISHED, EXPIRED = TimedKind.PUBLISHED.value, TimedKind.EXPIRED.value
EVERY = timedelta(seconds=10)
LOOKBACK = timedelta(hours=1)


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


def tell_due(*, since: datetime, now: datetime | None = None) -> list[TimedEvent]:
    """Claim and tell every timed change after ``since`` not claimed yet; the claims this call made."""
    found = due(since=since, now=now)
    if not found:
        return []
    claimed = set(
        TimedEvent.objects.filter(story_id__in={pk for _, pk, _ in found}, moment__gt=since).values_list(
            "story_id", "kind", "moment"
        )
    )
    told = []
    for kind, pk, moment in found:
        if (pk, kind, moment) in claimed:
            continue
        try:
            claim = _claim_and_tell(kind, pk, moment)
        except Exception:
            logger.exception("Telling %s of story %s at %s failed; the next look tries again", kind, pk, moment)
            continue
        if claim is not None:
            told.append(claim)
    return told


def _claim_and_tell(kind: str, pk: int, moment: datetime) -> TimedEvent | None:
    with transaction.atomic():
        try:
            with transaction.atomic():
                claim = TimedEvent.objects.create(story_id=pk, kind=kind, moment=moment)
        except IntegrityError:
            return None  # told already, by another machine or an earlier look
        after = placement(pk, even_if_hidden=True)
        if kind == PUBLISHED:
            before = dataclasses.replace(after, public=False, scheduled_for=moment, next_change=moment)
            signal = events.story_published
        else:
            before = dataclasses.replace(after, public=True, expired=False, next_change=moment)
            signal = events.story_expired
        signal.send(
            sender=Article,
            story_id=pk,
            before=before,
            after=after,
            timed=True,
            event_id=claim.event_id,
            moment=moment,
        )
    return claim


@task
def tell_due_events() -> int:
    """The scheduler's job (and what saving a webhook endpoint queues once): tell what the clock did lately."""
    return len(tell_due(since=timezone.now() - LOOKBACK))
