"""Story lists about one thing: a section, a region (with the places under it), a topic, an author.

Every story shown comes from ``Article.objects.published()``; ``for_listing()`` on top keeps a page at the
same number of queries whatever it shows, and ``CappedPaginator`` keeps the count bounded however large the
archive grows.
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.views.generic import ListView

from articles import fronts, subjects
from articles.caching import public_page
from articles.models import Article, TaggedRegion
from articles.seo import page_meta

# Listings count at most this many pages' worth of stories ("Page 3 of many" beyond): the count and the
# deepest OFFSET stay bounded however large the archive grows. Deeper pages answer 404.
MAX_PAGES = 500


def public_articles():
    return Article.objects.published().for_listing().latest_first()


class CappedPaginator(Paginator):
    """Counts at most ``MAX_PAGES`` pages of rows: one bounded ``COUNT`` over a ``LIMIT``ed subquery."""

    @property
    def cap(self) -> int:
        return MAX_PAGES * self.per_page

    @cached_property
    def counted(self) -> int:
        # Unordered: which rows the LIMIT keeps does not change how many there are, and sorting thousands of
        # matches only to count them was a fifth of a topic page's time.
        return self.object_list.order_by().values("pk")[: self.cap + 1].count()

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
    """Stories about one thing (a section, region, topic or author: ``articles.subjects``), found by its slug.
    Sections are the site's navigation and answer even when empty; a region, topic or author page exists only
    while a published story carries it, so a name used only by drafts is never confirmed."""

    kind: subjects.Subject
    paginator_class = CappedPaginator

    @property
    def subject_model(self):
        return self.kind.model

    def narrow(self, queryset, subject):
        return self.kind.narrow(queryset, subject)

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            # A merged or renamed tag's old address answers with its new one, for good.
            moved_to = subjects.moved_to(self.subject_model, kwargs.get("slug"))
            if moved_to is None:
                raise
        query = request.META.get("QUERY_STRING")
        url = moved_to.get_absolute_url()
        return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)

    def get_queryset(self):
        self.subject = get_object_or_404(self.subject_model, slug=self.kwargs["slug"])
        return self.narrow(public_articles(), self.subject)

    def paginate_queryset(self, queryset, page_size):
        page = self.request.GET.get("page")
        beyond = page and page.isascii() and page.isdigit() and (len(page) > 6 or int(page) > MAX_PAGES)
        if beyond:
            raise Http404("No such page.")
        paginated = super().paginate_queryset(queryset, page_size)
        # The count says whether anything is published here: no separate query to ask.
        if not self.kind.shown_when_empty and not paginated[0].count:
            raise Http404("Nothing published here.")
        return paginated

    def crumbs(self) -> list[tuple[str, str]]:
        return [("Home", reverse("articles:home")), (str(self.subject), self.subject.get_absolute_url())]

    def get_context_data(self, **kwargs):
        crumbs = self.crumbs()
        title = self.kind.title_format.format(self.subject)
        description = getattr(self.subject, "description", "") or getattr(self.subject, "bio", "")
        return super().get_context_data(
            subject=self.subject,
            title=title,
            crumbs=crumbs,
            meta=page_meta(self.request, title=title, description=description, crumbs=crumbs),
            **kwargs,
        )


class SectionView(SubjectListView):
    kind = subjects.SECTION
    template_name = "articles/section.html"

    def get_queryset(self):
        # The editors' pins head the first page; the list below leaves them out on every page, so each shows once.
        listed = super().get_queryset()
        self.pinned = fronts.pinned_stories(self.subject)[: fronts.SECTION_PINS]
        return listed.exclude(pk__in=[story.pk for story in self.pinned]) if self.pinned else listed

    def get_context_data(self, **kwargs):
        context = super().get_context_data(current_section=self.subject.slug, current_section_is_page=True, **kwargs)
        pinned = self.pinned if context["page_obj"].number == 1 else []
        # Under the pinned block and its "Latest" heading, the list's headlines are one level down.
        below = {"heading": "h3"} if pinned else {}
        return {**context, "pinned_lead": pinned[0] if pinned else None, "pinned_top": pinned[1:], **below}


class RegionView(SubjectListView):
    kind = subjects.REGION
    template_name = "articles/region.html"

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
    kind = subjects.TOPIC
    template_name = "articles/topic.html"


class AuthorView(SubjectListView):
    kind = subjects.AUTHOR
    template_name = "articles/author.html"
