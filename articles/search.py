"""Text search over published stories: ranked full-text on PostgreSQL, a plain fallback on SQLite.

Both backends give the same interface: ``matching(queryset, text)`` narrows the queryset and annotates
``rank`` (higher is better), so ordering by relevance is ``order_by("-rank", ...)`` either way; ``highlight(articles,
text)`` then marks the words found in the headlines, standfirsts and bylines of the page shown.

The words are read the way web search engines read them, on both backends: words are all required, ``OR`` between
two offers either, ``"a quoted phrase"`` must appear as written, ``-word`` (or ``-"a phrase"``) must not appear.
PostgreSQL does it with ``websearch_to_tsquery`` (stemmed, English configuration); SQLite from ``parse_query``.

Bylines are searched too: the story's authors' names and, for agency copy, its source's name ("Press Association").
A story is found when its text matches, or its byline does (a query mixing a name and a word of the text, "Jane
flood", needs both in one of them on PostgreSQL: the stored vector holds the text only, and joining the names
into it would give up its index).

Both search the body's text, not its markup: PostgreSQL's vector strips the tags (migration 0003); the SQLite
fallback asks that the word sit in a text run (after a ``>`` or the start, with no ``<`` between), so "figure" or
"span" do not match every story with a picture.

The search page's filters (``ArticleSearchFilter``): text, section, region (with its sub-regions), topic, date range, order.

Region and topic are drop-downs of the places and topics that have a story ``published()`` returns (an
indexed EXISTS per tag, which stops at the first live story; never a count, and never the stored
``article_count``, which a scheduled story's links would satisfy before it is public); a region is offered too
when a place inside it has stories, as its search includes them (found from the paths of the places with
stories: comparing every region's path with every other's took seconds at 200,000 stories). Unknown values make the form invalid, and the
view (strict) then shows no results.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import django_filters
from django import forms
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, Exists, F, FloatField, OuterRef, Q, Subquery, Value, When
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from articles.caching import cached_public_data, public_set_stamp
from articles.models import Article, ArticleAuthor, Author, Region, Section, Source, TaggedRegion, TaggedTopic, Topic

MAX_QUERY_LENGTH = 200
MAX_RESULTS = 500  # counting stops here, so a common word never counts the whole archive
MAX_OFFERED_REGION_DEPTH = 1  # continents and countries in the search form's drop-down; any place by address
MAX_WORDS = 10  # the SQLite fallback builds one condition per word; keep the SQL bounded
SEARCH_CONFIG = "english"  # the same text-search configuration the migration's trigger uses
# ts_headline marks found words with these (private-use characters no headline holds); the text is escaped, then
# they become <mark> tags, so nothing of the headline itself is ever taken as markup.
MARK_START, MARK_END = "\ue000", "\ue001"


def matching(queryset, text: str):
    text = " ".join(text.split())[:MAX_QUERY_LENGTH]
    if not text:
        return queryset.annotate(rank=Value(0.0, output_field=FloatField()))
    if connection.vendor == "postgresql":
        return _full_text(queryset, text)
    return _contains(queryset, text)


# --- PostgreSQL ---


def _full_text(queryset, text: str):
    # websearch syntax never raises on odd input ("quotes", -exclusions, OR), unlike raw tsquery.
    query = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
    # One IN over a UNION: the text's matches still come from the vector's GIN index, the bylines' from the
    # (few) authors and sources; an OR of the two would have read every story's vector.
    by_text = Article.objects.filter(search_vector=query).values("pk")
    found = queryset.filter(pk__in=by_text.union(*_by_byline(query), all=True))
    # A story found by its byline must still keep out the words the reader excluded ("harbour -ferry" finds Ruth
    # Harbour's stories, but not one about a ferry), in its text or its byline, as on SQLite.
    groups = parse_query(text)
    for term in [term for term in groups[0] if term.excluded] if len(groups) == 1 else []:
        words = SearchQuery(term.text, config=SEARCH_CONFIG, search_type="phrase")
        by_authors, by_source = _by_byline(words)
        found = found.exclude(search_vector=words).exclude(pk__in=by_authors).exclude(pk__in=by_source)
    marks = {"config": SEARCH_CONFIG, "start_sel": MARK_START, "stop_sel": MARK_END, "highlight_all": True}
    return found.annotate(
        rank=SearchRank(F("search_vector"), query),
        headline_marked=SearchHeadline("headline", query, **marks),
        standfirst_marked=SearchHeadline("standfirst", query, **marks),
    )


def _by_byline(query):
    """The stories whose authors' or agency's name matches ``query`` (few authors and sources: no story vector)."""
    authors = Author.objects.annotate(words=SearchVector("name", config=SEARCH_CONFIG)).filter(words=query)
    sources = Source.objects.annotate(words=SearchVector("name", config=SEARCH_CONFIG)).filter(words=query)
    return (
        ArticleAuthor.objects.filter(author__in=authors).values("article_id"),
        Article.objects.filter(source__in=sources).values("pk"),
    )


# --- SQLite: the same syntax, read here ---


@dataclass(frozen=True)
class Term:
    text: str  # a word, or a phrase's words joined by single spaces
    excluded: bool = False


_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')


def parse_query(text: str) -> list[list[Term]]:
    """The query as alternatives (any may match), each a list of terms (all must), read as websearch_to_tsquery
    reads it: ``OR`` splits the alternatives, so ``a b OR "c d" -e`` is ``[[a, b], ["c d", not e]]``."""
    groups: list[list[Term]] = [[]]
    count = 0
    for match in _TOKEN.finditer(text):
        minus, phrase, word = match.groups()
        if word is not None and word.upper() == "OR":
            if groups[-1]:
                groups.append([])
            continue
        if count >= MAX_WORDS:
            break
        if word is not None:
            minus, phrase = ("-", word[1:]) if word.startswith("-") else ("", word)
        words = " ".join(phrase.replace('"', " ").split()).strip(".,;:!?'()")
        if words:
            groups[-1].append(Term(words, excluded=bool(minus)))
            count += 1
    return [group for group in groups if group]


def _term_matches(term: str) -> Q:
    in_text = rf"(^|>)[^<]*{re.escape(term)}"
    by_author = ArticleAuthor.objects.filter(article=OuterRef("pk"), author__name__icontains=term)
    return (
        Q(headline__icontains=term)
        | Q(standfirst__icontains=term)
        | Q(body__icontains=term, body__iregex=in_text)  # the cheap LIKE first, the regex on its hits
        | Q(source__name__icontains=term)
        | Q(Exists(by_author))
    )


def _contains(queryset, text: str):
    groups = parse_query(text)
    if not groups:
        return queryset.none().annotate(rank=Value(0.0, output_field=FloatField()))
    wanted = Q()
    rank = Value(0.0, output_field=FloatField())
    for group in groups:
        condition = Q()
        for term in group:
            condition &= ~_term_matches(term.text) if term.excluded else _term_matches(term.text)
            if not term.excluded:
                # Same weighting idea as the PostgreSQL vector: headline over standfirst over body.
                rank = rank + Case(
                    When(headline__icontains=term.text, then=Value(1.0)),
                    When(standfirst__icontains=term.text, then=Value(0.4)),
                    default=Value(0.1),
                    output_field=FloatField(),
                )
        wanted |= condition
    return queryset.filter(wanted).annotate(rank=rank)


# --- Highlights ---


def highlight(articles, text: str) -> None:
    """Sets ``marked_headline``, ``marked_standfirst`` and ``marked_byline`` (safe HTML: escaped text with <mark>
    around the words found) on each of the page's stories."""
    words = [term.text for group in parse_query(text) for term in group if not term.excluded]
    for article in articles:
        from_database = getattr(article, "headline_marked", None) is not None
        if from_database:
            article.marked_headline = _from_sentinels(article.headline_marked, article.headline)
            article.marked_standfirst = _from_sentinels(article.standfirst_marked, article.standfirst)
        else:
            article.marked_headline = mark_words(article.headline, words)
            article.marked_standfirst = mark_words(article.standfirst, words)
        article.marked_byline = mark_words(article.byline, words)


