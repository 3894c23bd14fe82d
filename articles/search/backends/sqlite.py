"""The embedded default's search (SQLite): a plain match over the live tables, no index to keep.

The reader's words are read by ``parse_query`` (the syntax PostgreSQL reads with ``websearch_to_tsquery``); each
term is looked for, regardless of case, in the headline, standfirst and body text, the byline (authors and agency)
and the names of the story's places and topics. The body is matched on its text, not its markup: the term must sit
in a text run (after a ``>`` or the start, with no ``<`` between), so "figure" or "span" do not match every story
with a picture. No stemming: "flood" finds "floods", not "flooded" (a substring match).

Rank: headline 1, standfirst, byline or tags 0.4, body 0.1 per term, the PostgreSQL weights' order. Filters are the
listing pages' own conditions. Beyond the window the total is a lower bound ("1,000+"): counting every match of
a common word means reading every story.
"""

from __future__ import annotations

import re
from datetime import timedelta

from django.db.models import Case, Exists, FloatField, OuterRef, Q, Subquery, Value, When

from articles.models import Article, ArticleAuthor, Region, TaggedRegion, TaggedTopic
from articles.search.backends.base import Criteria
from articles.search.backends.database import DatabaseBackend, Hit, day_start
from articles.search.query import parse_query


def _named(term: str) -> Q:
    """The byline, places or topics name ``term``."""
    by_author = ArticleAuthor.objects.filter(article=OuterRef("pk"), author__name__icontains=term)
    in_place = TaggedRegion.objects.filter(content_object=OuterRef("pk"), tag__name__icontains=term)
    on_topic = TaggedTopic.objects.filter(content_object=OuterRef("pk"), tag__name__icontains=term)
    return Q(source__name__icontains=term) | Q(Exists(by_author)) | Q(Exists(in_place)) | Q(Exists(on_topic))


def _term_matches(term: str) -> Q:
    in_text = rf"(^|>)[^<]*{re.escape(term)}"
    return (
        Q(headline__icontains=term)
        | Q(standfirst__icontains=term)
        | Q(body__icontains=term, body__iregex=in_text)  # the cheap LIKE first, the regex on its hits
        | _named(term)
    )


def _term_rank(term: str):
    return Case(
        When(headline__icontains=term, then=Value(1.0)),
        When(Q(standfirst__icontains=term) | _named(term), then=Value(0.4)),
        default=Value(0.1),
        output_field=FloatField(),
    )


class SqliteBackend(DatabaseBackend):
    name = "sqlite"

    def matches(self, criteria: Criteria, *, limit: int) -> list[Hit]:
        stories = _filtered(Article.objects.published(), criteria)
        rank = Value(0.0, output_field=FloatField())
        if criteria.text:
            groups = parse_query(criteria.text)
            if not groups:
                return []
            wanted = Q()
            for group in groups:
                condition = Q()
                for term in group:
                    condition &= ~_term_matches(term.text) if term.excluded else _term_matches(term.text)
                    if not term.excluded:
                        rank = rank + _term_rank(term.text)
                wanted |= condition
            stories = stories.filter(wanted)
        rows = stories.order_by("-published_at", "-id").annotate(rank=rank)
        return [Hit(*row) for row in rows.values_list("id", "published_at", "section_id", "rank")[:limit]]


def _filtered(stories, criteria: Criteria):
    if criteria.section:
        stories = stories.filter(section_id=criteria.section)
    if criteria.region:
        path = Region.objects.filter(pk=criteria.region).values("path")[:1]
        places = TaggedRegion.objects.filter(tag__path__startswith=Subquery(path))
        stories = stories.filter(pk__in=places.values("content_object_id"))
    if criteria.topic:
        stories = stories.filter(pk__in=TaggedTopic.objects.filter(tag_id=criteria.topic).values("content_object_id"))
    if criteria.author:
        stories = stories.filter(pk__in=ArticleAuthor.objects.filter(author_id=criteria.author).values("article_id"))
    if criteria.since:
        stories = stories.filter(published_at__gte=day_start(criteria.since))
    if criteria.until:
        stories = stories.filter(published_at__lt=day_start(criteria.until) + timedelta(days=1))
    return stories
