"""Which cached pages a write makes stale: the surrogate keys to purge for a story, a tag, a picture.

A story's keys: its own (``a123``, every page showing it); when it enters or leaves what readers see (published,
withdrawn, deleted), also ``latest`` and every listing it is filed in (its section, its regions and the regions
above them, its topics, its authors); when a live story moves between listings (a section or tag change), the
listings it left and entered. A draft's edits purge nothing: no public page shows it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from articles import surrogate_keys as keys
from articles.models import Article, ArticleAuthor, TaggedRegion, TaggedTopic


@dataclass(frozen=True)
class Placement:
    """Where a story stands, as the database has it: public or not, and the listings it is filed in (read only
    when it is public, or when asked: a draft's listings matter to no cached page)."""

    public: bool = False
    listings: frozenset[str] = field(default_factory=frozenset)
    scheduled_for: datetime | None = None  # set while it waits for its publish time


def placement(pk: int | None, *, even_if_hidden: bool = False) -> Placement:
    if pk is None:
        return Placement()
    row = Article.objects.filter(pk=pk).values("status", "published_at", "section_id").first()
    if row is None:
        return Placement()
    story = Article(status=row["status"], published_at=row["published_at"])
    public = story.is_published
    if not (public or even_if_hidden):
        return Placement(scheduled_for=story.published_at if story.is_scheduled else None)
    listings = {keys.listing("section", row["section_id"])} if row["section_id"] else set()
    for (path,) in TaggedRegion.objects.filter(content_object_id=pk).values_list("tag__path"):
        listings |= {keys.listing("region", int(part)) for part in path.strip("/").split("/") if part}
    listings |= {
        keys.listing("topic", tag_id)
        for tag_id in TaggedTopic.objects.filter(content_object_id=pk).values_list("tag_id", flat=True)
    }
    listings |= {
        keys.listing("author", author_id)
        for author_id in ArticleAuthor.objects.filter(article_id=pk).values_list("author_id", flat=True)
    }
    return Placement(public=public, listings=frozenset(listings), scheduled_for=None)


def story_keys_after(pk: int, before: Placement) -> set[str]:
    """The keys to purge now that the story's write has committed (``before`` read as it began)."""
    after = placement(pk, even_if_hidden=before.public)
    return story_keys(pk, before, after)


def story_keys(pk: int, before: Placement, after: Placement) -> set[str]:
    if not (before.public or after.public):
        return set()
    stale = {keys.story(pk)}
    if before.public != after.public:
        stale |= before.listings | after.listings | {keys.LATEST}
    else:
        stale |= before.listings ^ after.listings
    return stale


def front_keys(section_id: int | None) -> set[str]:
    """A front's slot pinned, moved or unpinned: the home page lists the newest stories (``latest``), a section's
    page its section's."""
    return {keys.LATEST} if section_id is None else {keys.listing("section", section_id)}


def tag_keys(kind: str, pk: int) -> set[str]:
    """A section, region, topic or author renamed, redescribed, merged or deleted."""
    return {keys.listing(kind, pk), keys.name(kind, pk)}
