"""The desk's front page: what needs this editor (or writer) now, as panels the apps provide.

An app registers a provider (``register_panels``): a function of the request returning the panels it has for that
person (none, one or several). Each panel is one list, newest or most urgent first, cut at ``SHOWN`` rows with a
link to the full list when there are more; an empty list says so in words; its rows are drawn by the app's own
template. ``register_context`` lets an app add to the page's heading (the title, "Write a story").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

SHOWN = 8


@dataclass
class Panel:
    """One list on the dashboard: its rows and where the whole list is; ``template`` draws one row (``row``)."""

    key: str
    title: str
    empty: str
    template: str = "desk/rows/story.html"
    rows: list = field(default_factory=list)
    more_url: str = ""
    has_more: bool = False

    def fill(self, rows) -> Panel:
        rows = list(rows[: SHOWN + 1])
        self.rows, self.has_more = rows[:SHOWN], len(rows) > SHOWN
        return self


_PROVIDERS: list[tuple[int, str, Callable]] = []
_CONTEXT: list[Callable] = []


def register_panels(order: int, provider: Callable, *, name: str = "") -> None:
    """``provider(request)`` returns the panels it shows this person (a list; empty for none); lower ``order``
    first. Registering the same ``name`` again replaces the provider (a module imported twice)."""
    key = name or f"{provider.__module__}.{provider.__qualname__}"
    _PROVIDERS[:] = [entry for entry in _PROVIDERS if entry[1] != key]
    _PROVIDERS.append((order, key, provider))
    _PROVIDERS.sort(key=lambda entry: entry[0])


def register_context(provider: Callable) -> None:
    """``provider(request)`` returns keys for the page's heading, or None when this person has no desk there."""
    if provider not in _CONTEXT:
        _CONTEXT.append(provider)


def dashboard_callback(request, context):
    """unfold's DASHBOARD_CALLBACK: the admin index's context, with the panels for whoever is looking."""
    heading = {}
    for provider in _CONTEXT:
        heading.update(provider(request) or {})
    if not heading:
        return context  # nobody's desk: the plain list of applications
    panels = [panel for _, _, provider in _PROVIDERS for panel in provider(request)]
    context.update(heading, desk_panels=panels)
    return context
