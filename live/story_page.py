"""Live coverage on a story's page (``articles.story_page``): the blog's page of updates in the context as ``live``,
its newest update in the page's validators, and the story's JSON-LD made a LiveBlogPosting."""

from __future__ import annotations

from django.utils.html import strip_tags
from django.utils.text import Truncator

from articles import story_page
from articles.seo import local_iso

from . import page


class LivePart(story_page.Part):
    name = "live"
    select_related = ("live_coverage",)

    def changed_at(self, article):
        coverage = page.coverage_of(article)
        return coverage.changed_at if coverage else None

    def context(self, request, article):
        return page.live_blog(request, article)  # None unless the story is live coverage

    def structured_data(self, url: str, value) -> dict:
        return live_blog_posting(url, value)


def live_blog_posting(url: str, live: page.LiveBlog) -> dict:
    """A live blog is a LiveBlogPosting (an Article subtype, so the NewsArticle fields stay valid), listing the
    updates on this page as BlogPostings."""
    coverage = live.coverage
    data = {"@type": "LiveBlogPosting", "coverageStartTime": local_iso(coverage.started_at)}
    if live.updates:
        data["dateModified"] = local_iso(max(coverage.changed_at, coverage.article.updated_at))
    if coverage.ended_at and not coverage.is_live:
        data["coverageEndTime"] = local_iso(coverage.ended_at)
    data["liveBlogUpdate"] = [
        {
            "@type": "BlogPosting",
            "headline": (update.title or Truncator(strip_tags(update.body)).words(12))[:110],
            "datePublished": local_iso(update.published_at),
            "dateModified": local_iso(max(update.published_at, update.updated_at)),
            "articleBody": strip_tags(update.body).strip(),
            "url": f"{url}?update={update.pk}#{update.anchor}",
        }
        for update in live.updates
    ]
    return data


story_page.register(LivePart())
