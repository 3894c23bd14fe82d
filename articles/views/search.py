"""The search page: the form always, results only once the reader asked for something.

Ranking is bounded: ordering by relevance ranks only the newest ``RANKED_CANDIDATES`` stories that pass every
filter, not every match. A common word matches most of the archive, and ``ts_rank`` reads each match's whole
vector: at 200,000 stories "value" matched 169,000 and the page took 2.7 s in its query alone (a parallel
sequential scan ranking every match) plus as much again for the count. Newest-first candidates are read from
the publish-time index and stop after the bound; rare words still come through the GIN index. A news reader
wants the relevant stories among recent ones, and the page shows at most MAX_SEARCH_RESULTS anyway.

Results are paged by number ("Page 2", "Next page"): in relevance order "newer" and "older" would mean nothing.
"""

from django.utils.decorators import method_decorator
from django_filters.views import FilterView

from articles.caching import public_page
from articles.search import MAX_RESULTS as MAX_SEARCH_RESULTS
from articles.search import ArticleSearchFilter, highlight
from articles.seo import page_meta
from articles.views.listings import PublicListMixin, public_articles

RANKED_CANDIDATES = 2 * MAX_SEARCH_RESULTS


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
        self.object_list = self.results()[:MAX_SEARCH_RESULTS] if wanted else self.filterset.queryset.none()
        context = self.get_context_data(filter=self.filterset, object_list=self.object_list, searched=wanted)
        response = self.render_to_response(context)
        response["X-Robots-Tag"] = "noindex"
        return response

    def results(self):
        results = self.filterset.qs
        chosen = self.filterset.form.cleaned_data
        if chosen.get("q") and chosen.get("order") != "date":
            newest = results.order_by("-published_at", "-id").values("pk")[:RANKED_CANDIDATES]
            results = results.filter(pk__in=newest)
        return results

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        context = super().get_context_data(
            query_string=query.urlencode(),
            max_results=MAX_SEARCH_RESULTS,
            meta=page_meta(self.request, title="Search", noindex=True),
            **kwargs,
        )
        # The page's stories only (loaded once here), with the words found marked in them.
        context["articles"] = list(context["articles"])
        highlight(context["articles"], self.filterset.form.cleaned_data.get("q", "") if context["searched"] else "")
        if context.get("page_obj") is not None:
            context["page_numbers"] = context["paginator"].get_elided_page_range(context["page_obj"].number)
        return context
