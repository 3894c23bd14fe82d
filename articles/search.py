"""Text search over published stories: ranked full-text on PostgreSQL, a plain fallback on SQLite.

Both backends give the same interface: ``matching(queryset, text)`` narrows the queryset and annotates
``rank`` (higher is better), so ordering by relevance is ``order_by("-rank", ...)`` either way. Both search
the body's text, not its markup: PostgreSQL's vector strips the tags (migration 0003); the SQLite fallback
asks that the word sit in a text run (after a ``>`` or the start, with no ``<`` between), so "figure" or
"span" do not match every story with a picture.
"""

import re

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import Case, F, FloatField, Q, Value, When

MAX_QUERY_LENGTH = 200
MAX_RESULTS = 500  # counting stops here, so a common word never counts the whole archive
MAX_WORDS = 10  # the SQLite fallback builds one condition per word; keep the SQL bounded
SEARCH_CONFIG = "english"  # the same text-search configuration the migration's trigger uses


def matching(queryset, text: str):
    text = " ".join(text.split())[:MAX_QUERY_LENGTH]
    if not text:
        return queryset.annotate(rank=Value(0.0, output_field=FloatField()))
    if connection.vendor == "postgresql":
        return _full_text(queryset, text)
    return _contains(queryset, text)


def _full_text(queryset, text: str):
    # websearch syntax never raises on odd input ("quotes", -exclusions, OR), unlike raw tsquery.
    query = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
    return queryset.filter(search_vector=query).annotate(rank=SearchRank(F("search_vector"), query))


def _contains(queryset, text: str):
    words = [word.strip("\"'") for word in text.split()[:MAX_WORDS]]
    words = [word for word in words if word and not word.startswith("-")] or [text]
    rank = Value(0.0, output_field=FloatField())
    for word in words:
        in_text = rf"(^|>)[^<]*{re.escape(word)}"
        queryset = queryset.filter(
            Q(headline__icontains=word)
            | Q(standfirst__icontains=word)
            | Q(body__icontains=word, body__iregex=in_text)  # the cheap LIKE first, the regex on its hits
        )
        # Same weighting idea as the PostgreSQL vector: headline over standfirst over body.
        rank = rank + Case(
            When(headline__icontains=word, then=Value(1.0)),
            When(standfirst__icontains=word, then=Value(0.4)),
            default=Value(0.1),
            output_field=FloatField(),
        )
    return queryset.annotate(rank=rank)
