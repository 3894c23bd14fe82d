"""The article page and its preview.

One fetch of the story serves both the conditional-request check (ETag / Last-Modified, 304) and the
page itself. Withdrawn and expired stories answer 410, drafts and scheduled stories 404, old slugs a 301.
"""

import time
from datetime import UTC, datetime

from django.conf import settings
from django.db.models import CharField, F, IntegerField, Value
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.http import condition

from articles import pending, story_page
from articles.caching import public_page
from articles.embeds import FRAME_SOURCES
from articles.models import Article, ArticleAuthor, Author, Correction, Region, SlugRedirect, Topic
from articles.permissions import EDIT_PERMISSION
from articles.related.ranking import related_articles
from articles.seo import article_meta
from newsroom.csp import allow_frames

LATEST_IN_SECTION = 8
# The sidebars change while the story does not: a validator older than this is not honoured, so a
# revalidating browser picks up new "Latest" and related stories at least this often.
SIDEBAR_FRESHNESS_SECONDS = 600


def _article_query():
    # What other apps show on a story's page comes joined too (live coverage: articles.story_page).
    # The search vector (as long as the body) is never shown.
    return Article.objects.select_related("section", "source", "lead_image", *story_page.select_related()).defer(
        "search_vector"
    )


def _live(request, section, slug) -> Article | None:
    """The published story at this slug, fetched once per request for both the validators and the page."""
    if not hasattr(request, "_newsroom_article"):
        request._newsroom_article = _article_query().published().filter(slug=slug).first()
    return request._newsroom_article


def _bucket() -> int:
    """The current sidebar period: both validators move on when it does."""
    return int(time.time()) // SIDEBAR_FRESHNESS_SECONDS


def _etag(request, section, slug):
    article = _live(request, section, slug)
    if article is None:
        return None
    stamp = int(story_page.changed_at(article).timestamp() * 1_000_000)  # a live blog's updates move it on
    return f'"{article.pk}-{stamp}-{_bucket()}"'


def _last_modified(request, section, slug):
    """The later of the story's last edit and the start of the sidebar period, as the ETag: a client that
    revalidates with If-Modified-Since only still sees new "Latest" and related stories each period."""
    article = _live(request, section, slug)
    if article is None:
        return None
    return max(story_page.changed_at(article), datetime.fromtimestamp(_bucket() * SIDEBAR_FRESHNESS_SECONDS, tz=UTC))


def labels_of(article: Article) -> tuple[list[Author], list[Region], list[Topic]]:
    """The byline's authors, the regions and the topics in one query (a UNION), as rows that can build their
    URLs (and name their cache keys): the article page's query budget has no room for three."""
    columns = ("kind", "label_id", "label", "label_slug", "n")

    def rows(queryset, kind, pk, label, slug, n):
        return (
            queryset.order_by()
            .annotate(
                kind=Value(kind, output_field=CharField()), label_id=F(pk), label=F(label), label_slug=F(slug), n=n
            )
            .values_list(*columns)
        )

    zero = Value(0, output_field=IntegerField())
    authors = rows(
        ArticleAuthor.objects.filter(article=article),
        "author",
        "author_id",
        "author__name",
        "author__slug",
        F("position"),
    )
    regions = rows(Region.objects.filter(tagged_items__content_object=article), "region", "pk", "name", "slug", zero)
    topics = rows(Topic.objects.filter(tagged_items__content_object=article), "topic", "pk", "name", "slug", zero)
    found = {"author": [], "region": [], "topic": []}
    models = {"author": Author, "region": Region, "topic": Topic}
    for kind, pk, name, slug, _ in authors.union(regions, topics, all=True).order_by("kind", "n", "label"):
        found[kind].append(models[kind](pk=pk, name=name, slug=slug))
    return found["author"], found["region"], found["topic"]


def latest_in_section(article: Article) -> list[Article]:
    if not article.section_id:
        return []
    # No bylines in this list, so not for_listing(): its author prefetch would be a wasted query. Nor bodies.
    recent = Article.objects.published().in_section(article.section).exclude(pk=article.pk)
    recent = recent.select_related("section", "lead_image").defer("body", "search_vector")
    return list(recent.latest_first()[:LATEST_IN_SECTION])


def render_article(request, article: Article, *, preview: bool = False, tags: dict | None = None):
    """``tags``: region and topic ids to show instead of the story's own (a preview of pending changes)."""
    authors, regions, topics = labels_of(article)
    Correction.objects.attach_to([article])  # a query only for a story that has corrections
    if tags:
        regions = list(Region.objects.filter(pk__in=tags["regions"])) if "regions" in tags else regions
        topics = list(Topic.objects.filter(pk__in=tags["topics"])) if "topics" in tags else topics
    crumbs = [("Home", reverse("articles:home"))]
    if article.section_id:
        crumbs.append((article.section.name, article.section.get_absolute_url()))
    crumbs.append((article.headline, article.get_absolute_url()))
    parts = story_page.contexts(request, article)  # live coverage's updates, None for a plain story
    allow_frames(request, FRAME_SOURCES)  # the embedded posts' players, loaded on a reader's click
    context = {
        "article": article,
        "authors": authors,
        "regions": regions,
        "topics": topics,
        "related": related_articles(article, limit=settings.RELATED_STORIES["LIMIT"], bylines=False),
        "latest": latest_in_section(article),
        "crumbs": crumbs,
        "preview": preview,
        "pending": tags is not None,
        "current_section": article.section.slug if article.section_id else "",
        **parts,
        "meta": article_meta(request, article, authors=authors, crumbs=crumbs, noindex=preview, parts=parts),
    }
    return render(request, "articles/article.html", context)


@method_decorator(public_page, name="dispatch")
class ArticleDetailView(View):
    @method_decorator(condition(etag_func=_etag, last_modified_func=_last_modified))
    def get(self, request, section, slug):
        article = _live(request, section, slug)
        if article is None:
            return self._not_live(slug)
        if section != (article.section.slug if article.section_id else "news"):
            return HttpResponsePermanentRedirect(article.get_absolute_url())
        return render_article(request, article)

    def _not_live(self, slug):
        """Gone (410), moved (301 to a live story) or unknown (404): only asked when no live story has the slug."""
        story = Article.objects.filter(slug=slug).only("status", "first_published_at", "expires_at").first()
        if story is None:
            moved = SlugRedirect.objects.filter(old_slug=slug).select_related("article__section").first()
            story = moved.article if moved else None
            if moved and Article.objects.published().filter(pk=moved.article_id).exists():
                return HttpResponsePermanentRedirect(moved.article.get_absolute_url())
        if story is not None and story.is_gone:
            return _withdrawn(self.request)
        raise Http404("No such story.")


def _withdrawn(request):
    return render(request, "410.html", {"meta": {"title": "Story withdrawn", "robots": "noindex"}}, status=410)


@method_decorator(never_cache, name="dispatch")
class PreviewView(View):
    """Any state, for people who may edit stories; everyone else gets a plain 404 (not a login redirect)."""

    def get(self, request, pk):
        if not request.user.has_perm(EDIT_PERMISSION):
            raise Http404("No such story.")
        article = get_object_or_404(_article_query().select_related("pending_change"), pk=pk)
        change = getattr(article, "pending_change", None)
        # With pending changes, the preview is the version an editor would put live (readers keep the other).
        tags = pending.lay_over(article, change.data) if change else None
        response = render_article(request, article, preview=True, tags=tags)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response
