"""The search page: the form always, results only once the reader asked for something."""

from django.utils.decorators import method_decorator
from django_filters.views import FilterView

from articles.caching import public_page
from articles.search import MAX_RESULTS as MAX_SEARCH_RESULTS
from articles.search import ArticleSearchFilter
from articles.seo import page_meta
from articles.views.listings import PublicListMixin, public_articles


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
