"""What other apps add to a story's page, without the article view importing them (live coverage: its updates,
its validators and its structured data).

An app registers a ``Part`` from its ``AppConfig.ready()``. The article view joins each part's ``select_related``
into its one story query, asks each part when readers' view of the story last changed (the page's ETag and
Last-Modified), puts each part's ``context`` in the template context under its name, and lets each part add to the
story's JSON-LD. A part answers None (or nothing) for stories it has nothing to say about.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any


class Part:
    name: str = ""
    select_related: tuple[str, ...] = ()

    def changed_at(self, article) -> datetime | None:
        return None

    def context(self, request, article) -> Any:
        return None

    def structured_data(self, url: str, value: Any) -> dict:
        """Keys to lay over the story's JSON-LD (``value`` is what ``context`` returned, never None here)."""
        return {}


_PARTS: dict[str, Part] = {}


def register(part: Part) -> None:
    _PARTS[part.name] = part


def parts() -> list[Part]:
    return list(_PARTS.values())


def select_related() -> list[str]:
    return [name for part in _PARTS.values() for name in part.select_related]


def changed_at(article) -> datetime:
    """When readers' view of the story last changed: its own edit, or a part's (a live blog's newest update)."""
    moments = [article.updated_at, *(part.changed_at(article) for part in _PARTS.values())]
    return max(moment for moment in moments if moment is not None)


def contexts(request, article) -> dict[str, Any]:
    return {part.name: part.context(request, article) for part in _PARTS.values()}


def structured_data(url: str, contexts: dict[str, Any]) -> dict:
    data = {}
    for part in _PARTS.values():
        if contexts.get(part.name) is not None:
            data.update(part.structured_data(url, contexts[part.name]))
    return data
