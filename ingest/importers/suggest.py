"""Regions, topics and a section the copy names, offered to the editor in a dry run, applied once confirmed.

A name matches as whole words, with case and accents folded: "ALEPPO" and "Alèppo" name Aleppo, "alep" and
"Iraqi" do not name Aleppo or Iraq. The cost is bounded by the text, not by the vocabulary: the copy's word
n-grams (up to ``MAX_WORDS`` words) become candidate slugs, and one indexed ``slug IN (…)`` query per
vocabulary finds the tags among them, whatever the number of tags in the archive: by slug, or by the lower-case
name the unique index on ``Lower(Trim(name))`` holds (so a tag whose slug was set by hand is found by its name).

Suggestions are never applied by themselves: the editor ticks or unticks each (all ticked to begin with) and
the confirmed import adds the ticked ones to the story (``apply``).
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import asdict, dataclass, field

from django.db.models import Q
from django.db.models.functions import Lower, Trim
from django.utils.text import slugify

from articles.models import Region, Section, Topic

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


def suggest(story: ImportedStory, *, section_signals: list[str] = ()) -> Suggestions:
    """What ``story``'s words name among the existing regions and topics, and the section its signals name;
    less what the story is already tagged with. Three queries for a story of up to some 700 words."""
    grams = _grams(_text_of(story)[:MAX_CHARS].casefold())
    tagged_regions = {fold(name).strip() for name in story.regions}
    tagged_topics = {fold(name).strip() for name in story.topics}
    found = Suggestions(
        regions=[name for name in _named(Region, grams) if fold(name) not in tagged_regions],
        topics=[name for name in _named(Topic, grams) if fold(name) not in tagged_topics],
    )
    hints = [*section_signals, story.section] if story.section else list(section_signals)
    section = _section(hints)
    if section is not None and fold(section.name) != fold(story.section):
        found.section = section.name
    return found


def apply(story: ImportedStory, chosen: dict | None) -> None:
    """Add the editor's confirmed suggestions to ``story`` (names of existing rows, found again by name)."""
    if not chosen:
        return
    story.regions = [*story.regions, *chosen.get("regions", [])]
    story.topics = [*story.topics, *chosen.get("topics", [])]
    if chosen.get("section"):
        story.section = chosen["section"]


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
