"""Where a story stands as the database has it, and which cached pages a write makes stale.

A story's keys: its own (``a123``, every page showing it); when it enters or leaves what readers see (published,
withdrawn, expired, deleted), also ``latest`` and every listing it is filed in (``articles.subjects``: its section,
its regions and the regions above them, its topics, its authors); when a live story moves between listings (a
section or tag change), the listings it left and entered. A draft's edits purge nothing: no public page shows it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from articles import subjects
from articles.models import Article, ArticleAuthor, Status, TaggedRegion, TaggedTopic
from pagecache import keys


@dataclass(frozen=True)
class Placement:
    """Where a story stands: whether it exists, its status, public or not, expired, the listings it is filed in
    (read only when it is public, or when asked: a draft's listings matter to no cached page), its scheduled publish
    time while it waits for it, and the next moment readers' view of it changes by the clock (publish or expiry)."""

    exists: bool = False
    status: str = ""
    public: bool = False
    expired: bool = False
    listings: frozenset[str] = field(default_factory=frozenset)
    scheduled_for: datetime | None = None
    next_change: datetime | None = None

    @property
    def withdrawn(self) -> bool:
        return self.status == Status.WITHDRAWN


def placement(pk: int | None, *, even_if_hidden: bool = False) -> Placement:
    if pk is None:
        return Placement()
    row = Article.objects.filter(pk=pk).values("status", "published_at", "expires_at", "section_id").first()
    if row is None:
        return Placement()
    story = Article(status=row["status"], published_at=row["published_at"], expires_at=row["expires_at"])
    state = {
        "exists": True,
        "status": story.status,
        "public": story.is_published,
        "expired": story.is_expired,
        "scheduled_for": story.published_at if story.is_scheduled else None,
        "next_change": story.next_change_by_itself,
    }
    if not (story.is_published or even_if_hidden):
        return Placement(**state)
    return Placement(**state, listings=frozenset(listing_keys(pk, row["section_id"])))


def listing_keys(pk: int, section_id: int | None) -> set[str]:
    """Every listing the story is filed in (regions: the places above its own too)."""
    listings = {subjects.SECTION.listing_key(section_id)} if section_id else set()
    for (path,) in TaggedRegion.objects.filter(content_object_id=pk).values_list("tag__path"):
        listings |= {subjects.REGION.listing_key(int(part)) for part in path.strip("/").split("/") if part}
    topic_ids = TaggedTopic.objects.filter(content_object_id=pk).values_list("tag_id", flat=True)
    listings |= {subjects.TOPIC.listing_key(tag_id) for tag_id in topic_ids}
    author_ids = ArticleAuthor.objects.filter(article_id=pk).values_list("author_id", flat=True)
    listings |= {subjects.AUTHOR.listing_key(author_id) for author_id in author_ids}
    return listings


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
    return {keys.LATEST} if section_id is None else {subjects.SECTION.listing_key(section_id)}


def subject_keys(subject: subjects.Subject, pk: int) -> set[str]:
    """A section, region, topic or author renamed, redescribed, merged or deleted."""
    return {subject.listing_key(pk), subject.name_key(pk)}
