"""``{% feed_choices subject as feeds %}``: the feeds a listing offers readers as visible links (its <link
rel=alternate> tags come from ``feed_tags.feed_links``, for apps)."""

from django import template
from django.urls import reverse

from articles.feeds.views import FEEDS
from articles.models import Author, Region, Section, Topic

register = template.Library()

KINDS = {Section: "section", Region: "region", Topic: "topic", Author: "author"}
LABELS = (("rss", "RSS feed"), ("atom", "Atom"), ("json", "JSON Feed"))
TYPES = {"rss": "application/rss+xml", "atom": "application/atom+xml", "json": "application/feed+json"}


@register.simple_tag
def feed_choices(subject=None) -> list[dict]:
    """The latest feed without a subject; else the section's, region's, topic's or author's (none for others)."""
    kind = "latest" if subject is None else KINDS.get(type(subject))
    if kind not in FEEDS:
        return []
    slug = {} if subject is None else {"slug": subject.slug}
    return [
        {"label": label, "href": reverse(f"feeds:{kind}", kwargs={"fmt": fmt, **slug}), "type": TYPES[fmt]}
        for fmt, label in LABELS
    ]
