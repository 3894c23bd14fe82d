"""A live story's pending changes as data: the story form's fields a draft keeps (``articles.story_fields``), stored
as JSON and laid over the story.

Stored by ``articles.services.save_pending_changes``, published by ``publish_pending_changes``; Preview and the
admin form show the story with them laid over it, while readers keep the story as it is.
"""

from __future__ import annotations

from datetime import datetime

from django.utils.dateparse import parse_datetime

from articles.models import Article
from articles.sanitize import clean_body
from articles.story_fields import PENDING, Kept

FIELDS = tuple(PENDING)


def as_data(values: dict) -> dict:
    """Form-like values (model instances, querysets, primary keys, times) as JSON-ready data; unknown names
    refused. The body is sanitised here, as a saved story's is, so nothing unsafe is ever stored."""
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise ValueError(f"Not fields of a story: {', '.join(sorted(unknown))}.")
    return {name: _stored(PENDING[name], value) for name, value in values.items()}


def lay_over(article: Article, data: dict) -> dict[str, list[int]]:
    """Set the pending values on ``article`` in memory; returns the pending tag ids by vocabulary (only those
    the pending changes name)."""
    tags = {}
    for name, value in _read(data).items():
        if PENDING[name] is Kept.TAGS:
            tags[name] = value
        elif PENDING[name] is Kept.RELATED:
            setattr(article, f"{name}_id", value)
            article._state.fields_cache.pop(name, None)  # the cached related row may be the live one
        else:
            setattr(article, name, value)
    return tags


def form_initial(data: dict) -> dict:
    """The values an admin form opens with, so an editor continues from the pending version."""
    return _read(data)


def _stored(kept: Kept, value):
    if kept is Kept.RELATED:
        return getattr(value, "pk", value)
    if kept is Kept.TAGS:
        return sorted(getattr(tag, "pk", tag) for tag in value or [])
    if kept is Kept.MOMENT:
        return _moment(value).isoformat() if value else None
    if kept is Kept.BODY:
        return clean_body(value or "")
    return value or ""


def _read(data: dict) -> dict:
    """Stored data as a story's values, for the fields a draft still keeps."""
    return {name: _value(PENDING[name], value) for name, value in data.items() if name in PENDING}


def _value(kept: Kept, stored):
    if kept is Kept.MOMENT:
        return _moment(stored) if stored else None
    if kept is Kept.BODY:
        # Again on the way out (it costs little): a draft stored before bodies were sanitised on the way in must
        # not reach a preview or a form as it is.
        return clean_body(stored or "")
    return stored


def _moment(value: datetime | str) -> datetime:
    moment = value if isinstance(value, datetime) else parse_datetime(value)
    if moment is None:
        raise ValueError(f"Not a time: {value!r}.")
    return moment
