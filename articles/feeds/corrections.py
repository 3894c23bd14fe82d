"""The corrections feed (/feeds/corrections.rss, .atom, .json): what /corrections/ lists, newest first, one item
per correction linking to its story."""

import hashlib

from django.conf import settings
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.http import quote_etag

from articles.feeds.views import LatestFeed
from articles.views.corrections import public_corrections
from pagecache import keys as surrogate_keys


class CorrectionsFeed(LatestFeed):
    kind = "corrections"

    def etag(self, obj) -> str:
        rows = list(public_corrections().values_list("pk", "updated_at", "article__updated_at")[: self.limit])
        fingerprint = repr((self.fmt, "corrections", rows))
        return quote_etag(hashlib.sha256(fingerprint.encode()).hexdigest()[:32])

    def items(self, obj):
        corrections = list(public_corrections()[: self.limit])
        surrogate_keys.record(surrogate_keys.LATEST)
        surrogate_keys.record_stories(correction.article_id for correction in corrections)
        return corrections

    def title(self, obj):
        return f"Corrections and clarifications – {settings.NEWSROOM['SITE_NAME']}"

    def description(self, obj):
        return f"Every correction, clarification and editor’s note from {settings.NEWSROOM['SITE_NAME']}."

    def link(self, obj):
        return reverse("articles:corrections")

    def item_title(self, item):
        return f"{item.get_kind_display()}: {item.article.headline}"

    def item_link(self, item):
        return f"{item.article.get_absolute_url()}#corrections"

    def item_description(self, item):
        return item.text  # sanitised inline HTML

    def item_guid(self, item):
        return f"tag:{self.domain.split(':')[0]},{item.created_at.date().isoformat()}:correction:{item.pk}"

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return None

    def item_categories(self, item):
        return [item.get_kind_display()]

    def item_enclosures(self, item):
        return []

    def item_extra_kwargs(self, item):
        return {"lead_image": None, "summary_text": strip_tags(item.text), "language": "", "content_html": None}
