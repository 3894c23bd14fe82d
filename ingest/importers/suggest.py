"""Regions, topics and a section the copy names: offered to the editor in the desk's dry run, applied once ticked.

A name matches as whole words, with case and accents folded: "ALEPPO" and "Alèppo" name Aleppo, "alep" and
"Iraqi" do not name Aleppo or Iraq. The cost is bounded by the text, not by the vocabulary: the copy's word
n-grams (up to ``MAX_WORDS`` words) become candidate slugs, and one indexed ``slug IN (…)`` query per
vocabulary finds the tags among them, whatever the number of tags in the archive: by slug, or by the lower-case
name the unique index on ``Lower(Trim(name))`` holds (so a tag whose slug was set by hand is found by its name).

The rule, the same on every route (the desk, ``manage.py import_articles``, polled sources, a worker's upload):

- Suggestions are proposals. Only the desk's dry run makes them, and only for the stories the run will write (new
  stories, and copy that changed); a story the run leaves alone (unchanged, held, skipped) is offered nothing.
  They are applied only when the editor leaves them ticked (all ticked to begin with); the dry run applies every
  one it offers, so its counts are the counts of the confirm that keeps them all.
- Once applied they are the desk's addition to the story, not part of the source's copy: the digest that
  recognises a repeat import is of the copy alone (``write.source_digest``), so unchanged copy is "unchanged"
  whichever route brought it first and whichever brings it again, and no route flips the tags.
- An update of changed copy, by any route, keeps the regions, topics and section the story already carries that
  its copy still names (``carried``): a route that offers no suggestions never takes applied ones off, nor puts on
  one the editor unticked. An applied tag the new copy no longer names is dropped, as is a source's tag the source
  stopped sending unless the copy still names it.

Why not apply them on every route, or fold them into the digest: the command and polled sources have no editor to
tick anything, and applying suggestions unasked would tag thousands of wire stories nobody looked at; and
suggestions follow the vocabulary as it is on the day (a region added tomorrow is suggested tomorrow), so they
cannot be part of what says "this copy is the copy we had".
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

from django.db.models import Q
from django.db.models.functions import Lower, Trim
from django.utils.text import slugify

from articles.models import Article, Region, Section, Topic

from .records import ImportedStory

MAX_WORDS = 3  # "Bosnia and Herzegovina", "Democratic Republic of Congo" is found by its longest three
MAX_CHARS = 60_000  # the text scanned: a long read's first 10,000 words or so
CHUNK = 2_000  # slugs per query, well within SQLite's bound on query parameters
_TAGS = re.compile(r"<[^>]+>")
_WORD = re.compile(r"\w+")
# Words that neither begin nor end a place or topic name: they only multiply the candidates.
_GLUE = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "but",
        "by",
        "for",
        "from",
        "had",
        "has",
        "have",
        "he",
        "her",
        "his",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "our",
        "said",
        "she",
        "that",
        "the",
        "their",
        "they",
        "this",
        "to",
        "was",
        "were",
        "which",
        "who",
        "will",
        "with",
        "s",
    ]
)


@dataclass
class Suggestions:
    section: str = ""
    regions: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)

    def __bool__(self) -> bool:
        return bool(self.section or self.regions or self.topics)


def fold(text: str) -> str:
    """Lower case without accents: "Alèppo" -> "aleppo"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def suggest(
    story: ImportedStory, *, section_signals: Sequence[str] = (), article: Article | None = None
) -> Suggestions:
    """What ``story``'s words name among the existing regions and topics, and the section its signals name; less
    what the story is already tagged with, and what ``article`` (the story imported before) already carries.
    Three queries for a story of up to some 700 words, two more with ``article``."""
    grams = _grams(_text_of(story)[:MAX_CHARS].casefold())
    tagged_regions = {fold(name).strip() for name in story.regions}
    tagged_topics = {fold(name).strip() for name in story.topics}
    if article is not None:
        tagged_regions |= {fold(name) for name in article.regions.values_list("name", flat=True)}
        tagged_topics |= {fold(name) for name in article.topics.values_list("name", flat=True)}
    found = Suggestions(
        regions=[name for name in _named(Region, grams) if fold(name) not in tagged_regions],
        topics=[name for name in _named(Topic, grams) if fold(name) not in tagged_topics],
    )
    section = _section(_hints(story, section_signals))
    filed = article.section_id if article is not None else None
    if section is not None and fold(section.name) != fold(story.section) and section.pk != filed:
        found.section = section.name
    return found


