"""What a story event makes stale, and the schedule cap it moves: receivers of ``articles.events``.

A story's event purges the cached pages showing it (``purge_keys.story_keys``: the story's own key, and the
listings it entered or left); a public correction also the pages listing corrections (``latest``). The event's
``before`` and ``after`` also say when readers' view of the story next changes by the clock, which caps how long
any page may be kept (``articles.caching``).
"""

from __future__ import annotations

from articles import caching, events, purge_keys
from pagecache import keys, purge


def story_event(sender, signal, story_id: int, before, after, **kwargs) -> None:
    stale = purge_keys.story_keys(story_id, before, after)
    if signal is events.story_corrected:
        stale |= {keys.story(story_id), keys.LATEST}  # its page and feed items, /corrections/ and its feeds
    purge.purge(stale)
    caching.scheduling_changed(was=before.next_change, now=after.next_change)


def connect() -> None:
    events.connect_all(story_event, dispatch_uid="newsroom-purge-story")
