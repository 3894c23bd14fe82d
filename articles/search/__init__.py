"""Search over the stories readers see: words, bylines, places and topics, narrowed by section, place (the places
under it included), topic, writer and date, with facet counts.

- ``backends/``: who finds the stories, chosen by ``SEARCH_BACKEND`` (``base.py`` is the interface): PostgreSQL's
  full text over a stored, weighted vector by default; a plain match on SQLite, the embedded default; an external
  engine by subclassing ``SearchBackend``.
- ``query.py``: how the words are read (all required, ``OR``, ``"phrases"``, ``-word``), the same everywhere.
- ``form.py``: the form, read into ``Criteria``; ``choices.py``: its sections, places and topics (cached).
- ``results.py``: one page of results read through ``published()``; ``highlight.py``: the words found, marked.
- ``facets.py``: the backend's facet counts named and linked.
- ``indexing.py`` and ``tasks.py``: keeping the index current (story events, renames, ``rebuild_search_index``).
"""

from articles.search.backends import Count, Criteria, Facets, Order, Results, SearchBackend, backend
from articles.search.choices import search_choices
from articles.search.facets import facet_groups
from articles.search.form import SearchForm
from articles.search.highlight import highlight, mark_words
from articles.search.query import Term, parse_query
from articles.search.results import result_page

__all__ = [
    "Count",
    "Criteria",
    "Facets",
    "Order",
    "Results",
    "SearchBackend",
    "SearchForm",
    "Term",
    "backend",
    "facet_groups",
    "highlight",
    "mark_words",
    "parse_query",
    "result_page",
    "search_choices",
]
