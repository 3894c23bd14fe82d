"""The search form: words, section, place, topic, writer, dates and order, read into ``Criteria``.

A plain form rather than a django-filter FilterSet: the filtering is the backend's (which may not be the database),
so the form's one job is to validate what the reader sent and name it in ids. Sections, places and topics are chosen
by slug from the cached choices (``articles.search.choices``): validating and drawing the drop-downs costs no query.
A writer comes from a facet's link (a hidden field) and must have a public story, so a name only drafts carry is
never confirmed. Unknown values make the form invalid, and the page then shows no results, never everything.
"""

from __future__ import annotations

from datetime import date

from django import forms
from django.forms.utils import flatatt
from django.utils.html import escape
from django.utils.safestring import mark_safe

from articles.models import Article, Author
from articles.search.backends.base import Criteria, Order
from articles.search.choices import Choices
from articles.search.query import MAX_QUERY_LENGTH, tidy

MAX_OFFERED_REGION_DEPTH = 1  # continents and countries in the drop-down; any place by address or facet
ORDER_CHOICES = [(Order.RELEVANCE.value, "Relevance"), (Order.DATE.value, "Newest first")]
FILTERS = ("q", "section", "region", "topic", "author", "since", "until")


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


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search for",
        required=False,
        max_length=MAX_QUERY_LENGTH,
        help_text=mark_safe(  # constant text, no input in it
            'Every word must appear; <kbd>OR</kbd> between words for either, <kbd>"quotes"</kbd> for a phrase, '
            "<kbd>-word</kbd> to leave a word out. Writers' and agencies' names, places and topics count."
        ),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    section = forms.ChoiceField(label="Section", required=False, widget=PlainSelect)
    region = forms.ChoiceField(label="Place", required=False, widget=PlainSelect)
    topic = forms.ChoiceField(label="Topic", required=False, widget=PlainSelect)
    author = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)
    since = forms.DateField(label="From", required=False, widget=DayInput)
    until = forms.DateField(label="To", required=False, widget=DayInput)
    order = forms.ChoiceField(label="Order by", required=False, choices=ORDER_CHOICES, widget=PlainSelect)

    def __init__(self, data, *, choices: Choices):
        super().__init__(data)
        self.choices = choices
        self.author = None
        chosen_region = data.get("region")
        self._offer("section", "All sections", [(c.slug, c.name) for c in choices.sections])
        self._offer(
            "region",
            "All places",
            [(c.slug, c.name) for c in choices.regions],
            # Any place with stories may be asked for (links from region pages and facets do), but the drop-down
            # lists the broad ones only, and the one asked for: a select of two thousand towns is neither usable
            # nor cheap to draw.
            shown=[
                (c.slug, c.name)
                for c in choices.regions
                if c.depth <= MAX_OFFERED_REGION_DEPTH or c.slug == chosen_region
            ],
        )
        self._offer("topic", "All topics", [(c.slug, c.name) for c in choices.topics])

    def _offer(self, name: str, empty: str, valid: list, shown: list | None = None) -> None:
        field = self.fields[name]
        field.choices = [("", empty), *valid]
        field.widget.choices = [("", empty), *(valid if shown is None else shown)]

    def clean_q(self) -> str:
        return tidy(self.cleaned_data["q"])

    def clean_author(self):
        slug = self.cleaned_data["author"]
        if not slug:
            return ""
        public = Author.objects.filter(slug=slug, article_links__article__in=Article.objects.published())
        self.author = public.only("pk", "name", "slug").first()
        if self.author is None:
            raise forms.ValidationError("No writer by that name has stories here.")
        return slug

    @property
    def asked(self) -> bool:
        """Whether the reader asked for anything: a bare /search/ shows the form, not the whole archive."""
        return any(self.data.get(name) for name in FILTERS)

    def criteria(self) -> Criteria:
        data = self.cleaned_data
        until = data.get("until")
        return Criteria(
            text=data.get("q") or "",
            section=self._id("sections", data.get("section")),
            region=self._id("regions", data.get("region")),
            topic=self._id("topics", data.get("topic")),
            author=self.author.pk if self.author else None,
            since=data.get("since"),
            until=None if until is None or until >= date.max else until,  # nothing is published after it anyway
            order=Order(data.get("order") or Order.RELEVANCE),
        )

    def _id(self, kind: str, slug: str | None) -> int | None:
        return self.choices.by_slug(kind)[slug].id if slug else None
