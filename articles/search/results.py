"""One page of results, whatever the backend: its stories read through ``published()``, in the backend's order,
with the words found marked, and a paginator over the matches the pages reach."""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.utils.functional import cached_property

from articles.models import Article
from articles.search.backends import Count, Criteria, Results, backend
from articles.search.highlight import highlight

MAX_PAGE = 10_000  # any larger page number asked for is read as the last page


@dataclass
class ResultPage:
    results: Results
    stories: list[Article]
    paginator: Paginator
    page: Page

    @property
    def partial(self) -> bool:
        """The pages reach only some of the matches (the newest, ranked)."""
        return self.results.count != Count.EXACT or self.results.reachable < self.results.total

    @property
    def total_label(self) -> str:
        """ "12 stories", "about 180,000 stories", "1,000+ stories"."""
        total, count = self.results.total, self.results.count
        if count == Count.ESTIMATE:
            return f"about {about(total):,} stor{'y' if total == 1 else 'ies'}"
        plus = "+" if count == Count.AT_LEAST else ""
        return f"{total:,}{plus} stor{'y' if total == 1 and not plus else 'ies'}"


def about(number: int) -> int:
    """Two significant figures: 181,568 is about 180,000."""
    if number < 100:
        return number
    return round(number, 2 - len(str(number)))


class ReachedPaginator(Paginator):
    """Numbers the pages over the matches the backend's pages reach; holds only the page read."""

    def __init__(self, stories: list[Article], *, reachable: int, per_page: int):
        super().__init__(stories, per_page)
        self.reachable = reachable

    @cached_property
    def count(self) -> int:
        return self.reachable

    def page(self, number) -> Page:
        return self._get_page(self.object_list, self.validate_number(number), self)


def result_page(criteria: Criteria, *, number: str | None, per_page: int, stamp: str | None = None) -> ResultPage:
    wanted = _page_number(number)
    search = backend()
    extra = {"stamp": stamp} if getattr(search, "keeps_itself_current", False) else {}
    results = search.search(criteria, page=wanted, per_page=per_page, **extra)
    last = max(1, math.ceil(results.reachable / per_page))
    if wanted > last:  # past the last page: the last one (cached with the first for the database backends)
        wanted = last
        results = search.search(criteria, page=wanted, per_page=per_page, **extra)
    stories = _stories(search, results.ids, criteria)
    highlight(stories, criteria.text)
    paginator = ReachedPaginator(stories, reachable=results.reachable, per_page=per_page)
    return ResultPage(results, stories, paginator, paginator.page(wanted))


def _page_number(number: str | None) -> int:
    if number and number.isascii() and number.isdigit():
        return max(1, min(int(number), MAX_PAGE)) if len(number) < 7 else MAX_PAGE
    return 1


def _stories(search, ids: list[int], criteria: Criteria) -> list[Article]:
    """The page's stories in the backend's order; any id ``published()`` does not return is dropped."""
    if not ids:
        return []
    stories = search.decorate(Article.objects.published().for_listing().filter(pk__in=ids).latest_first(), criteria)
    by_id = {story.pk: story for story in stories}
    return [by_id[pk] for pk in ids if pk in by_id]
