"""What a public answer was built from, as cache keys: the stories, listings, names and pictures it shows.

Keys (in the header each cache in front reads, ``pagecache.backends``, so Varnish, Fastly or Cloudflare can purge
every cached page that carries one):

    a123     story 123 is shown (a card, a feed item, its own page)
    s4       the stories of section 4 are listed (its front, its feeds, an article page's "Latest World News")
    r12      the stories of region 12, places under it included, are listed
    t7, au3  the stories of topic 7, of author 3, are listed
    sn4, rn12, tn7, aun3   the name of that section, region, topic or author is shown (a link, a byline, the menu)
    i55      picture 55 is shown
    latest   the page lists whatever is newest (home, the latest feed, search, sitemaps)
    site     every public page: purged when something site-wide changes
    breaking the breaking-news banner's own answer (live.views.breaking), purged when an alert changes

Keys are collected while the answer is built, by the code that shows things, not by a list kept per view: the
article queryset records the stories it loads and the listing it was narrowed to, ``get_absolute_url()`` of a
section, region, topic or author records its name, a rendition records its picture. A new page type gets its
keys by showing things the usual way. Outside a request (commands, imports) nothing is collected.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

LATEST = "latest"
SITE = "site"
BREAKING = "breaking"
# A page showing more stories than this (a month's sitemap) carries ``latest`` instead of a key per story:
# headers stay small, and such pages are rebuilt whenever anything is published anyway.
MAX_STORY_KEYS = 100

_collected: ContextVar[set[str] | None] = ContextVar("newsroom_surrogate_keys", default=None)


@contextmanager
def collecting():
    """Collect the keys recorded while the block runs; yields the set."""
    keys: set[str] = {SITE}
    token = _collected.set(keys)
    try:
        yield keys
    finally:
        _collected.reset(token)


def record(*keys: str) -> None:
    collected = _collected.get()
    if collected is not None:
        collected.update(keys)


def is_collecting() -> bool:
    return _collected.get() is not None


def record_stories(pks) -> None:
    collected = _collected.get()
    if collected is None:
        return
    pks = list(pks)
    if len(pks) > MAX_STORY_KEYS:
        collected.add(LATEST)
    else:
        collected.update(story(pk) for pk in pks)


def story(pk: int) -> str:
    return f"a{pk}"


def picture(pk: int) -> str:
    return f"i{pk}"


# Listing keys (the stories filed under it) and name keys (its name is shown), by the subject's key prefix
# (the table of listing subjects, ``articles.subjects``, holds the prefixes).


def listing(prefix: str, pk: int) -> str:
    return f"{prefix}{pk}"


def name(prefix: str, pk: int) -> str:
    return f"{prefix}n{pk}"


def header_value(keys) -> str:
    return " ".join(sorted(keys))
