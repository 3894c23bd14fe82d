"""What a story event makes stale, and the schedule cap it moves: receivers of ``articles.events``.

A story's event purges the cached pages showing it (``purge_keys.story_keys``: the story's own key, and the
listings it entered or left); a public correction also the pages listing corrections (``latest``). A story that
left readers' view (withdrawn, expired, deleted, rescheduled) is *taken down*: its takedown key is purged with it,
so Django's page cache serves no stale copy showing it (``pagecache.pages``).

The event's ``before`` and ``after`` also say when readers' view of the story next changes by the clock (its
scheduled publish time, or its expiry), which caps how long any page may be kept (``articles.caching``). The cap
reaches only pages stored after it is known, so when that moment is new or moves earlier, the pages that would
outlive it are purged at once: every page that lists the story once it is public, which is what a publish purges
(``latest`` and the story's listings, ``purge_keys.listing_keys``), and its own address. Those are rebuilt with the
cap, so they show the story within a second of its time, and no page that would not show it is thrown away
(a site-wide purge at every scheduling would empty the caches of pages that never change). The cap is moved
before the purge, so a page rebuilt after the purge is always capped.
"""

from __future__ import annotations

from django.utils import timezone

from articles import caching, events, purge_keys
from articles.purge_keys import Placement
from pagecache import keys, pages, purge

TAKEDOWNS = (events.story_withdrawn, events.story_expired, events.story_unpublished)


def story_event(sender, signal, story_id: int, before, after, **kwargs) -> None:
    caching.scheduling_changed(was=before.next_change, now=after.next_change)
    stale = purge_keys.story_keys(story_id, before, after)
    if signal is events.story_corrected:
        stale |= {keys.story(story_id), keys.LATEST}  # its page and feed items, /corrections/ and its feeds
    if signal in TAKEDOWNS:
        stale |= {keys.story(story_id), pages.takedown_key(keys.story(story_id))}
    stale |= due_sooner(story_id, before, after)
    purge.purge(stale)


def due_sooner(story_id: int, before: Placement, after: Placement) -> set[str]:
    """The pages to rebuild when the story's next change by the clock is new or earlier than it was: the listings
    it is in (or will be in once public), ``latest`` and its own page."""
    coming, now = after.next_change, timezone.now()
    if coming is None or coming <= now:
        return set()
    if before.next_change is not None and now < before.next_change <= coming:
        return set()  # every page stored since it was known is capped at that moment, no later than this one
    listings = after.listings if after.public else purge_keys.placement(story_id, even_if_hidden=True).listings
    return {keys.story(story_id), keys.LATEST, *listings}


def connect() -> None:
    events.connect_all(story_event, dispatch_uid="newsroom-purge-story")
