"""/corrections/: every public correction, clarification and editor's note, newest first, each linking to its story.

``Correction.objects.public()`` holds the rule: made public by an editor, on a story that is itself public
(``Article.objects.published()``), so a correction to a draft, a scheduled, withdrawn or expired story shows nowhere.
"""

from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.generic import ListView

from articles.caching import public_page
from articles.models import Correction
from articles.seo import page_meta
from articles.views.listings import PublicListMixin
from pagecache import keys as surrogate_keys


def public_corrections():
    return Correction.objects.public().select_related("article__section").order_by("-published_at", "-pk")


@method_decorator(public_page, name="dispatch")
class CorrectionsView(PublicListMixin, ListView):
    template_name = "articles/corrections.html"
    context_object_name = "corrections"

    def get_queryset(self):
        return public_corrections()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # A new correction (anywhere) or a change to a listed story changes this page.
        surrogate_keys.record(surrogate_keys.LATEST)
        surrogate_keys.record_stories(correction.article_id for correction in context["corrections"])
        title = "Corrections and clarifications"
        crumbs = [("Home", reverse("articles:home")), (title, reverse("articles:corrections"))]
        description = "Every correction, clarification and editor’s note published with our stories."
        meta = page_meta(self.request, title=title, description=description, crumbs=crumbs)
        return {**context, "title": title, "crumbs": crumbs, "meta": meta}
