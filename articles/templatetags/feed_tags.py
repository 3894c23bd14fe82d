"""Feed autodiscovery: ``{% feed_links "section" section %}`` in a page's ``feeds`` block names that page's
RSS, Atom and JSON feeds, so a reader's app finds them from the page's address alone."""

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html_join

register = template.Library()

FEED_LINKS = (
    ("rss", "application/rss+xml", "RSS"),
    ("atom", "application/atom+xml", "Atom"),
    ("json", "application/feed+json", "JSON Feed"),
)


@register.simple_tag(takes_context=True)
def feed_links(context, kind="latest", obj=None):
    """``kind`` is latest, section, region, topic or author; ``obj`` the section, region… for the others."""
    request = context.get("request")
    site_name = settings.NEWSROOM["SITE_NAME"]
    subject = f"{obj.name} – {site_name}" if obj is not None else site_name
    rows = []
    for fmt, mime_type, label in FEED_LINKS:
        kwargs = {"fmt": fmt} if obj is None else {"fmt": fmt, "slug": obj.slug}
        href = reverse(f"feeds:{kind}", kwargs=kwargs)
        rows.append((mime_type, f"{subject} ({label})", request.build_absolute_uri(href) if request else href))
    return format_html_join("\n", '<link rel="alternate" type="{}" title="{}" href="{}">', rows)
