"""RSS-to-email: lists marked *send automatically* get an edition of what is new at each send time (daily, or weekly
on their day), assembled and sent by the worker's scheduler (``tasks.tick``) with nobody at the desk. A slot with
nothing new sends nothing. Each list's slot is taken under a row lock on the list, so two workers never make two
editions of one slot.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from newsletters import assembly, sending
from newsletters.models import Cadence, Edition, NewsletterList, Subscription


def last_slot(newsletter: NewsletterList, now: datetime) -> datetime:
    """The most recent send time at or before ``now``."""
    local = timezone.localtime(now)
    at = newsletter.send_time
    slot = local.replace(hour=at.hour, minute=at.minute, second=0, microsecond=0)
    if newsletter.cadence == Cadence.WEEKLY:
        slot -= timedelta(days=(slot.weekday() - newsletter.send_weekday) % 7)
        if slot > local:
            slot -= timedelta(days=7)
    elif slot > local:
        slot -= timedelta(days=1)
    return slot


def is_due(newsletter: NewsletterList, now: datetime) -> bool:
    slot = last_slot(newsletter, now)
    baseline = newsletter.last_edition_at or newsletter.created_at  # a new list waits for its first slot
    return baseline < slot


def send_due(*, now: datetime, start: Callable[[Edition], object]) -> int:
    """Make and start an edition for every automatic list whose slot has come and that has something new;
    ``start(edition)`` queues its send. The number of editions started."""
    lists = NewsletterList.objects.filter(automatic=True, cadence__in=[Cadence.DAILY, Cadence.WEEKLY]).filter(
        pk__in=Subscription.objects.values("newsletter_id")
    )
    started = 0
    for newsletter in lists:
        if is_due(newsletter, now) and (edition := _make(newsletter.pk, now)) is not None:
            start(edition)
            started += 1
    return started


def _make(newsletter_id: int, now: datetime) -> Edition | None:
    with transaction.atomic():
        newsletter = NewsletterList.objects.select_for_update().get(pk=newsletter_id)
        if not is_due(newsletter, now):
            return None  # another worker took this slot
        since = newsletter.last_edition_at or (last_slot(newsletter, now) - _period(newsletter))
        stories = assembly.candidates(newsletter, since=since)
        if not stories:
            return None  # nothing new: no mail (the slot stays open until something is)
        edition = assembly.new_edition(newsletter=newsletter, subject=f"{newsletter.name}: {stories[0].headline}")
        assembly.fill(edition, stories)
        newsletter.last_edition_at = now
        newsletter.save(update_fields=["last_edition_at", "updated_at"])
    return edition if sending.start(edition) else None


def _period(newsletter: NewsletterList) -> timedelta:
    return timedelta(days=7 if newsletter.cadence == Cadence.WEEKLY else 1)
