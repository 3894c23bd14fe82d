from django.utils.decorators import method_decorator
from django.views.generic import DetailView

from articles.caching import public_page
from articles.seo import page_meta
from pages.models import Page


@method_decorator(public_page, name="dispatch")
class PageView(DetailView):
    """An editor's simple page (About, Contact…): published ones only; the URL converter already refused others."""

    template_name = "pages/page.html"
    context_object_name = "page"

    def get_queryset(self):
        return Page.objects.published()

    def get_context_data(self, **kwargs):
        page = self.object
        return super().get_context_data(
            meta=page_meta(self.request, title=page.title, description=page.seo_description), **kwargs
        )
