"""The read API (django-ninja): stories, sections, the region tree, topics and authors. Each view reads its
input, asks ``api.stories`` for what the caller may see, shapes it (``api.shapes`` or ``api.ninjs``) and answers
through ``api.http``."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from django.urls import reverse
from ninja import NinjaAPI, Query
from ninja.errors import ValidationError
from pydantic import Field

from api import access, ninjs, schemas, shapes, stories
from api.errors import ApiError
from api.http import answer, error, preflight
from articles.models import Article, Section
from pagecache import keys as surrogate_keys

DESCRIPTION = """
Newsroom's published stories for partners, apps and headless front ends.

* **Keys**: anonymous use is allowed at a lower rate limit. Send a key as `Authorization: Bearer nr_…` (or
  `X-Api-Key`). A `public` key reads what readers see; a `preview` key also reads drafts, stories in review,
  scheduled and withdrawn stories (answered `private, no-store`). Over the limit: `429` with `Retry-After`.
* **Shapes**: Newsroom's JSON, or IPTC ninjs 2.1 with `Accept: application/vnd.iptc.ninjs+json` or `?format=ninjs`.
* **Paging**: follow `next` (an opaque `cursor`); stories published meanwhile never shift the pages after.
* **Caching**: `ETag` and `Last-Modified`, answered `304` when unchanged.
* **Errors**: JSON `{"error": {"status", "message", "field"}}`; a bad filter or cursor is a `400` naming it.
"""

api = NinjaAPI(
    title="Newsroom content API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs/",
)


@api.exception_handler(ApiError)
def _api_error(request, exc: ApiError):
    return error(request, exc)


@api.exception_handler(ValidationError)
def _bad_input(request, exc: ValidationError):
    problems = exc.errors or [{}]
    first = problems[0]
    field = str(first.get("loc", ["", "?"])[-1])
    return error(request, ApiError(400, f"{field}: {first.get('msg', 'not valid')}", field=field))


class ListQuery(schemas.Schema):
    section: str | None = Field(None, description="A section's slug.")
    region: str | None = Field(None, description="A region's slug: stories in it or any place under it.")
    topic: str | None = Field(None, description="A topic's slug.")
    author: str | None = Field(None, description="An author's slug.")
    updated_since: datetime | None = Field(None, description="Only stories changed at or after this time.")
    cursor: str | None = Field(None, description="From the `next` link of the page before.")
    limit: int = Field(stories.DEFAULT_LIMIT, ge=1, le=stories.MAX_LIMIT, description="Stories a page.")
    format: Literal["json", "ninjs"] | None = Field(None, description="`ninjs` for IPTC ninjs 2.1.")


def _absolute(request) -> shapes.Links:
    links = getattr(request, "_api_links", None)
    if links is None:
        links = request._api_links = shapes.Links(request.build_absolute_uri("/"))
    return links


def _wants_ninjs(request, format: str | None) -> bool:
    return format == "ninjs" or (format is None and ninjs.MEDIA_TYPE in request.headers.get("Accept", ""))


def _shape(request, article: Article, as_ninjs: bool) -> dict:
    links = _absolute(request)
    api_url = links(reverse("api:article", kwargs={"article_id": article.pk}))
    build = ninjs.story if as_ninjs else shapes.article
    return build(article, links, api_url=api_url)


def _changed(article: Article):
    return max(filter(None, (article.updated_at, article.last_corrected_at)))


@api.get("/articles/", response=schemas.ArticlePage, url_name="articles", summary="Stories, newest first")
def list_articles(request, query: Query[ListQuery]):
    client = access.client_for(request)
    filters = stories.Filters(
        section=query.section,
        region=query.region,
        topic=query.topic,
        author=query.author,
        updated_since=query.updated_since,
    )
    visible = stories.narrowed(stories.visible(preview=client.may_preview), filters, preview=client.may_preview)
    rows, next_cursor = stories.page(visible, preview=client.may_preview, after=query.cursor, limit=query.limit)
    as_ninjs = _wants_ninjs(request, query.format)
    next_url = None
    if next_cursor:
        params = request.GET.copy()
        params["cursor"] = next_cursor
        next_url = request.build_absolute_uri(f"{request.path}?{params.urlencode()}")
    data = {"items": [_shape(request, row, as_ninjs) for row in rows], "next_cursor": next_cursor, "next": next_url}
    last_modified = max((_changed(row) for row in rows), default=None)
    return answer(request, data, preview=client.may_preview, last_modified=last_modified)


@api.get(
    "/articles/{article_id}/",
    response={200: schemas.Article, 404: schemas.Error, 410: schemas.Error},
    url_name="article",
    summary="One story",
)
def get_article(request, article_id: int, format: Literal["json", "ninjs"] | None = None):
    client = access.client_for(request)
    article = stories.one(article_id, preview=client.may_preview)
    if article is None:
        raise _missing(article_id)
    as_ninjs = _wants_ninjs(request, format)
    return answer(
        request,
        _shape(request, article, as_ninjs),
        preview=client.may_preview,
        last_modified=_changed(article),
        content_type=ninjs.MEDIA_TYPE if as_ninjs else "application/json",
    )


def _missing(article_id: int) -> ApiError:
    """Withdrawn or expired after it was live: 410, so partners take it down. Never public: 404, as for no story."""
    row = Article.objects.filter(pk=article_id).first()
    if row is not None and row.is_gone:
        return ApiError(410, "This story has been withdrawn.")
    return ApiError(404, "No such story.")


@api.get("/sections/", response=list[schemas.Section], url_name="sections", summary="Sections")
def list_sections(request):
    client = access.client_for(request)
    absolute = _absolute(request)
    data = [shapes.named(s, absolute, description=s.description) for s in Section.objects.order_by("position")]
    return answer(request, data, preview=client.may_preview)


@api.get("/regions/", response=list[schemas.RegionNode], url_name="regions", summary="Regions, as a tree")
def list_regions(request):
    client = access.client_for(request)
    surrogate_keys.record(surrogate_keys.LATEST)  # a newly published story can bring a region into the list
    data = shapes.region_tree(list(stories.regions(preview=client.may_preview)), _absolute(request))
    return answer(request, data, preview=client.may_preview)


@api.get("/topics/", response=list[schemas.Topic], url_name="topics", summary="Topics")
def list_topics(request):
    client = access.client_for(request)
    surrogate_keys.record(surrogate_keys.LATEST)
    absolute = _absolute(request)
    data = [
        shapes.named(t, absolute, iptc_code=t.iptc_code or None) for t in stories.topics(preview=client.may_preview)
    ]
    return answer(request, data, preview=client.may_preview)


@api.get("/authors/", response=list[schemas.Named], url_name="authors", summary="Authors")
def list_authors(request):
    client = access.client_for(request)
    surrogate_keys.record(surrogate_keys.LATEST)
    data = [shapes.named(a, _absolute(request)) for a in stories.authors(preview=client.may_preview)]
    return answer(request, data, preview=client.may_preview)


# CORS preflight, for browsers sending a key header (only where API_CORS_ORIGINS allows the origin).
def _preflight(request):
    return preflight(request)


def _preflight_one(request, article_id: int):
    return preflight(request)


# Named as the GET routes they answer beside (django-ninja serves both methods from one view per path).
for _name in ("articles", "sections", "regions", "topics", "authors"):
    api.api_operation(["OPTIONS"], f"/{_name}/", include_in_schema=False, url_name=_name)(_preflight)
api.api_operation(["OPTIONS"], "/articles/{article_id}/", include_in_schema=False, url_name="article")(_preflight_one)
