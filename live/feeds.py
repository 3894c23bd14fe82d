"""A live blog's own feed (/feeds/live/<story id>.rss, .atom, .json): its newest updates, newest first."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.http import quote_etag
from django.utils.text import Truncator

from articles.feeds.views import LatestFeed
from articles.models import Author
from live.queries import public_coverage
from pagecache import keys as surrogate_keys


class LiveFeed(LatestFeed):
    kind = "live"

    def get_object(self, request, pk):
        coverage = public_coverage(pk)
        if coverage is None:
            raise Http404("No live coverage here.")
        surrogate_keys.record(surrogate_keys.story(pk))
        return coverage

    def etag(self, obj) -> str:
        """Every write of an update moves the coverage's ``changed_at`` on: no need to list the updates."""
        fingerprint = repr((self.fmt, "live", obj.pk, obj.state, obj.changed_at, obj.article.updated_at))
        return quote_etag(hashlib.sha256(fingerprint.encode()).hexdigest()[:32])

    def items(self, obj):
        authors = Prefetch("authors", queryset=Author.objects.only("name"))
        return list(obj.updates.prefetch_related(authors)[: self.limit])

    def url_kwargs(self, obj) -> dict:
        return {"fmt": self.fmt, "pk": obj.article_id}

    def feed_url(self, obj):
        return reverse("live:feed", kwargs=self.url_kwargs(obj))

    def title(self, obj):
        return f"{obj.article.headline} – live – {settings.NEWSROOM['SITE_NAME']}"

    def description(self, obj):
        return obj.article.standfirst or obj.article.headline

    def link(self, obj):
        return obj.article.get_absolute_url()

    def item_title(self, item):
        return item.title or Truncator(strip_tags(item.body)).words(12)

    def item_link(self, item):
        return f"{item.coverage.article.get_absolute_url()}?update={item.pk}#{item.anchor}"

    def item_description(self, item):
        return self.full_body(item)  # the update is short: its whole text, with absolute links

    def item_guid(self, item):
        return f"tag:{self.domain.split(':')[0]},{item.created_at.date().isoformat()}:liveupdate:{item.pk}"

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        names = [author.name for author in item.authors.all()]
        return ", ".join(names) or None

    def item_categories(self, item):
        return ["Key event"] if item.key_event else []

    def item_enclosures(self, item):
        return []

    def item_extra_kwargs(self, item):
        return {
            "lead_image": None,
            "summary_text": strip_tags(item.body).strip(),
            "language": item.coverage.article.language,
            "content_html": self.full_body(item),
        }
