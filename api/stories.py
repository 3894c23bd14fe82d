"""Which stories a caller may read, narrowed by the list's filters, loaded in a fixed number of queries.

Everything starts from ``Article.objects.published()``, the one public rule; only a ``preview`` key widens it to
every story on the desk (drafts, in review, scheduled, withdrawn), for a headless front end's preview pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.db.models.functions import Coalesce

from api import cursor
from api.errors import ApiError
from articles.models import (
    Article,
    ArticleAuthor,
    ArticleImage,
    Author,
    Correction,
    Region,
    Section,
    TaggedRegion,
    TaggedTopic,
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


_SUBJECTS = {"section": Section, "region": Region, "topic": Topic, "author": Author}


def narrowed(queryset, filters: Filters):
    """Each filter names its subject by slug; an unknown slug is a 400 naming the filter."""
    for name, model in _SUBJECTS.items():
        slug = getattr(filters, name)
        if not slug:
            continue
        subject = model.objects.filter(slug=slug).first()
        if subject is None:
            raise ApiError(400, f"No {name} has the slug “{slug}”.", field=name)
        narrow = {"section": queryset.in_section, "region": queryset.in_region}.get(name)
        narrow = narrow or {"topic": queryset.with_topic, "author": queryset.by_author}[name]
        queryset = narrow(subject)
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
    queryset = Region.objects.order_by("path")
    if preview:
        return queryset
    carried = TaggedRegion.objects.filter(
        tag__path__startswith=OuterRef("path"), content_object__in=Article.objects.published()
    )
    return queryset.filter(Exists(carried))


def topics(*, preview: bool):
    if preview:
        return Topic.objects.order_by("name")
    carried = TaggedTopic.objects.filter(tag=OuterRef("pk"), content_object__in=Article.objects.published())
    return Topic.objects.filter(Exists(carried)).order_by("name")


def authors(*, preview: bool):
    if preview:
        return Author.objects.order_by("name")
    carried = ArticleAuthor.objects.filter(author=OuterRef("pk"), article__in=Article.objects.published())
    return Author.objects.filter(Exists(carried)).order_by("name")
