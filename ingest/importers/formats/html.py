"""An article page saved from a news site: one file, one story.

Metadata comes from schema.org JSON-LD first (it is what publishers maintain for search engines),
then Open Graph / article:* meta, then the visible page. The body is the kept blocks (p, h2, h3,
blockquote, lists, figures) of the richest article container once page furniture is removed.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

import lxml.html
from lxml import etree

from ..records import ImportedStory, ItemError, ParsedItem
from .html_body import read_body
from .text import AGENCIES, default_tz, split_names

ARTICLE_TYPES = {
    "NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle",
    "BackgroundNewsArticle", "ReviewNewsArticle", "BlogPosting", "LiveBlogPosting", "Report",
}  # fmt: skip
_WRAPPER = re.compile(r"^\s*(?:<!--|(?://)?<!\[CDATA\[)|(?:-->|(?://)?\]\]>)\s*$")
_DESK = re.compile(r"^(?:by )?our\b|\b(?:staff|reporters?|correspondents?|desk|team|writers?)$", re.I)
_DATE_KEYS = ("article:published_time", "article:published", "datepublished", "date")
# Zone abbreviations printed next to a visible time ("1:14 p.m. ET", "10.45am BST"). IST (India, Ireland,
# Israel) and other ambiguous ones are left out. GMT and UTC are read literally: a summer "09:30 GMT" from
# a wire service means UTC, not London's BST.
_ZONES = {
    **dict.fromkeys(("ET", "EST", "EDT"), "America/New_York"),
    **dict.fromkeys(("CT", "CST", "CDT"), "America/Chicago"),
    **dict.fromkeys(("MT", "MST", "MDT"), "America/Denver"),
    **dict.fromkeys(("PT", "PST", "PDT"), "America/Los_Angeles"),
    "BST": "Europe/London",
    **dict.fromkeys(("CET", "CEST"), "Europe/Paris"),
    **dict.fromkeys(("GMT", "UTC"), "UTC"),
}
_SHOWN_TIME = re.compile(
    r"\b(?P<hour>[012]?\d)(?:[:.](?P<minute>[0-5]\d))?\s*(?P<half>(?i:[ap])\.?\s?(?i:m)\.?)?\s*\(?"
    rf"(?P<zone>{'|'.join(sorted(_ZONES, key=len, reverse=True))})\b"
)


def sniff(head: bytes) -> bool:
    text = head[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return text.startswith((b"<!doctype html", b"<html")) or (b"<html" in text and b"<head" in text)


def _types(node: dict) -> set[str]:
    value = node.get("@type", [])
    return {re.split(r"[/:#]", t)[-1] for t in ([value] if isinstance(value, str) else value) if t}


def _walk(node) -> Iterator[dict]:
    if isinstance(node, list):
        for child in node:
            yield from _walk(child)
    elif isinstance(node, dict):
        yield node
        for key in ("@graph", "mainEntity", "itemListElement"):
            yield from _walk(node.get(key))


def _json_ld(doc) -> dict:
    for script in doc.xpath("//script[@type='application/ld+json']"):
        raw = _WRAPPER.sub("", script.text or "").strip()
        try:
            data = json.loads(raw.rstrip(";"), strict=False)
        except ValueError:
            continue
        for node in _walk(data):
            if _types(node) & ARTICLE_TYPES:
                return node
    return {}


def _meta(doc) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for meta in doc.xpath("//meta[@content]"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        if key and meta.get("content", "").strip():
            found.setdefault(key, []).append(meta.get("content").strip())
    return found


def _text(value) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, dict):
        value = value.get("name") or value.get("url") or value.get("@id") or ""
    return re.sub(r"\s+", " ", str(value or "")).strip()


def _shown_times(doc) -> list[tuple[int, int, tzinfo]]:
    """Every (hour, minute, zone) the visible page prints with a zone: "First published 1:28 AM ET"."""
    text = " ".join(doc.xpath("//body//text()[not(ancestor::script or ancestor::style)]"))
    found = []
    for match in _SHOWN_TIME.finditer(re.sub(r"\s+", " ", text)):
        hour, minute, half = int(match["hour"]), int(match["minute"] or 0), (match["half"] or "").lower()
        if not (match["minute"] or half) or hour > (12 if half else 23):
            continue  # "3 ET" is no time; "13pm" is no clock
        if half:
            hour = hour % 12 + (12 if half.startswith("p") else 0)
        zone = _ZONES[match["zone"]]
        found.append((hour, minute, UTC if zone == "UTC" else ZoneInfo(zone)))
    return found


def _date(
    value: str, story: ImportedStory, label: str, hints: list[str], shown: Sequence[tuple[int, int, tzinfo]] = ()
) -> datetime | None:
    """An ISO date; one without an offset takes its zone from the page's other dates, else TIME_ZONE.

    Pages often print the same moment twice (JSON-LD, ``article:published_time``, ``<time datetime>``)
    and only some copies carry an offset: a copy with the same wall-clock time gives the exact offset,
    then a visible time with a zone abbreviation at the same hour and minute ("1:28 AM ET") gives its
    zone, then any other dated copy the site's offset. With no hint at all the newsroom's own TIME_ZONE
    is the least-wrong guess (a saved page is most often from a site in the newsroom's zone), never UTC.
    """
    parsed = _iso(value)
    if parsed is None:
        if value:
            story.warnings.append(f"unreadable {label} date {value!r}; left empty")
        return None
    if parsed.tzinfo is None:
        aware = [hint for hint in map(_iso, hints) if hint is not None and hint.tzinfo is not None]
        same = [hint for hint in aware if hint.replace(tzinfo=None) == parsed]
        printed = [zone for hour, minute, zone in shown if (hour, minute) == (parsed.hour, parsed.minute)]
        if same:
            return parsed.replace(tzinfo=same[0].tzinfo)
        if printed or aware:
            return parsed.replace(tzinfo=printed[0] if printed else aware[0].tzinfo)
        zone = default_tz()
        story.warnings.append(f"{label} date {value!r} has no time zone; read as {zone}")
        parsed = parsed.replace(tzinfo=zone)
    return parsed


def _iso(value: str) -> datetime | None:
    value = (value or "").strip()
    try:
        return datetime.fromisoformat(value.replace(" ", "T", 1)) if value else None
    except ValueError:
        return None


def _people(story: ImportedStory, authors) -> None:
    for author in authors if isinstance(authors, list) else [authors]:
        name = _text(author)
        if not name or name.startswith("http"):
            continue
        is_org = isinstance(author, dict) and _types(author) & {"Organization", "NewsMediaOrganization"}
        if is_org or name.lower() in AGENCIES:
            story.source_name = story.source_name or name
        else:
            story.authors.append(name)


def _decode(data: bytes) -> str:
    match = re.search(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_-]+)""", data[:8192], re.I)
    encoding = match.group(1).decode("ascii") if match else "utf-8"
    try:
        return data.decode(encoding)
    except (LookupError, UnicodeDecodeError):
        return data.decode("utf-8", errors="replace")


