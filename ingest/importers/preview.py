"""A dry run's card for each story: what the editor checks before confirming an import.

The card is plain data (it is stored with a worker's dry-run report as JSON): the story as the source sent it,
its pictures or the placeholders that will stand in for them, and the regions, topics and section its words
suggest (``suggest``: offered only for a story the run writes). Only the first ``MAX_CARDS`` stories of a run get
one; the report lists every item.
"""

from __future__ import annotations

from django.utils import formats, timezone

from articles.models import Section

from .records import ImportedStory
from .suggest import Suggestions

MAX_CARDS = 100


def card(story: ImportedStory, *, key: str, default: Section | None, suggestions: Suggestions) -> dict:
    when = timezone.localtime(story.published_at) if story.published_at else None
    return {
        "key": key,
        "headline": story.headline,
        "standfirst": story.standfirst,
        "byline": story.byline,
        "date": formats.date_format(when, "j F Y, H:i") if when else "",
        "date_iso": when.isoformat() if when else "",
        "section": story.section or (default.name if default else ""),
        "regions": list(story.regions),
        "topics": list(story.topics),
        "pictures": [
            {
                "caption": image.caption,
                "credit": image.credit,
                "alt": image.alt,
                "lead": image.role == "lead",
                "missing": not image.source.strip(),
            }
            for image in story.images
        ],
        "suggestions": suggestions.as_dict(),
    }
