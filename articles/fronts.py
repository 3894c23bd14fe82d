"""What a front shows: the stories editors pinned to it, in slot order, then the newest public stories, each once.

A pin counts only while its story is public (``Article.objects.published()``: a withdrawn, expired or not yet due
story is skipped and the next one moves up) and its slot's time limit is ahead. Nothing pinned, the front is the
newest stories, as it always was.

Cached pages: a slot's write purges its front (``articles.signals``); a slot's time limit caps every page's
lifetime like a scheduled story's publish time (``articles.caching.remember_next_scheduled``); a pinned story's
own changes purge it through its story key, which the page carries.
"""

from __future__ import annotations

from django.db.models import F, prefetch_related_objects

from articles.models import Article, Front, FrontSlot, Section

# A section's page shows at most this many pinned stories above its list (the lead and the top stories).
SECTION_PINS = 5

# The prefetches a story card needs (``for_listing()``), run once over pinned and latest stories together.
_CARD_PREFETCHES = Article.objects.for_listing()._prefetch_related_lookups


def pinned_stories(section: Section | None = None, *, with_cards: bool = True) -> list[Article]:
    """The public stories pinned to the home front (``section`` None) or a section's, in slot order. One query
    (plus the card's prefetches when some are pinned and ``with_cards``)."""
    slots = FrontSlot.objects.running().filter(front__section=section)  # None: the home's (IS NULL)
    # Unordered in SQL: an ordered list of public stories would name the page "latest" (pagecache.keys),
    # and a section front must not be purged by every story published elsewhere.
    stories = (
        Article.objects.published()
        .for_listing()
        .filter(front_slots__in=slots)
        .annotate(slot_position=F("front_slots__position"), slot_id=F("front_slots__id"))
        .order_by()
    )
    if not with_cards:
        stories = stories.prefetch_related(None)
    return sorted(stories, key=lambda story: (story.slot_position, story.slot_id))


def front_stories(section: Section | None = None, *, count: int, with_cards: bool = True) -> list[Article]:
    """``count`` stories for a front: the pinned ones first, then the newest public ones not pinned. One query more
    than the newest stories alone (and the cards' prefetches, unless ``with_cards`` is off: ``prefetch_cards``)."""
    pinned = pinned_stories(section, with_cards=False)[:count]
    latest = (
        Article.objects.published()
        .for_listing()
        .latest_first()
        .prefetch_related(None)
        .exclude(pk__in=[story.pk for story in pinned])
    )
    if section is not None:
        latest = latest.in_section(section)
    stories = pinned + list(latest[: count - len(pinned)])
    if with_cards:
        prefetch_cards(stories)
    return stories


def prefetch_cards(stories: list[Article]) -> None:
    """What story cards need of stories loaded without it (``for_listing()``'s prefetches): one query for them all."""
    prefetch_related_objects(stories, *_CARD_PREFETCHES)


def renumber_slots(*, front: Front, moved: set[int] = frozenset()) -> None:
    """Number a front's slots 1, 2, 3… in their order. A slot just placed or moved (``moved``) goes before one that
    already held its position: pinning a story as the lead pushes the old lead to 2, not the other way round."""
    slots = sorted(front.slots.all(), key=lambda slot: (slot.position, slot.pk not in moved, slot.pk))
    for position, slot in enumerate(slots, start=1):
        if slot.position != position:
            slot.position = position
            slot.save(update_fields=["position"])  # who pinned it, and when, stay as they were
