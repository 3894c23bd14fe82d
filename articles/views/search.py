"""The search page: the form always, results and facets once the reader asked for something.

The backend (``articles.search``; PostgreSQL's full text by default) finds the ids, counts and facets; the page
reads the stories shown through ``published()``. Results are paged by number ("Page 2", "Next page"): in relevance
order "newer" and "older" would mean nothing. The pages reach the newest 1,000 matches (50 pages); beyond them
the count says "about" and the facets narrow the search.
"""

from django.conf import settings
from django.utils.decorators import method_decorator
from django.views.generic import TemplateView

from articles.caching import public_page, public_set_stamp
from articles.search import SearchForm, facet_groups, result_page, search_choices
from articles.seo import page_meta


@method_decorator(public_page, name="dispatch")
class SearchView(TemplateView):
    template_name = "articles/search.html"

    def get(self, request, *args, **kwargs):
        stamp = public_set_stamp()
        choices = search_choices(request, stamp=stamp)
        form = SearchForm(request.GET, choices=choices)
        # Strict: unknown filter values show the form's errors and no results, never everything.
        searched = form.asked and form.is_valid()
        context = {"form": form, "searched": searched, "meta": page_meta(request, title="Search", noindex=True)}
        if searched:
            criteria = form.criteria()
            found = result_page(
                criteria, number=request.GET.get("page"), per_page=settings.NEWSROOM["PAGE_SIZE"], stamp=stamp
            )
            context |= {
                "found": found,
                "articles": found.stories,
                "page_obj": found.page,
                "page_numbers": found.paginator.get_elided_page_range(found.page.number),
                "query_string": _without(request.GET, "page"),
                "without_writer": _without(request.GET, "page", "author"),
                "facets": facet_groups(found.results.facets, criteria, request.GET, choices),
                "writer": form.author,
            }
        response = self.render_to_response(self.get_context_data(**context))
        response["X-Robots-Tag"] = "noindex"
        return response


def _without(params, *names) -> str:
    query = params.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()
