"""Newsroom's own JSON for a story and the things it is filed under: every public field, absolute URLs, pictures
with their renditions, caption, alt text and credit. Built from rows already loaded (``api.stories``): no query.

Renditions and ``get_absolute_url()`` record the cache keys of what they show, as on the pages.
"""

from __future__ import annotations

import re
from html import escape

from articles import body as article_body
from articles.models import Article, Image, Region
from articles.renditions import RENDITIONS

_FIGURE_IMG = re.compile(r'(<figure\b[^>]*\bdata-image-id="(\d+)"[^>]*>\s*<img\b[^>]*?\bsrc=")([^"]*)(")', re.S)


class Links:
    """Absolute URLs for one answer: the site's address joined to paths, and each section's, region's, topic's or
    author's address looked up once (a page of 200 stories names the same few hundreds of times)."""

    def __init__(self, base: str):
        self.base = base.rstrip("/")
        self._seen: dict[tuple[type, int], str] = {}

    def __call__(self, url: str) -> str:
        return url if url.startswith(("http://", "https://")) else self.base + url

    def of(self, item) -> str:
        key = (type(item), item.pk)
        if key not in self._seen:
            self._seen[key] = self(item.get_absolute_url())  # records the name's cache key, once is enough
        return self._seen[key]


def iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def picture(image: Image, absolute: Links, *, alt: str, caption: str, credit: str) -> dict:
    renditions = {}
    for name in RENDITIONS:
        made = image.rendition(name)
        renditions[name] = {
            "src": absolute(made.src),
            "width": made.width,
            "height": made.height,
            "variants": [
                {"url": absolute(v.url), "width": v.width, "height": v.height, "format": v.format}
                for v in made.variants
            ],
        }
    return {
        "id": image.pk,
        "alt": alt,
        "caption": caption,
        "credit": credit,
        "width": image.width,
        "height": image.height,
        "renditions": renditions,
    }


def lead_picture(article: Article, absolute) -> dict | None:
    if not article.lead_image_id:
        return None
    image = article.lead_image
    return picture(image, absolute, alt=article.lead_alt, caption=article.lead_caption, credit=image.credit)


def inline_pictures(article: Article, absolute) -> list[dict]:
    """The library pictures placed in the body, in order, with the alt, caption and credit of that placement."""
    images = {use.image_id: use.image for use in article.inline_images.all()}
    return [
        picture(images[figure.image_id], absolute, alt=figure.alt, caption=figure.caption, credit=figure.credit)
        for figure in article_body.library_figures(article.body)
        if figure.image_id in images
    ]


def body_html(article: Article, absolute) -> str:
    """The stored (sanitised) body with each library picture pointing at its current large rendition."""
    images = {use.image_id: use.image for use in article.inline_images.all()}

    def current(match: re.Match) -> str:
        image = images.get(int(match.group(2)))
        src = absolute(image.rendition("hero").src) if image else match.group(3)
        return f"{match.group(1)}{escape(src)}{match.group(4)}"

    return _FIGURE_IMG.sub(current, article_body.without_editor_notes(article.body))


def region(item: Region, absolute) -> dict:
    trail = [*getattr(item, "ancestors_loaded", []), item]
    return {
        "id": item.pk,
        "name": item.name,
        "slug": item.slug,
        "path": [{"id": r.pk, "name": r.name, "slug": r.slug} for r in trail],
        "url": absolute.of(item),
    }


def named(item, absolute, **extra) -> dict:
    return {"id": item.pk, "name": item.name, "slug": item.slug, **extra, "url": absolute.of(item)}


def correction(item) -> dict:
    return {"kind": item.kind, "text": item.text, "published_at": iso(item.published_at)}


def article(item: Article, absolute, *, api_url: str) -> dict:
    source, url = item.source, absolute(item.get_absolute_url())
    return {
        "id": item.pk,
        "uri": api_url,
        "url": url,
        "canonical_url": item.canonical_url or url,
        "status": item.status,
        "headline": item.headline,
        "standfirst": item.standfirst,
        "body_html": body_html(item, absolute),
        "byline": item.byline,
        "authors": [named(author, absolute) for author in item.ordered_authors],
        "source": {"name": source.name, "short_name": source.short_name} if source else None,
        "section": named(item.section, absolute) if item.section_id else None,
        "regions": [region(r, absolute) for r in item.region_list],
        "topics": [named(t, absolute, iptc_code=t.iptc_code or None) for t in item.topic_list],
        "lead_image": lead_picture(item, absolute),
        "images": inline_pictures(item, absolute),
        "corrections": [correction(c) for c in getattr(item, "public_corrections", [])],
        "language": item.language_tag,
        "published_at": iso(item.published_at),
        "first_published_at": iso(item.first_published_at),
        "updated_at": iso(item.updated_at),
        "last_corrected_at": iso(item.last_corrected_at),
        "expires_at": iso(item.expires_at),
    }


def region_tree(regions: list[Region], absolute) -> list[dict]:
    """Regions as nested ``children``, roots first (rows ordered by path, so parents come before children). A
    region whose parent is not in the list (not shown) hangs from its nearest shown ancestor, or the root."""
    nodes, roots = {}, []
    for item in regions:
        node = {**named(item, absolute), "children": []}
        nodes[item.pk] = node
        parent = next((nodes[pk] for pk in reversed(item.ancestor_ids) if pk in nodes), None)
        (parent["children"] if parent else roots).append(node)
    return roots
