"""Sitemaps: an index at /sitemap.xml, published stories split by month, the section, region, topic and
author pages that have stories, and a Google News sitemap of the last 48 hours at /sitemap-news.xml. Crawlers find
the news sitemap as they find the others: the index lists it, and robots.txt names both (``views.site``).

Everything starts from ``Article.objects.published()``. The index costs a fixed handful of grouped queries
however many months the archive spans; each month's sitemap pages itself with ``?p=``.

Those grouped queries read every published story and tag link, so their results (the month list, the listing
pages' lastmods) are kept for an hour in ``articles.caching``'s public data cache, under a key that changes
when the public set does: it holds the newest publish time among live stories (one indexed lookup: a story
published or a scheduled one falling due moves it) and the content version, which ``articles.signals`` moves
on whenever an article is saved or deleted (an edit, a withdrawal). Writes that skip ``save()`` (``QuerySet.update()``) show within the hour.
"""

import re
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Count, Max
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from articles import subjects
from articles.caching import cache_public, cached_public_data, public_set_stamp
from articles.models import Article, ArticleAuthor, Region, TaggedRegion, TaggedTopic

NEWS_WINDOW = timedelta(hours=48)
_MONTH_KEY = re.compile(r"articles-(\d{4})-(\d{2})")


def cache_stamp() -> str:
    return public_set_stamp()


def cached(name: str, compute, *, stamp: str | None = None):
    return cached_public_data(f"sitemaps:{name}", compute, stamp=stamp or cache_stamp())


def own_stories():
    """Published stories whose canonical address is here: syndicated copy pointing at its original elsewhere
    is left to the original's sitemap, as search engines ask sitemaps to list canonical pages only."""
    return Article.objects.published().filter(canonical_url="")


