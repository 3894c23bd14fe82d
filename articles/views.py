"""The readers' site: fronts, listings, search, robots.txt and the error pages.

Every story shown here comes from ``Article.objects.published()``; listings compose ``for_listing()``
on top so a page costs the same number of queries whatever it shows. The article page lives in
``articles.article_views``.
"""

from collections import defaultdict

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q
from django.http import Http404, HttpResponse, HttpResponseServerError
from django.shortcuts import get_object_or_404, render
from django.template import loader
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.views.generic import ListView, TemplateView
from django_filters.views import FilterView

from articles.article_views import ArticleDetailView, PreviewView
from articles.caching import LONG_MAX_AGE, public_page
from articles.filters import ArticleSearchFilter
from articles.models import Article, Author, Region, Section, TaggedRegion, Topic
from articles.search import MAX_RESULTS as MAX_SEARCH_RESULTS
from articles.seo import page_meta

__all__ = ["ArticleDetailView", "PreviewView"]

LATEST_ON_HOME = 8
PER_SECTION_ON_HOME = 4
# Listings count at most this many pages' worth of stories ("Page 3 of many" beyond): the count and the
# deepest OFFSET stay bounded however large the archive grows. Deeper pages answer 404.
MAX_PAGES = 500


def public_articles():
    return Article.objects.published().for_listing().latest_first()


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


@public_page(max_age=LONG_MAX_AGE)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Disallow: {reverse('articles:search')}",
        "Disallow: /preview/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap-index'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def section_blocks(sections: list[Section], *, exclude: list[int]) -> list[tuple[Section, list[Article]]]:
    """The newest few stories of every section in one query: an OR of small, indexed LIMIT subqueries."""
    if not sections:
        return []
    candidates = Article.objects.published().exclude(pk__in=exclude).latest_first()
    wanted = Q()
    for section in sections:
        wanted |= Q(pk__in=candidates.filter(section=section).values("pk")[:PER_SECTION_ON_HOME])
    by_section = defaultdict(list)
    for article in public_articles().filter(wanted):
        by_section[article.section_id].append(article)
    return [(section, by_section[section.pk]) for section in sections if by_section[section.pk]]


@method_decorator(public_page, name="dispatch")
class HomeView(TemplateView):
    template_name = "articles/home.html"

    def get_context_data(self, **kwargs):
        latest = list(public_articles()[: LATEST_ON_HOME + 1])
        sections = list(Section.objects.only("name", "slug").order_by("position", "name"))
        return super().get_context_data(
            lead=latest[0] if latest else None,
            latest=latest[1:],
            blocks=section_blocks(sections, exclude=[a.pk for a in latest]),
            nav_sections=sections,  # the context processor would fetch the same rows again
            meta=page_meta(self.request, title=settings.NEWSROOM["SITE_NAME"], path=reverse("articles:home")),
            **kwargs,
        )


class CappedPaginator(Paginator):
    """Counts at most ``MAX_PAGES`` pages of rows: one bounded ``COUNT`` over a ``LIMIT``ed subquery."""

    @property
    def cap(self) -> int:
        return MAX_PAGES * self.per_page

    @cached_property
    def counted(self) -> int:
        return self.object_list.values("pk")[: self.cap + 1].count()

    @cached_property
    def capped(self) -> bool:
        return self.counted > self.cap

    @cached_property
    def count(self) -> int:
        return min(self.counted, self.cap)


class PublicListMixin:
    """Paginated story lists: a bad or huge ?page= shows the first or last page instead of failing."""

    paginate_by = settings.NEWSROOM["PAGE_SIZE"]
    context_object_name = "articles"

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get("page"))
        return paginator, page, page.object_list, page.has_other_pages()


