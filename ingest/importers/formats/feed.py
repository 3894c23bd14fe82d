"""RSS 2.0 / RSS 1.0 / Atom feeds.

Each item is cut out with lxml (the whole tree for small files, ``iterparse`` above
``STREAM_THRESHOLD`` so a 200 MB feed parses in flat memory), wrapped in a tiny envelope
(the root element and, for RSS 2.0, a channel) and handed to feedparser, which does what it is
good at: dates in every format, authors, categories, content:encoded. Media RSS is read from the
lxml element instead, because feedparser flattens it (credits lose their picture, and
media:description overwrites the item summary). A small feed that is not well-formed XML is read
by feedparser as a whole, leniently, with flat Media RSS and a warning.

Undated items import with ``published_at`` None; an unreadable date string adds a warning.
"""

from __future__ import annotations

import codecs
import copy
import hashlib
import re
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import feedparser
from lxml import etree

from ..records import ImportedImage, ImportedStory, ImportFailure, ItemError, ParsedItem
from .text import split_credit
from .xmlsafe import RefusedDocument, declares_entities, iter_elements, localname, parse_xml

STREAM_THRESHOLD = 20 * 1024 * 1024
_ITEM_TAGS = {"item", "entry"}
_KEEP_MEDIA = {"title", "category", "keywords"}  # feedparser uses these well
_DECLARED = re.compile(rb"""^<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
_state = threading.local()


def _cp1252_fallback(exc: UnicodeDecodeError) -> tuple[str, int]:
    # Feeds that declare UTF-8 but carry Windows-1252 bytes: read those bytes as what they are.
    _state.fallbacks = getattr(_state, "fallbacks", 0) + 1
    return exc.object[exc.start : exc.end].decode("cp1252", errors="replace"), exc.end


codecs.register_error("newsroom-cp1252", _cp1252_fallback)


def sniff(head: bytes) -> bool:
    text = head[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if not text.startswith(b"<"):
        return False
    if b"<rss" in text:
        return re.search(rb"wordpress\.(?:org|com)/export/", text) is None
    return (b"<feed" in text and b"atom" in text) or (b"<rdf:rdf" in text and b"purl.org/rss/1.0" in text)


class _Recoder:
    """File-like UTF-8 reader that repairs stray Windows-1252 bytes as it streams."""

    def __init__(self, raw, *, recode: bool):
        self.raw, self.recode = raw, recode
        self.decoder = codecs.getincrementaldecoder("utf-8")(errors="newsroom-cp1252")
        self.started = False

    def read(self, size: int = -1) -> bytes:
        chunk = self.raw.read(size if size and size > 0 else 1 << 16)
        if not self.started:
            chunk, self.started = chunk.lstrip(b"\xef\xbb\xbf \t\r\n"), True
        if not self.recode:
            return chunk
        return self.decoder.decode(chunk, final=not chunk).encode("utf-8")


def _needs_recode(head: bytes) -> bool:
    match = _DECLARED.match(head.lstrip(b"\xef\xbb\xbf \t\r\n")[:200])
    return match is None or match.group(1).lower().replace(b"_", b"-") in (b"utf-8", b"utf8")


def parse(path, *, name: str | None = None) -> Iterator[ParsedItem]:
    path = Path(path)
    name = name or path.name
    _state.fallbacks = 0
    with path.open("rb") as raw:
        stream = _Recoder(raw, recode=_needs_recode(raw.read(4096)))
        raw.seek(0)
        if path.stat().st_size > STREAM_THRESHOLD:
            elements = iter_elements(stream, _ITEM_TAGS, name=name)
            yield from _map_elements(elements, name)
            return
        data = stream.read(-1)
        while chunk := stream.read(1 << 16):
            data += chunk
    try:
        root = parse_xml(data, name=name)
    except ImportFailure as exc:
        # Never hand a refused document (or anything declaring entities) to feedparser's forgiving parser.
        if isinstance(exc, RefusedDocument) or declares_entities(data) or not data.strip():
            raise
        yield from _lenient(data, name, exc)
        return
    items = (el for el in root.iter() if localname(el) in _ITEM_TAGS)
    yield from _map_elements(items, name)


def _map_elements(elements, name: str) -> Iterator[ParsedItem]:
    language = None
    for index, element in enumerate(elements, start=1):
        if language is None:
            language = _language(element.getroottree().getroot())
        where = f"{name} item {index}"
        parsed = feedparser.parse(_envelope(element))
        entry = parsed.entries[0] if parsed.entries else feedparser.FeedParserDict()
        try:
            story = map_entry(entry, where, images=feed_images(element), language=language)
        except ItemError as exc:
            yield ParsedItem(error=exc)
            continue
        if _state.fallbacks and index == 1:
            story.warnings.append("feed declares UTF-8 but holds Windows-1252 bytes; repaired")
        yield ParsedItem(story=story)


def _lenient(data: bytes, name: str, error: ImportFailure) -> Iterator[ParsedItem]:
    parsed = feedparser.parse(data)
    if not parsed.entries:
        raise error
    for index, entry in enumerate(parsed.entries, start=1):
        try:
            story = map_entry(entry, f"{name} item {index}", images=_flat_images(entry))
        except ItemError as exc:
            yield ParsedItem(error=exc)
            continue
        story.warnings.append(f"feed is not well-formed XML ({error.message}); read leniently")
        yield ParsedItem(story=story)


def _envelope(item) -> bytes:
    root = item.getroottree().getroot()
    envelope = etree.Element(root.tag, attrib=dict(root.attrib), nsmap=root.nsmap)
    parent = envelope
    if localname(root) == "rss":
        parent = etree.SubElement(envelope, "channel")
    clone = copy.deepcopy(item)
    for child in list(clone):
        if isinstance(child.tag, str) and "search.yahoo.com/mrss" in child.tag and localname(child) not in _KEEP_MEDIA:
            clone.remove(child)
    parent.append(clone)
    return etree.tostring(envelope, encoding="utf-8", xml_declaration=True)


def _language(root) -> str:
    lang = root.get("{http://www.w3.org/XML/1998/namespace}lang", "")
    for element in root.iter("language", "{*}language"):
        lang = lang or (element.text or "").strip()
        break
    return lang


def _date(entry, key: str, story: ImportedStory) -> datetime | None:
    parsed = entry.get(f"{key}_parsed")
    # feedparser reads a bare number such as "1518478934" as some unrelated day: refuse it.
    if parsed and not str(entry.get(key, "")).strip().isdigit():
        return datetime(*parsed[:6], tzinfo=UTC)
    if entry.get(key):
        story.warnings.append(f"unreadable {key} date {entry[key]!r}; left empty")
    return None


def _plain(value: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", value or "")).strip()


def map_entry(entry, where: str, *, images: list[ImportedImage], language: str = "") -> ImportedStory:
    """One feedparser entry (plus Media RSS images read elsewhere) -> ImportedStory."""
    headline = _plain(entry.get("title", ""))
    if not headline:
        raise ItemError("item has no title", where=where, field="headline")
    guid = entry.get("id") or entry.get("link") or ""
    story = ImportedStory(guid=guid, headline=headline, where=where, language=language)
    if not guid:
        seed = f"{headline}\n{entry.get('published', '')}"
        story.guid = "feed:" + hashlib.sha256(seed.encode()).hexdigest()
        story.warnings.append("item has no guid or link; identified by a hash of its title and date")
    story.canonical_url = entry.get("link", "")
    summary = entry.get("summary", "")
    content = entry["content"][0].get("value", "") if entry.get("content") else ""
    story.body_html = content or summary
    if content and summary and _plain(summary) != _plain(content)[: len(_plain(summary))]:
        story.standfirst = _plain(summary)
    story.byline = entry.get("author", "")
    story.authors = [a["name"] for a in entry.get("authors", []) if a.get("name")]
    story.published_at = _date(entry, "published", story)
    story.updated_at = _date(entry, "updated", story)
    story.published_at = story.published_at or story.updated_at
    story.topics = list(dict.fromkeys(t.get("label") or t.get("term") for t in entry.get("tags", [])))
    story.topics = [t for t in story.topics if t]
    story.images = images
    return story


def _flat_images(entry) -> list[ImportedImage]:
    """Media RSS as feedparser flattens it: one lead picture, the first credit, no caption."""
    candidates = [m for m in entry.get("media_content", []) if m.get("medium", "image") == "image"]
    candidates += [
        {"url": link.get("href"), "type": link.get("type")}
        for link in entry.get("links", [])
        if link.get("rel") == "enclosure" and link.get("type", "").startswith("image/")
    ]
    candidates = candidates or entry.get("media_thumbnail", [])
    if not candidates or not candidates[0].get("url"):
        return []
    credits = entry.get("media_credit") or [{}]
    credit = credits[0].get("content", "")
    credit = split_credit(credit)[1] or credit
    return [ImportedImage(source=candidates[0]["url"], credit=credit, role="lead", key="feed-1")]


_IMAGE_URL = re.compile(r"\.(?:jpe?g|png|gif|webp|avif)(?:$|\?)", re.I)


def _is_media(element, name: str) -> bool:
    tag = element.tag
    return isinstance(tag, str) and "search.yahoo.com/mrss" in tag and localname(element) == name


def _child_text(element, name: str) -> str:
    found = next((c for c in element if _is_media(c, name)), None)
    return _plain(found.text or "") if found is not None else ""


def _int(value) -> int | None:
    return int(value) if value and str(value).isdigit() else None


def _media_image(element, item) -> ImportedImage:
    """A media:content/thumbnail: its own description and credit, else its group's, else the item's."""
    scopes = [element, element.getparent(), item]
    caption = next((t for s in scopes if s is not None and (t := _child_text(s, "description"))), "")
    credit = next((t for s in scopes if s is not None and (t := _child_text(s, "credit"))), "")
    credit = split_credit(credit)[1] or credit
    if caption and not credit:
        caption, credit = split_credit(caption)
    return ImportedImage(
        source=element.get("url", ""),
        caption=caption,
        credit=credit,
        alt=_child_text(element, "title"),
        mime_type=element.get("type", ""),
        width=_int(element.get("width")),
        height=_int(element.get("height")),
    )


def _is_picture(element) -> bool:
    medium, kind, url = element.get("medium", ""), element.get("type", ""), element.get("url", "")
    if medium or kind:
        return medium == "image" or kind.startswith("image/")
    return bool(_IMAGE_URL.search(url))


def feed_images(item) -> list[ImportedImage]:
    """The item's lead picture from Media RSS, enclosures or Atom enclosure links."""
    found = [_media_image(el, item) for el in item.iter() if _is_media(el, "content") and _is_picture(el)]
    for el in item:
        if not el.get("type", "").startswith("image/"):
            continue
        if localname(el) == "enclosure":
            found.append(ImportedImage(source=el.get("url", ""), mime_type=el.get("type", "")))
        elif localname(el) == "link" and el.get("rel") == "enclosure":
            found.append(ImportedImage(source=el.get("href", ""), mime_type=el.get("type", "")))
    if not found:
        found = [_media_image(el, item) for el in item.iter() if _is_media(el, "thumbnail")]
    found = [image for image in found if image.source]
    if not found:
        return []
    # Renditions of one picture differ only in the query string: keep the widest.
    first = found[0].source.split("?")[0]
    renditions = [image for image in found if image.source.split("?")[0] == first]
    lead = max(renditions, key=lambda image: image.width or 0)
    lead.role, lead.key = "lead", "feed-1"
    return [lead]