def parse(path, *, name: str | None = None) -> Iterator[ParsedItem]:
    path = Path(path)
    name = name or path.name
    data = path.read_bytes()
    try:
        doc = lxml.html.document_fromstring(_decode(data), parser=lxml.html.HTMLParser(no_network=True))
    except (etree.ParserError, ValueError) as exc:
        yield ParsedItem(error=ItemError(f"not readable as HTML: {exc}", where=name))
        return
    ld, meta = _json_ld(doc), _meta(doc)
    first = {key: values[0] for key, values in meta.items()}
    title = doc.xpath("string(//title)").strip()
    headline = _headline(
        [
            _text(ld.get("headline")),
            first.get("og:title", ""),
            *(_text(h1.text_content()) for h1 in doc.iter("h1")),
            title,
        ]
    )
    if not headline:
        yield ParsedItem(error=ItemError("page has no headline", where=name, field="headline"))
        return
    canonical = (doc.xpath("//link[@rel='canonical']/@href") or [""])[0].strip()
    guid = canonical or first.get("og:url") or "html:" + hashlib.sha256(data).hexdigest()
    story = ImportedStory(guid=guid, headline=re.sub(r"\s+", " ", headline), where=name)
    story.canonical_url = canonical or first.get("og:url", "") or _text(ld.get("url"))
    description = first.get("og:description") or first.get("description", "")
    story.standfirst = _text(ld.get("description")) or description
    story.seo_title, story.seo_description = title, first.get("description", "")
    story.language = (doc.get("lang") or _text(ld.get("inLanguage")) or "").strip()
    _dates_and_terms(story, doc, ld, meta)
    _byline(story, doc, ld, first)
    lead_url = _text(ld.get("image")) or first.get("og:image", "")
    read_body(story, doc, lead_url)
    yield ParsedItem(story=story)