def mark_words(text: str, words: list[str]):
    """Escapes ``text`` and puts <mark> around each place one of ``words`` appears (any case)."""
    if not words or not text:
        return escape(text)
    pattern = re.compile("|".join(re.escape(word) for word in sorted(words, key=len, reverse=True)), re.IGNORECASE)
    parts, last = [], 0
    for found in pattern.finditer(text):
        parts += [escape(text[last : found.start()]), "<mark>", escape(found.group(0)), "</mark>"]
        last = found.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))  # every piece of the text went through escape()


def _from_sentinels(marked: str, original: str):
    if marked.count(MARK_START) != marked.count(MARK_END):
        return escape(original)  # the text held the markers itself: show it plain rather than guess
    html = str(escape(marked)).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    return mark_safe(html)  # escaped first; the only tags are the marks put in for the markers


class DayInput(forms.DateInput):
    """A native date picker that never echoes back a value the browser could not show (invalid HTML)."""

    input_type = "date"

    def format_value(self, value):
        value = super().format_value(value)
        try:
            return date.fromisoformat(value).isoformat() if value else None
        except (TypeError, ValueError):
            return None


class PlainSelect(forms.Select):
    """A drop-down drawn in Python: Django draws each option through a template, about 40 µs apiece, and the
    search form's places and topics run to hundreds (25 ms a page at 200,000 stories)."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = "" if value is None else str(value)
        options = "".join(
            f'<option value="{escape(choice)}"{" selected" if str(choice) == chosen else ""}>{escape(label)}</option>'
            for choice, label in self.choices
        )
        attributes = flatatt(self.build_attrs(self.attrs, attrs))
        return mark_safe(f'<select name="{escape(name)}"{attributes}>{options}</select>')  # every part escaped above


ORDER_CHOICES = [("relevance", "Relevance"), ("date", "Newest first")]


class ArticleSearchFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Search for",
        method="filter_text",
        max_length=MAX_QUERY_LENGTH,
        help_text=mark_safe(  # constant text, no input in it
            'Every word must appear; <kbd>OR</kbd> between words for either, <kbd>"quotes"</kbd> for a phrase, '
            "<kbd>-word</kbd> to leave a word out. Writers' and agencies' names count."
        ),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    section = django_filters.ModelChoiceFilter(
        queryset=Section.objects.only("name", "slug"), to_field_name="slug", empty_label="All sections"
    )
    # Places and topics are chosen by slug from the cached choices (``search_choices``): validating and drawing the
    # drop-downs costs no query over the tag tables; the chosen one is looked up when the filter applies.
    region = django_filters.ChoiceFilter(
        method="filter_region", empty_label="All places", label="Place", widget=PlainSelect
    )
    topic = django_filters.ChoiceFilter(
        method="filter_topic", empty_label="All topics", label="Topic", widget=PlainSelect
    )
    since = django_filters.DateFilter(label="From", method="filter_since", widget=DayInput)
    until = django_filters.DateFilter(label="To", method="filter_until", widget=DayInput)
    order = django_filters.ChoiceFilter(
        label="Order by", choices=ORDER_CHOICES, method="filter_order", empty_label=None
    )

    def filter_text(self, queryset, name, value):
        return matching(queryset, value)

    def filter_region(self, queryset, name, value):
        return queryset.in_region(Region.objects.only("path").get(slug=value))

    def filter_topic(self, queryset, name, value):
        return queryset.with_topic(Topic.objects.only("pk").get(slug=value))

    def filter_since(self, queryset, name, value):
        return queryset.filter(published_at__gte=_start_of(value))

    def filter_until(self, queryset, name, value):
        if value >= date.max:  # the day after would overflow; nothing is published after it anyway
            return queryset
        return queryset.filter(published_at__lt=_start_of(value + timedelta(days=1)))

    def filter_order(self, queryset, name, value):
        # Ordering is applied in `qs` once every filter ran, so it can see whether text was searched.
        return queryset

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = search_choices(self.request)
        region, topic = self.form.fields["region"], self.form.fields["topic"]
        # The fields add their own empty choice ("All places"); the drop-downs are given theirs below.
        region.choices = [(slug, name) for slug, name, _depth in choices["regions"]]
        topic.choices = choices["topics"]
        topic.widget.choices = [("", topic.empty_label), *choices["topics"]]
        # Any place with stories may be asked for (links from region pages do), but the drop-down lists the
        # broad ones only, and the one asked for: a select of two thousand towns is neither usable nor cheap to draw.
        chosen = self.data.get("region")
        region.widget.choices = [
            ("", region.empty_label),
            *(
                (slug, name)
                for slug, name, depth in choices["regions"]
                if depth <= MAX_OFFERED_REGION_DEPTH or slug == chosen
            ),
        ]

    @property
    def qs(self):
        queryset = super().qs
        chosen = getattr(self.form, "cleaned_data", {})
        by_relevance = chosen.get("q") and chosen.get("order") != "date"
        if by_relevance:
            return queryset.order_by("-rank", "-published_at", "-id")
        return queryset.order_by("-published_at", "-id")

    @property
    def has_criteria(self) -> bool:
        """Whether the reader asked for anything: a bare /search/ shows the form, not the whole archive."""
        return any(self.data.get(name) for name in ("q", "section", "region", "topic", "since", "until"))


def _with_public_story(tags, through):
    """The tags carrying a story ``published()`` returns: for each tag, its first link with a publish time (set
    while its story's status is published: ``articles.related.index``) whose story is public, read from the
    (tag, published_at) index. A LIMIT 1 subquery, so PostgreSQL probes each tag and stops at its first live story
    rather than joining every link with every public story (an EXISTS became that join: 0.6 s at 200,000)."""
    live = Article.objects.published().filter(pk=OuterRef("content_object_id"))
    first = through.objects.filter(tag=OuterRef("pk"), published_at__lte=timezone.now()).filter(Exists(live))
    return tags.annotate(live_link=Subquery(first.values("pk")[:1])).filter(live_link__isnull=False)


def topics_with_public_stories():
    return _with_public_story(Topic.objects.all(), TaggedTopic).only("name", "slug")


def public_region_ids() -> set[int]:
    """Places with a public story, and the places above them (their search includes the places inside)."""
    paths = _with_public_story(Region.objects.all(), TaggedRegion).values_list("path", flat=True)
    return {int(part) for path in paths for part in path.strip("/").split("/") if part}


def search_choices(request=None) -> dict:
    """The search form's places and topics, computed once per change of the public set (the public-data cache),
    read once per request."""
    if request is not None and hasattr(request, "_newsroom_search_choices"):
        return request._newsroom_search_choices

    def compute() -> dict:
        regions = Region.objects.filter(pk__in=public_region_ids()).order_by("name")
        return {
            "regions": list(regions.values_list("slug", "name", "depth")),
            "topics": list(topics_with_public_stories().order_by("name").values_list("slug", "name")),
        }

    choices = cached_public_data("search-choices", compute, stamp=public_set_stamp())
    if request is not None:
        request._newsroom_search_choices = choices
    return choices


def _start_of(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))
