"""What the article page shows of a live story: the "Live" label, key events, and a page of updates.

A fixed number of queries whatever the blog's length: the coverage comes joined with the story, then one count,
one page of updates, their authors, their pictures, and the key events (``LiveUpdate``'s two indexes). The
newest ``PER_PAGE`` are on the first page; ``?page=N`` pages back; ``?update=ID`` (every update's share link)
opens the page holding that update, wherever newer ones have pushed it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, Q

from articles import body as body_markup
from articles.models import Article, Author, Image
from live.models import LiveCoverage, LiveUpdate

PER_PAGE = 50
KEY_EVENTS = 20
HEADLINE_UPDATES = 3


@dataclass
class LiveBlog:
    coverage: LiveCoverage
    page: Page
    key_events: list[LiveUpdate]

    @property
    def updates(self) -> list[LiveUpdate]:
        return self.page.object_list

    @property
    def headline_updates(self) -> list[LiveUpdate]:
        """What the headline shows of the blog: the newest key events, or the newest updates while none is marked
        key (those of the first page only: a later page's are not the newest)."""
        if self.key_events or self.page.number != 1:
            return self.key_events[:HEADLINE_UPDATES]
        return self.updates[:HEADLINE_UPDATES]


def coverage_of(article: Article) -> LiveCoverage | None:
    """The story's live coverage, read from the row the article query joined (no query)."""
    try:
        return article.live_coverage
    except LiveCoverage.DoesNotExist:
        return None


def changed_at(article: Article):
    """When readers' view of the story last changed, its updates included (the page's validators)."""
    coverage = coverage_of(article)
    return max(article.updated_at, coverage.changed_at) if coverage else article.updated_at


def live_blog(request, article: Article) -> LiveBlog | None:
    coverage = coverage_of(article)
    if coverage is None:
        return None
    updates = coverage.updates.prefetch_related(Prefetch("authors", queryset=Author.objects.only("name", "slug")))
    paginator = Paginator(updates, PER_PAGE)
    page = paginator.get_page(_page_number(request, coverage))
    page.object_list = list(page.object_list)
    _render_bodies(page.object_list)
    key_events = list(coverage.updates.filter(key_event=True).only("pk", "title", "body", "published_at")[:KEY_EVENTS])
    return LiveBlog(coverage=coverage, page=page, key_events=key_events)


def _page_number(request, coverage: LiveCoverage):
    """``?update=ID`` counts the updates above it (one indexed count); otherwise ``?page=``."""
    wanted = request.GET.get("update", "")
    if wanted.isdigit():
        update = coverage.updates.filter(pk=int(wanted)).values("pk", "published_at").first()
        if update:
            newer = coverage.updates.filter(
                Q(published_at__gt=update["published_at"]) | Q(published_at=update["published_at"], pk__gt=update["pk"])
            ).count()
            return newer // PER_PAGE + 1
    return request.GET.get("page")


def _render_bodies(updates: list[LiveUpdate]) -> None:
    """Every update's body with its figures made responsive, the pictures of the whole page in one query."""
    ids = set().union(*(body_markup.picture_ids(update.body) for update in updates)) if updates else set()
    pictures = Image.objects.in_bulk(ids) if ids else {}
    for update in updates:
        update.body_html = body_markup.render_body(update.body, pictures=pictures)