class ArticleMonthSitemap(Sitemap):
    """The published stories of one calendar month (site time zone), lastmod from their last edit."""

    def __init__(self, year: int, month: int, *, lastmod=None, count=None):
        self.start = timezone.make_aware(datetime(year, month, 1))
        self.end = timezone.make_aware(datetime(year + month // 12, month % 12 + 1, 1))
        # Known up front when the index built this sitemap from its one grouped query.
        self.known_lastmod, self.known_count = lastmod, count

    def items(self):
        return (
            own_stories()
            .filter(published_at__gte=self.start, published_at__lt=self.end)
            .select_related("section")
            .only("slug", "section__slug", "updated_at")
            .order_by("published_at", "id")
        )

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        return self.known_lastmod

    @property
    def paginator(self):
        paginator = super().paginator
        if self.known_count is not None:
            paginator.count = self.known_count
        return paginator


def _months() -> list[dict]:
    return list(
        own_stories()
        .annotate(month=TruncMonth("published_at"))
        .values("month")
        .annotate(lastmod=Max("updated_at"), count=Count("id"))
        .order_by("-month")
    )


def month_sitemaps(*, stamp: str | None = None) -> dict[str, ArticleMonthSitemap]:
    return {
        f"articles-{row['month']:%Y-%m}": ArticleMonthSitemap(
            row["month"].year, row["month"].month, lastmod=row["lastmod"], count=row["count"]
        )
        for row in cached("months", _months, stamp=stamp)
    }


class _PageSitemap(Sitemap):
    """Listing pages (``articles.subjects``) that have at least one published story, lastmod from the newest edit
    among them."""

    subject: subjects.Subject

    @property
    def url_name(self) -> str:
        return f"articles:{self.subject.kind}"

    def __init__(self, *, stamp: str | None = None):
        self.stamp = stamp

    def rows(self) -> dict[str, datetime]:
        raise NotImplementedError

    def items(self):
        if not hasattr(self, "_items_cache"):
            self._items_cache = sorted(cached(self.url_name, self.rows, stamp=self.stamp).items())
        return self._items_cache

    def location(self, item):
        return reverse(self.url_name, kwargs={"slug": item[0]})

    def lastmod(self, item):
        return item[1]

    def get_latest_lastmod(self):
        return max((lastmod for _, lastmod in self.items()), default=None)


class SectionSitemap(_PageSitemap):
    subject = subjects.SECTION

    def rows(self):
        rows = (
            Article.objects.published()
            .filter(section__isnull=False)
            .values("section__slug")
            .annotate(lastmod=Max("updated_at"))
            .order_by()
        )
        return {row["section__slug"]: row["lastmod"] for row in rows}


class TopicSitemap(_PageSitemap):
    subject = subjects.TOPIC

    def rows(self):
        rows = (
            TaggedTopic.objects.filter(content_object__in=Article.objects.published())
            .values("tag__slug")
            .annotate(lastmod=Max("content_object__updated_at"))
            .order_by()
        )
        return {row["tag__slug"]: row["lastmod"] for row in rows}


class AuthorSitemap(_PageSitemap):
    subject = subjects.AUTHOR

    def rows(self):
        rows = (
            ArticleAuthor.objects.filter(article__in=Article.objects.published())
            .values("author__slug")
            .annotate(lastmod=Max("article__updated_at"))
            .order_by()
        )
        return {row["author__slug"]: row["lastmod"] for row in rows}


class RegionSitemap(_PageSitemap):
    """A region's page lists its child regions' stories too, so a story in Idlib also freshens Syria."""

    subject = subjects.REGION

    def rows(self):
        tagged = (
            TaggedRegion.objects.filter(content_object__in=Article.objects.published())
            .values("tag__path")
            .annotate(lastmod=Max("content_object__updated_at"))
            .order_by()
        )
        newest: dict[int, datetime] = {}
        for row in tagged:
            for region_id in (int(part) for part in row["tag__path"].strip("/").split("/") if part):
                if region_id not in newest or row["lastmod"] > newest[region_id]:
                    newest[region_id] = row["lastmod"]
        slugs = Region.objects.filter(pk__in=newest).values_list("pk", "slug")
        return {slug: newest[pk] for pk, slug in slugs}


class NewsSitemap(Sitemap):
    """Google News: stories published in the last 48 hours, newest first (Google reads at most 1,000).

    Built for the index (with its ``stamp``), its date and number of pages come from one aggregate kept with the
    listing pages' (a story leaving the window shows within the hour); its own view counts its items afresh."""

    limit = 1000

    def __init__(self, *, stamp: str | None = None):
        self.stamp = stamp

    def window(self):
        return own_stories().filter(published_at__gte=timezone.now() - NEWS_WINDOW)

    def items(self):
        return (
            self.window()
            .select_related("section")
            .only("headline", "slug", "published_at", "updated_at", "section__slug")
            .latest_first()
        )

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        return self._summary()["lastmod"]

    @property
    def paginator(self):
        paginator = super().paginator
        if self.stamp is not None:
            paginator.count = self._summary()["count"]
        return paginator

    def _summary(self) -> dict:
        return cached("news", self._count_window, stamp=self.stamp)

    def _count_window(self) -> dict:
        return self.window().aggregate(lastmod=Max("updated_at"), count=Count("id"))


# One per listing subject, in the table's order.
PAGE_SITEMAPS = {
    sitemap.subject.kind: sitemap for sitemap in (SectionSitemap, RegionSitemap, TopicSitemap, AuthorSitemap)
}


def all_sitemaps() -> dict[str, Sitemap]:
    stamp = cache_stamp()
    return {
        # Listed as /sitemap-news.xml (the index names each sitemap as ``sitemap-<key>.xml``), which the news view
        # answers, with its Google News template.
        "news": NewsSitemap(stamp=stamp),
        **{f"{kind}s": sitemap(stamp=stamp) for kind, sitemap in PAGE_SITEMAPS.items()},
        **month_sitemaps(stamp=stamp),
    }


def _one_sitemap(section: str) -> Sitemap:
    pages = {f"{kind}s": sitemap for kind, sitemap in PAGE_SITEMAPS.items()}
    if section in pages:
        return pages[section]()
    match = _MONTH_KEY.fullmatch(section)
    year, month = (int(match.group(1)), int(match.group(2))) if match else (0, 0)
    # Years 1 and 9999 are refused too: a month's bounds, moved to UTC for the query, would leave datetime's range.
    if datetime.min.year < year < datetime.max.year and 1 <= month <= 12:
        sitemap = ArticleMonthSitemap(year, month)
        if sitemap.items().exists():
            return sitemap
    raise Http404("No such sitemap.")


def index(request):
    response = sitemap_views.index(request, all_sitemaps(), sitemap_url_name="sitemap-section")
    return cache_public(response)


def section(request, section):
    response = sitemap_views.sitemap(request, {section: _one_sitemap(section)}, section=section)
    return cache_public(response)


def news(request):
    response = sitemap_views.sitemap(request, {"news": NewsSitemap()}, template_name="sitemaps/news.xml")
    response.context_data["publication"] = {
        "name": settings.NEWSROOM["SITE_NAME"],
        "language": settings.NEWSROOM["SITE_LANGUAGE"],
    }
    return cache_public(response)
