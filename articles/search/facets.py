"""The facets beside the results, named and linked: "narrow to" links with their counts.

The counts are the backend's (``Facets``: over all matches, or over the newest ``over`` when there are more, which
the page says). Sections, places and topics are named from the cached choices; writers in one query for the few
shown. Places narrow step by step: at first the broadest places, then the places inside the one chosen. Each
name shown is recorded for the page cache, so a rename purges the search pages that show it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.http import QueryDict
from django.utils import timezone

from articles import subjects
from articles.models import Author
from articles.search.backends.base import WHEN_DAYS, Criteria, Facets
from articles.search.choices import Choices
from pagecache import keys as surrogate_keys

SHOWN = 8  # entries a facet lists

WHEN_LABELS = {"today": "Today", "week": "Past week", "month": "Past month", "year": "Past year"}


@dataclass
class Entry:
    label: str
    count: int
    query: str  # the search's query string with this entry chosen


@dataclass
class Group:
    title: str
    entries: list[Entry] = field(default_factory=list)


def facet_groups(facets: Facets, criteria: Criteria, params: QueryDict, choices: Choices) -> list[Group]:
    groups = [
        _named("Section", "section", facets.sections, choices, "sections", None if criteria.section else SHOWN, params),
        _places(facets.regions, criteria, choices, params),
        _named("Topic", "topic", facets.topics, choices, "topics", None if criteria.topic else SHOWN, params),
        _writers(facets.authors, criteria, params),
        _when(facets.when, criteria, params),
    ]
    return [group for group in groups if group.entries]


def _link(params: QueryDict, **changes) -> str:
    query = params.copy()
    query.pop("page", None)
    for name, value in changes.items():
        query[name] = value
    return query.urlencode()


def _top(counts: dict[int, int], limit: int | None) -> list[tuple[int, int]]:
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return ranked[:limit] if limit else ranked


def _named(title, param, counts, choices: Choices, kind, limit, params) -> Group:
    subject = {"sections": subjects.SECTION, "topics": subjects.TOPIC}[kind]
    by_id = choices.by_id(kind)
    group = Group(title)
    for pk, count in _top({pk: n for pk, n in counts.items() if pk in by_id}, limit):
        choice = by_id[pk]
        surrogate_keys.record(subject.name_key(pk))
        group.entries.append(Entry(choice.name, count, _link(params, **{param: choice.slug})))
    return group


def _places(counts: dict[int, int], criteria: Criteria, choices: Choices, params) -> Group:
    """The places one step inside the chosen one (or the broadest, when none is)."""
    by_id = choices.by_id("regions")
    inside = {pk: n for pk, n in counts.items() if pk in by_id and by_id[pk].parent == criteria.region}
    group = Group("Place")
    for pk, count in _top(inside, SHOWN):
        surrogate_keys.record(subjects.REGION.name_key(pk))
        group.entries.append(Entry(by_id[pk].name, count, _link(params, region=by_id[pk].slug)))
    return group


def _writers(counts: dict[int, int], criteria: Criteria, params) -> Group:
    group = Group("Writer")
    if criteria.author:
        return group
    top = _top(counts, SHOWN)
    names = {
        pk: (slug, name)
        for pk, slug, name in Author.objects.filter(pk__in=[pk for pk, _ in top]).values_list("pk", "slug", "name")
    }
    for pk, count in top:
        if pk in names:
            surrogate_keys.record(subjects.AUTHOR.name_key(pk))
            slug, name = names[pk]
            group.entries.append(Entry(name, count, _link(params, author=slug)))
    return group


def _when(counts: dict[str, int], criteria: Criteria, params) -> Group:
    group = Group("When")
    if criteria.since or criteria.until:
        return group
    today = timezone.localdate()
    for name, label in WHEN_LABELS.items():
        if counts.get(name):
            since = today - timedelta(days=WHEN_DAYS[name])
            group.entries.append(Entry(label, counts[name], _link(params, since=since.isoformat())))
    if counts.get("older"):
        until = today - timedelta(days=max(WHEN_DAYS.values()) + 1)
        group.entries.append(Entry("Earlier", counts["older"], _link(params, until=until.isoformat())))
    return group
