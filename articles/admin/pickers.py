"""What a story picker says of each story (live coverage's story, fronts' slots, pinned related stories): its
section, status and date beside the headline, and its lead picture's thumbnail, so two stories with one headline
are told apart (desk.pickers draws it); the same for pictures in the lead picture's picker."""

from __future__ import annotations

from django.utils import timezone
from django.utils.formats import date_format

from articles import renditions
from articles.models import Article, Image


def state(article: Article) -> str:
    if article.is_scheduled:
        return "Scheduled"
    if article.is_expired:
        return "Expired"
    return "Live" if article.is_published else article.get_status_display()


def meta(article: Article) -> str:
    """ "World · Live · 3 Mar 2026": what tells a story from another with the same headline."""
    when = article.published_at or article.updated_at
    parts = [article.section.name if article.section_id else "No section", state(article)]
    if when:
        parts.append(date_format(timezone.localtime(when), "j M Y, H:i"))
    return " · ".join(parts)


def describe_story(article: Article) -> dict:
    """Added to an autocomplete result (its ``text`` stays the headline, what the chosen story shows as)."""
    thumb = renditions.rendition(article.lead_image, "thumb").src if article.lead_image_id else ""
    return {"headline": article.headline, "meta": meta(article), "thumb": thumb}


def describe_picture(image: Image) -> dict:
    credit = f"Credit: {image.credit}" if image.credit else "No credit"
    return {
        "headline": image.alt_text or image.caption[:80] or image.original_name or f"Picture {image.pk}",
        "meta": f"{credit} · {image.width}×{image.height} · {date_format(timezone.localtime(image.created_at), 'j M Y')}",
        "thumb": renditions.rendition(image, "thumb").src,
    }
