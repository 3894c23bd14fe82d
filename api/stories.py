"""Which stories a caller may read, narrowed by the list's filters, loaded in a fixed number of queries.

Everything starts from ``Article.objects.published()``, the one public rule; only a ``preview`` key widens it to
every story on the desk (drafts, in review, scheduled, withdrawn), for a headless front end's preview pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch, Q
from django.db.models.functions import Coalesce

from api import cursor
from api.errors import ApiError
from articles import subjects
from articles.models import (
    Article,
    ArticleImage,
    Author,
    Correction,
    Region,
    Topic,
)

DEFAULT_LIMIT, MAX_LIMIT = 50, 200


def visible(*, preview: bool):
    return Article.objects.all() if preview else Article.objects.published()


def loaded(queryset):
    """Every field the API shows: the card's relations (``for_listing``) plus the body, tags, inline pictures."""
    return (
        queryset.for_listing()
        .defer(None)
        .defer("search_vector", "import_fingerprint")
        .prefetch_related(
            "regions",
            "topics",
            Prefetch("inline_images", queryset=ArticleImage.objects.select_related("image")),
        )
    )


def finish(articles: list[Article]) -> list[Article]:
    """Public corrections (a query only when some story has any) and each region's ancestors (one query for the
    whole page), so shaping the stories costs nothing more."""
    Correction.objects.attach_to(articles)
    for article in articles:  # taggit builds a manager and a queryset on every .all(): read each list once
        article.region_list, article.topic_list = list(article.regions.all()), list(article.topics.all())
    regions = [region for article in articles for region in article.region_list]
    wanted = {pk for region in regions for pk in region.ancestor_ids}
    ancestors = Region.objects.in_bulk(wanted) if wanted else {}
    for region in regions:
        region.ancestors_loaded = [ancestors[pk] for pk in region.ancestor_ids if pk in ancestors]
    return articles


@dataclass
class Filters:
    section: str | None = None
    region: str | None = None
    topic: str | None = None
    author: str | None = None
    updated_since: datetime | None = None


def narrowed(queryset, filters: Filters, *, preview: bool = False):
    """Each filter names its subject by slug (``articles.subjects``). A slug that names nothing a caller may see is
    a 400 naming the filter: for public callers a topic, region or author that only unpublished stories carry
    answers exactly as an unknown one, so the filter never confirms what a draft is about."""
    for kind, subject_kind in subjects.SUBJECTS.items():
        slug = getattr(filters, kind)
        if not slug:
            continue
        known = subject_kind.model.objects if preview else subject_kind.carried()
        subject = known.filter(slug=slug).first()
        if subject is None:
            raise ApiError(400, f"No {kind} has the slug “{slug}”.", field=kind)
        queryset = subject_kind.narrow(queryset, subject)
    if filters.updated_since:
        queryset = queryset.filter(updated_at__gte=filters.updated_since)
    return queryset


def page(queryset, *, preview: bool, after: str | None, limit: int) -> tuple[list[Article], str | None]:
    """Newest first by publish time (a preview's unpublished stories by when they were made), then id; one more
    row than asked tells whether there is a next page."""
    sort = "published_at"
    if preview:
        queryset, sort = queryset.annotate(sort_at=Coalesce("published_at", "created_at")), "sort_at"
    queryset = queryset.order_by(f"-{sort}", "-id")
    if after:
        moment, pk = cursor.decode(after)
        queryset = queryset.filter(Q(**{f"{sort}__lt": moment}) | Q(**{sort: moment, "id__lt": pk}))
    rows = list(loaded(queryset)[: limit + 1])
    more = len(rows) > limit
    rows = finish(rows[:limit])
    last = rows[-1] if rows else None
    return rows, cursor.encode(getattr(last, sort), last.pk) if more and last else None


def one(pk: int, *, preview: bool) -> Article | None:
    found = list(loaded(visible(preview=preview).filter(pk=pk)))
    return finish(found)[0] if found else None


# --- the vocabularies: only names a published story carries, so a name used only by drafts is never confirmed ---


def regions(*, preview: bool):
    return (Region.objects if preview else subjects.REGION.carried()).order_by("path")


def topics(*, preview: bool):
    return (Topic.objects if preview else subjects.TOPIC.carried()).order_by("name")


def authors(*, preview: bool):
    return (Author.objects if preview else subjects.AUTHOR.carried()).order_by("name")