def carried(story: ImportedStory, article: Article, *, section_signals: Sequence[str] = ()) -> Suggestions:
    """The regions, topics and section ``article`` carries that ``story``'s copy names (as ``suggest`` would offer
    them): what an update keeps, so suggestions applied once stay, whichever route brings the next copy."""
    grams = _grams(_text_of(story)[:MAX_CHARS].casefold())
    regions = [name for name in article.regions.values_list("name", flat=True) if tuple(words(name)) in grams]
    topics = [name for name in article.topics.values_list("name", flat=True) if tuple(words(name)) in grams]
    found = Suggestions(regions=sorted(regions, key=fold), topics=sorted(topics, key=fold))
    if article.section_id:
        section = _section(_hints(story, section_signals))
        if section is not None and section.pk == article.section_id and fold(section.name) != fold(story.section):
            found.section = section.name
    return found


@dataclass
class Additions:
    """What an import adds to the story its source sent: the suggestions the editor left ticked (every offered
    one in the desk's dry run; none on the other routes), and the section signals the copy's section is read from.
    """

    chosen: Suggestions = field(default_factory=Suggestions)
    section_signals: Sequence[str] = ()

    @classmethod
    def ticked(cls, chosen: dict | None, *, section_signals: Sequence[str] = ()) -> Additions:
        """From the desk's confirm: ``chosen`` is what ``Suggestions.as_dict`` gave, less what was unticked."""
        chosen = chosen or {}
        picked = Suggestions(
            section=chosen.get("section", ""),
            regions=list(chosen.get("regions", [])),
            topics=list(chosen.get("topics", [])),
        )
        return cls(chosen=picked, section_signals=list(section_signals))

    def for_story(self, story: ImportedStory, article: Article | None) -> Suggestions:
        """The names the import adds to ``story``'s own tags and section as it writes ``article`` (None: a new
        story): the chosen suggestions and, for an update, what the article carries that the copy still names."""
        if article is None:
            return self.chosen
        kept = carried(story, article, section_signals=self.section_signals)
        return Suggestions(
            section=self.chosen.section or kept.section,
            regions=list(dict.fromkeys([*kept.regions, *self.chosen.regions])),
            topics=list(dict.fromkeys([*kept.topics, *self.chosen.topics])),
        )


def _hints(story: ImportedStory, section_signals: Sequence[str]) -> list[str]:
    return [*section_signals, story.section] if story.section else list(section_signals)


def _text_of(story: ImportedStory) -> str:
    captions = " . ".join(f"{image.caption} . {image.alt}" for image in story.images)
    body = html.unescape(_TAGS.sub(" . ", story.body_html))
    # " . " between parts, so no n-gram runs from the headline into the standfirst.
    return " . ".join((story.headline, story.standfirst, captions, body))


def _grams(text: str) -> dict[tuple[str, ...], str]:
    """Folded word n-grams of the lower-case ``text`` -> the n-gram as written there ("deir ez-zor", accents kept)."""
    spans = [match.span() for match in _WORD.finditer(text)]
    folded = [fold(text[start:end]) for start, end in spans]
    grams: dict[tuple[str, ...], str] = {}
    for start, first in enumerate(folded):
        if first in _GLUE or first.isdigit():
            continue
        for size in range(1, MAX_WORDS + 1):
            gram = tuple(folded[start : start + size])
            if len(gram) < size:
                break
            if gram[-1] not in _GLUE:
                grams.setdefault(gram, text[spans[start][0] : spans[start + size - 1][1]])
    return grams


def _named(model, grams: dict[tuple[str, ...], str]) -> list[str]:
    """Names of ``model`` rows that ``grams`` spell, as whole words with case and accents folded, in name order."""
    found: dict[int, str] = {}
    ordered = sorted(grams)
    for start in range(0, len(ordered), CHUNK):
        chunk = ordered[start : start + CHUNK]
        slugs = {slugify(" ".join(gram)) for gram in chunk} - {""}
        names = {" ".join(gram) for gram in chunk} | {grams[gram] for gram in chunk}
        rows = model.objects.annotate(lower_name=Lower(Trim("name"))).filter(
            Q(slug__in=slugs) | Q(lower_name__in=names)
        )
        for pk, name in rows.order_by().values_list("pk", "name"):
            if tuple(words(name)) in grams:  # a slug may match where the words do not ("new-york" for "Newyork")
                found[pk] = name
    return sorted(found.values(), key=fold)


_NEWS_WORDS = re.compile(r"^(?:latest|breaking)\s+|\s+(?:news|headlines)$", re.IGNORECASE)


def _section(hints: list[str]) -> Section | None:
    """The first section a hint names: "World", or a wire category or kicker like "World News", "Latest Sport"."""
    hints = [
        variant
        for hint in hints
        if hint and hint.strip()
        for variant in (hint.strip(), _NEWS_WORDS.sub("", hint.strip()))
    ]
    if not hints:
        return None
    slugs = [slugify(hint) for hint in hints]
    sections = {fold(s.name): s for s in Section.objects.filter(slug__in=slugs)}
    sections |= {s.slug: s for s in sections.values()}
    for hint, slug in zip(hints, slugs, strict=True):
        section = sections.get(fold(hint)) or sections.get(slug)
        if section is not None:
            return section
    return None
