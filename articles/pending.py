"""A live story's pending changes as data: the admin form's fields, stored as JSON and laid over the story.

Stored by ``articles.services.save_pending_changes``, published by ``publish_pending_changes``; Preview and the
admin form show the story with them laid over it, while readers keep the story as it is.
"""

from __future__ import annotations

from articles.models import Article

TEXT_FIELDS = (
    "headline",
    "slug",
    "standfirst",
    "body",
    "lead_image_alt",
    "lead_image_caption",
    "seo_title",
    "seo_description",
    "canonical_url",
)
RELATED_FIELDS = ("section", "source", "lead_image")  # stored by primary key
TAG_FIELDS = ("regions", "topics")  # stored as lists of primary keys
FIELDS = TEXT_FIELDS + RELATED_FIELDS + TAG_FIELDS


def as_data(values: dict) -> dict:
    """Form-like values (model instances, querysets, primary keys) as JSON-ready data; unknown names refused."""
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise ValueError(f"Not fields of a story: {', '.join(sorted(unknown))}.")
    data = {}
    for name, value in values.items():
        if name in RELATED_FIELDS:
            data[name] = getattr(value, "pk", value)
        elif name in TAG_FIELDS:
            data[name] = sorted(getattr(tag, "pk", tag) for tag in value or [])
        else:
            data[name] = value or ""
    return data


def lay_over(article: Article, data: dict) -> dict[str, list[int]]:
    """Set the pending values on ``article`` in memory; returns the pending tag ids by vocabulary (only those
    the pending changes name)."""
    for name in TEXT_FIELDS:
        if name in data:
            setattr(article, name, data[name])
    for name in RELATED_FIELDS:
        if name in data:
            setattr(article, f"{name}_id", data[name])
            article._state.fields_cache.pop(name, None)  # the cached related row may be the live one
    return {name: data[name] for name in TAG_FIELDS if name in data}


def form_initial(data: dict) -> dict:
    """The values an admin form opens with, so an editor continues from the pending version."""
    return dict(data)