@method_decorator(public_page, name="dispatch")
class SubjectListView(PublicListMixin, ListView):
    """Stories about one thing (a section, region, topic or author), found by its slug."""

    subject_model = None
    title_format = "{}"
    paginator_class = CappedPaginator
    # Sections are the site's navigation and answer even when empty; a region, topic or author page exists
    # only while a published story carries it, so a name used only by drafts is never confirmed.
    shown_when_empty = False

    def narrow(self, queryset, subject):
        raise NotImplementedError

    def get_queryset(self):
        self.subject = get_object_or_404(self.subject_model, slug=self.kwargs["slug"])
        if not self.shown_when_empty and not self.narrow(Article.objects.published(), self.subject).exists():
            raise Http404("Nothing published here.")
        return self.narrow(public_articles(), self.subject)

    def paginate_queryset(self, queryset, page_size):
        page = self.request.GET.get("page")
        beyond = page and page.isascii() and page.isdigit() and (len(page) > 6 or int(page) > MAX_PAGES)
        if beyond:
            raise Http404("No such page.")
        return super().paginate_queryset(queryset, page_size)

    def crumbs(self) -> list[tuple[str, str]]:
        return [("Home", reverse("articles:home")), (str(self.subject), self.subject.get_absolute_url())]

    def get_context_data(self, **kwargs):
        crumbs = self.crumbs()
        title = self.title_format.format(self.subject)
        description = getattr(self.subject, "description", "") or getattr(self.subject, "bio", "")
        return super().get_context_data(
            subject=self.subject,
            title=title,
            crumbs=crumbs,
            meta=page_meta(self.request, title=title, description=description, crumbs=crumbs),
            **kwargs,
        )


class SectionView(SubjectListView):
    subject_model = Section
    title_format = "Latest {} News"
    template_name = "articles/section.html"
    shown_when_empty = True

    def get_context_data(self, **kwargs):
        return super().get_context_data(current_section=self.subject.slug, current_section_is_page=True, **kwargs)

    def narrow(self, queryset, subject):
        return queryset.in_section(subject)


class RegionView(SubjectListView):
    subject_model = Region
    template_name = "articles/region.html"

    def narrow(self, queryset, subject):
        return queryset.in_region(subject)

    def crumbs(self):
        above = [(str(region), region.get_absolute_url()) for region in self.subject.ancestors()]
        return [("Home", reverse("articles:home")), *above, (str(self.subject), self.subject.get_absolute_url())]

    def get_context_data(self, **kwargs):
        # Only places with a published story somewhere under them: a child page that would 404 is not linked.
        live = TaggedRegion.objects.filter(
            tag__path__startswith=OuterRef("path"), content_object__in=Article.objects.published()
        )
        children = self.subject.children.filter(Exists(live)).order_by("name").only("name", "slug")
        return super().get_context_data(children=children, **kwargs)


class TopicView(SubjectListView):
    subject_model = Topic
    template_name = "articles/topic.html"

    def narrow(self, queryset, subject):
        return queryset.with_topic(subject)


class AuthorView(SubjectListView):
    subject_model = Author
    title_format = "Stories by {}"
    template_name = "articles/author.html"

    def narrow(self, queryset, subject):
        return queryset.by_author(subject)


@method_decorator(public_page, name="dispatch")
class SearchView(PublicListMixin, FilterView):
    filterset_class = ArticleSearchFilter
    template_name = "articles/search.html"

    def get_queryset(self):
        return public_articles()

    def get(self, request, *args, **kwargs):
        self.filterset = self.get_filterset(self.get_filterset_class())
        # Strict: unknown filter values show the form's errors and no results, never everything.
        wanted = self.filterset.has_criteria and self.filterset.is_valid()
        self.object_list = self.filterset.qs[:MAX_SEARCH_RESULTS] if wanted else self.filterset.queryset.none()
        context = self.get_context_data(filter=self.filterset, object_list=self.object_list, searched=wanted)
        response = self.render_to_response(context)
        response["X-Robots-Tag"] = "noindex"
        return response

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            query_string=query.urlencode(),
            max_results=MAX_SEARCH_RESULTS,
            meta=page_meta(self.request, title="Search", noindex=True),
            **kwargs,
        )


def page_not_found(request, exception=None):
    return render(request, "404.html", {"meta": {"title": "Page not found", "robots": "noindex"}}, status=404)


def server_error(request):
    # No request context: the database or a context processor may be what failed.
    try:
        return HttpResponseServerError(loader.get_template("500.html").render())
    except Exception:
        return HttpResponseServerError("<!DOCTYPE html><title>Server error</title><h1>Something went wrong</h1>")
