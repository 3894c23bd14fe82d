"""The home page: the lead story, the latest, and a few stories from every section."""

from collections import defaultdict

from django.conf import settings
from django.db import connection
from django.db.models import Q
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.generic import TemplateView

from articles.caching import public_page
from articles.fronts import front_stories, prefetch_cards
from articles.models import Article, Section
from articles.seo import page_meta
from articles.views.listings import public_articles

LATEST_ON_HOME = 8
PER_SECTION_ON_HOME = 4


def section_blocks(sections: list[Section], *, exclude: list[int]) -> list[tuple[Section, list[Article]]]:
    """The newest few stories of every section in one query: small, indexed LIMIT subqueries, one per section.
    Without the cards' prefetches (``fronts.prefetch_cards``): their compact cards show no byline."""
    if not sections:
        return []
    candidates = Article.objects.published().exclude(pk__in=exclude).latest_first()
    newest = [candidates.filter(section=section).values("pk")[:PER_SECTION_ON_HOME] for section in sections]
    if connection.features.supports_slicing_ordering_in_compound:
        # A UNION ALL of the per-section lists: an OR of them made PostgreSQL scan every public story (0.8 s at
        # 200,000 stories against 14 ms).
        wanted = Q(pk__in=newest[0].union(*newest[1:], all=True))
    else:  # SQLite allows no LIMIT inside a UNION; it reads each OR branch from the index
        wanted = Q()
        for subquery in newest:
            wanted |= Q(pk__in=subquery)
    by_section = defaultdict(list)
    for article in public_articles().prefetch_related(None).filter(wanted):
        by_section[article.section_id].append(article)
    return [(section, by_section[section.pk]) for section in sections if by_section[section.pk]]


@method_decorator(public_page, name="dispatch")
class HomeView(TemplateView):
    template_name = "articles/home.html"

    def get_context_data(self, **kwargs):
        # Editors' pins first (lead, then the top stories), the newest stories after them.
        latest = front_stories(count=LATEST_ON_HOME + 1, with_cards=False)
        sections = list(Section.objects.only("name", "slug").order_by("position", "name"))
        blocks = section_blocks(sections, exclude=[a.pk for a in latest])
        prefetch_cards(latest)  # the bylines; the sections' compact cards show none
        return super().get_context_data(
            lead=latest[0] if latest else None,
            latest=latest[1:],
            blocks=blocks,
            meta=page_meta(self.request, title=settings.NEWSROOM["SITE_NAME"], path=reverse("articles:home")),
            **kwargs,
        )