def _headline(candidates: list[str]) -> str:
    """The first of JSON-LD, og:title, the visible <h1>s that the <title> prints before its site name.

    Social and search headlines are often rewritten ("... amid virus outbreak"); the <title> keeps the
    page's own, so the candidate it repeats wins. With no agreement the JSON-LD headline stands.
    """
    title = _text(candidates[-1]).lower()
    for candidate in filter(None, candidates[:-1]):
        rest = title.removeprefix(_text(candidate).lower())
        if rest != title and (not rest or rest.lstrip()[:1] in ("|", "-", "–", "—", ":", "·")):
            return candidate
    return next(filter(None, candidates), "")


def _dates_and_terms(story: ImportedStory, doc, ld: dict, meta: dict) -> None:
    first = {key: values[0] for key, values in meta.items()}
    published = _text(ld.get("datePublished")) or next((first[k] for k in _DATE_KEYS if k in first), "")
    modified = _text(ld.get("dateModified")) or first.get("article:modified_time", "")
    times = doc.xpath("//time/@datetime")
    hints = [_text(ld.get("datePublished"))] + [v for k in _DATE_KEYS for v in meta.get(k, [])] + times
    shown = _shown_times(doc)
    story.published_at = _date(published, story, "published", [*hints, modified], shown)
    modified_hints = [modified, *meta.get("article:modified_time", []), *times, *hints]
    story.updated_at = _date(modified, story, "modified", modified_hints, shown)
    section = ld.get("articleSection") or first.get("article:section", "")
    story.section = _text(section)
    keywords = ld.get("keywords") or []
    keywords = keywords.split(",") if isinstance(keywords, str) else keywords
    tags = meta.get("article:tag", []) + [_text(k) for k in keywords]
    story.topics = list(dict.fromkeys(t.strip() for t in tags if t and t.strip()))


def _byline(story: ImportedStory, doc, ld: dict, first: dict) -> None:
    """JSON-LD authors, widened by a printed byline that names them all and more; desks are no people.

    Sites often put only the first writer in JSON-LD while ``<meta name=author>`` or the visible
    byline lists everyone: a printed list holding every JSON-LD name is the fuller one. A desk line
    ("Our Foreign Staff", "Telegraph Reporters") stays the byline as printed but is not an author.
    """
    _people(story, ld.get("author") or [])
    marked = "//a[@rel='author']|//*[@itemprop='author']|//*[contains(@class,'byline')]"
    keys = ("author", "byl", "article:author", "og:article:author", "article:author_name")
    for candidate in [first.get(k, "") for k in keys] + [c.text_content() for c in doc.xpath(marked)]:
        cleaned = re.sub(r"^\s*By\s+", "", _text(candidate), flags=re.I)
        if not cleaned or cleaned.startswith("http") or len(cleaned) >= 100:
            continue
        authors, source = split_names(cleaned)
        if not story.authors and not story.source_name:
            story.authors, story.source_name = authors, source
            break
        if set(story.authors) < set(authors):
            story.authors = authors
            break
    if not story.authors and not story.source_name:
        story.source_name = _text(ld.get("publisher"))
    names = list(dict.fromkeys(story.authors))
    story.authors = [name for name in names if not _DESK.search(name)]
    story.byline = ", ".join(story.authors or names) or story.source_name
