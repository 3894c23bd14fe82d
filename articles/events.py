"""Story events: what happened to a story as readers see it, sent once, after the write that did it has committed.

    story_published    it became public: published now, or its scheduled time came (``timed=True``)
    story_updated      a public story was saved and is still public
    story_withdrawn    a public story was withdrawn (readers get 410 Gone)
    story_expired      a public story's expiry time passed (``timed=True``) or was moved into the past
    story_unpublished  a public story left readers' view otherwise (rescheduled into the future, deleted)
    story_scheduled    a story not yet public got, moved or lost its scheduled publish time
    story_corrected    a public correction of a public story was saved

Every event carries ``story_id``, ``before`` and ``after`` (``articles.purge_keys.Placement``: public or not, the
listings it is filed in, its next change by the clock) and ``timed``; ``story_corrected`` also ``correction_id``.
A save's events are worked out by ``articles.signals`` from one snapshot taken before the save; the clock's
(scheduled stories going live, expiries passing) by ``articles.timed``. Purging (``articles.purging``), the schedule
cap (``articles.caching``), webhooks (``api.webhooks``) listen; the next consumer subscribes in one line::

    story_published.connect(my_receiver, dispatch_uid="my-app-published")

Derived data that must never disagree with the story in the database (the related index's publish times on tag
links, tag counts) is kept in step inside the save's own transaction by ``articles.signals``, not here.
"""

from __future__ import annotations

from django.dispatch import Signal

story_published = Signal()
story_updated = Signal()
story_withdrawn = Signal()
story_expired = Signal()
story_unpublished = Signal()
story_scheduled = Signal()
story_corrected = Signal()

ALL = {
    "published": story_published,
    "updated": story_updated,
    "withdrawn": story_withdrawn,
    "expired": story_expired,
    "unpublished": story_unpublished,
    "scheduled": story_scheduled,
    "corrected": story_corrected,
}


def connect_all(receiver, *, dispatch_uid: str) -> None:
    """One receiver for every story event (it reads ``signal`` to tell them apart)."""
    for name, event in ALL.items():
        event.connect(receiver, dispatch_uid=f"{dispatch_uid}-{name}")
