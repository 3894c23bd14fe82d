"""The search form's sections, places and topics, worked out once per change of the public set.

Places and topics are those that have a story ``published()`` returns (an indexed probe per tag, which stops at the
first live story; never a count, and never the stored ``article_count``, which a scheduled story's links would
satisfy before it is public); a place is offered too when a place inside it has stories, as its search includes
them (found from the paths of the places with stories: comparing every region's path with every other's took
seconds at 200,000 stories). Facets are named from the same lists, so naming them costs no query either.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone

from articles.caching import cached_public_data
from articles.models import Article, Region, Section, TaggedRegion, TaggedTopic, Topic


@dataclass(frozen=True)
class Choice:
    id: int
    slug: str
    name: str
    depth: int = 0  # places: 0 for the broadest
    parent: int | None = None  # places: the place it is in


@dataclass
class Choices:
    sections: list[Choice]
    regions: list[Choice]
    topics: list[Choice]

    def by_slug(self, kind: str) -> dict[str, Choice]:
        return {choice.slug: choice for choice in getattr(self, kind)}

    def by_id(self, kind: str) -> dict[int, Choice]:
        return {choice.id: choice for choice in getattr(self, kind)}


def _with_public_story(tags, through):
    """The tags carrying a story ``published()`` returns: for each tag, its first link with a publish time (set
    while its story's status is published: ``articles.related.index``) whose story is public, read from the
    (tag, published_at) index. A LIMIT 1 subquery, so PostgreSQL probes each tag and stops at its first live story
    rather than joining every link with every public story (an EXISTS became that join: 0.6 s at 200,000)."""
    live = Article.objects.published().filter(pk=OuterRef("content_object_id"))
    first = through.objects.filter(tag=OuterRef("pk"), published_at__lte=timezone.now()).filter(Exists(live))
    return tags.annotate(live_link=Subquery(first.values("pk")[:1])).filter(live_link__isnull=False)


def public_region_ids() -> set[int]:
    """Places with a public story, and the places above them (their search includes the places inside)."""
    paths = _with_public_story(Region.objects.all(), TaggedRegion).values_list("path", flat=True)
    return {int(part) for path in paths for part in path.strip("/").split("/") if part}


def _compute() -> Choices:
    regions = Region.objects.filter(pk__in=public_region_ids()).order_by("name")
    topics = _with_public_story(Topic.objects.all(), TaggedTopic).order_by("name")
    return Choices(
        sections=[Choice(pk, slug, name) for pk, slug, name in Section.objects.values_list("pk", "slug", "name")],
        regions=[
            Choice(pk, slug, name, depth, parent)
            for pk, slug, name, depth, parent in regions.values_list("pk", "slug", "name", "depth", "parent_id")
        ],
        topics=[Choice(pk, slug, name) for pk, slug, name in topics.values_list("pk", "slug", "name")],
    )


def search_choices(request=None, *, stamp: str) -> Choices:
    """Read once per request (kept on it), computed once per ``stamp`` (``articles.caching.public_set_stamp``)."""
    if request is not None and hasattr(request, "_newsroom_search_choices"):
        return request._newsroom_search_choices
    choices = cached_public_data("search-choices:2", _compute, stamp=stamp)
    if request is not None:
        request._newsroom_search_choices = choices
    return choices
