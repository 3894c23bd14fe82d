"""IPTC ninjs (News in JSON) 1.x, 2.x and 3.x -> ImportedStory.

The versions differ mostly in spelling: 1.x has ``headline``/``body_html``/``description_text``,
``byline``, ``subject``, ``place`` and dict-shaped ``associations``/``renditions``; 2.x has arrays
(``headlines[]``, ``bodies[]``, ``descriptions[]``, ``subjects``, ``places``) with lower-case keys;
3.x keeps the arrays but camel-cases keys (``versionCreated``, ``contentType``). Keys are therefore
compared case-insensitively and both shapes are read everywhere. A file holds one object, a JSON
list of objects, or JSON Lines.

JSON Lines and a top-level list are streamed, one item in memory at a time, so a feed of any length
imports in flat memory; a bad line fails that item only, while a list broken part-way fails the file
at that line after the items before it. One object (or an ``{"items": [...]}`` wrapper) is read whole.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..records import ImportedImage, ImportedStory, ImportFailure, ParsedItem
from . import shared as w
from .jsonstream import JsonList

NOT_STORIES = {"picture", "graphic", "video", "audio", "event", "planning", "planningitem"}
PICTURES = {"picture", "graphic", "image", "photo"}
# Rendition names agencies use for the full-size picture, best first.
PREFERRED_RENDITIONS = ("original", "baseimage", "highres", "viewimage", "main", "large")
_HTML_HINT = re.compile(r"<(p|div|br|h[1-6]|ul|ol|figure|table|blockquote|span|a)\b", re.IGNORECASE)
# Superdesk-style placement of embedded associations inside the body HTML.
_EMBED = re.compile(r"<!--\s*EMBED START \w+ \{\s*id:\s*\"([^\"]+)\"\s*\}\s*-->.*?<!--\s*EMBED END[^>]*-->", re.DOTALL)
_STORY_KEYS = {"uri", "headline", "headlines", "body_html", "body_text", "bodies", "versioncreated", "type"}


def sniff(head: bytes) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:4096].lower()
    if text[:1] not in (b"{", b"[") or b'"$schema"' in text:  # a JSON Schema mentions every key
        return False
    return b'"uri"' in text and any(
        key in text for key in (b'"headline', b'"bodies"', b'"body_', b'"versioncreated"', b'"ninjs"')
    )


def parse(path, *, name: str | None = None) -> Iterator[ParsedItem]:
    """Yield one ParsedItem per ninjs object in the file."""
    name = name or Path(str(path)).name
    if hasattr(path, "read"):
        yield from _parse_stream(path, name)
        return
    with open(path, "rb") as stream:
        yield from _parse_stream(stream, name)


def _parse_stream(stream, name: str) -> Iterator[ParsedItem]:
    if not isinstance(stream, io.BufferedIOBase | io.RawIOBase):
        stream = io.BytesIO(stream.read())
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    try:
        for index, obj in enumerate(_stories_first(_objects(text, name), name), start=1):
            where = f"{name} item {index}"
            if isinstance(obj, ImportFailure):
                yield w.item_error(obj.message, where)
            elif not isinstance(obj, dict):
                yield w.item_error("item is not a JSON object", where)
            else:
                yield w.guarded(_item, where, _lower(obj), where)
    except UnicodeDecodeError as exc:
        raise ImportFailure(f"file is not UTF-8 JSON ({exc.reason})", where=name) from None
    finally:
        text.detach()


def _objects(text: io.TextIOWrapper, name: str) -> Iterator:
    """Each item of a list or JSON Lines file as it is read; a lone object (or items wrapper) whole."""
    first, line = "", 0
    while not first.strip():
        first, line = text.readline(), line + 1
        if not first:
            raise ImportFailure("file is empty", where=name)
    if first.lstrip().startswith("["):
        yield from JsonList(text, name, first, line)
        return
    try:
        obj = json.loads(first)
    except json.JSONDecodeError:
        # A pretty-printed object spans lines: read it whole.
        yield from _document(first + text.read(), name, line)
        return
    rest = _json_lines(text, line)
    following = next(rest, None)
    if following is None:
        yield from _unwrap(obj)
        return
    yield from (obj, following)
    yield from rest


def _document(text: str, name: str, first_line: int) -> list:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFailure(f"invalid JSON: {exc.msg}", where=f"{name} line {exc.lineno + first_line - 1}") from None
    return _unwrap(data)


def _unwrap(data) -> list:
    if isinstance(data, dict) and "uri" not in data and isinstance(data.get("items"), list):
        return data["items"]
    return data if isinstance(data, list) else [data]


def _stories_first(items: Iterable, name: str) -> Iterator:
    """Pass items through once one looks like ninjs; refuse the file if none does."""
    held: list = []
    items = iter(items)
    for item in items:
        held.append(item)
        if isinstance(item, dict) and _STORY_KEYS & {str(key).lower() for key in item}:
            yield from held
            yield from items
            return
    raise ImportFailure("not ninjs: no object with uri, headline or body", where=name)


def _json_lines(text: io.TextIOWrapper, number: int) -> Iterator:
    for line in text:
        number += 1
        if line.strip():
            try:
                yield json.loads(line)
            except json.JSONDecodeError as exc:
                yield ImportFailure(f"invalid JSON on line {number}: {exc.msg}")


def _lower(obj: dict) -> dict:
    return {str(key).lower(): value for key, value in obj.items()}


def _texts(obj: dict, plural: str, singular: str) -> list[tuple[str, str, str]]:
    """(role, contenttype, value) for every variant of a text field, in source order."""
    found: list[tuple[str, str, str]] = []
    for raw in obj.get(plural) or []:
        if isinstance(raw, dict):
            entry = _lower(raw)
            found.append((str(entry.get("role") or ""), str(entry.get("contenttype") or ""), entry.get("value")))
        elif isinstance(raw, str):
            found.append(("", "", raw))
    for key, value in obj.items():
        if key == singular or key.startswith(singular + "_"):
            found.append((key.partition("_")[2], "", value))
    return [
        (role.lower(), ctype.lower(), value) for role, ctype, value in found if isinstance(value, str) and value.strip()
    ]


def _is_html(role: str, ctype: str, value: str) -> bool:
    return "html" in ctype or role in ("html", "richtext", "xhtml") or bool(_HTML_HINT.search(value))


def _pick_text(variants: list[tuple[str, str, str]]) -> str:
    """Plain text wins (for headlines/captions); HTML is stripped when it is all there is."""
    for role, ctype, value in variants:
        if not _is_html(role, ctype, value):
            return w.clean(value)
    return w.strip_tags(variants[0][2]) if variants else ""


def _pick_headline(obj: dict) -> str:
    variants = _texts(obj, "headlines", "headline")
    main = [v for v in variants if v[0] in ("main", "")]
    return _pick_text(main or variants)


def _pick_body(obj: dict) -> str:
    variants = _texts(obj, "bodies", "body")
    for role, ctype, value in variants:
        if _is_html(role, ctype, value):
            return value.strip()
    return w.text_to_html(variants[0][2]) if variants else ""


def _item(obj: dict, where: str) -> ParsedItem:
    kind = str(obj.get("type") or "text").lower()
    if kind in NOT_STORIES and not _texts(obj, "bodies", "body"):
        return w.item_error(f"{kind!r} item on its own is not a news story (skipped)", where, "type")
    story = ImportedStory(guid=str(obj.get("uri") or obj.get("guid") or "").strip(), headline="", where=where)
    story.headline = _pick_headline(obj)
    if not story.headline and obj.get("title"):
        story.headline = w.clean(str(obj["title"]))
        story.warnings.append("no headline: used the item title")
    try:
        _dates(obj, story)
    except ValueError as exc:
        return w.item_error(str(exc), where, str(exc).split(":")[0])
    story.version = w.to_int(obj.get("version"), story.warnings, "version")
    story.body_html = _EMBED.sub(r'<figure data-import-image="\1"></figure>', _pick_body(obj))
    story.standfirst = _pick_text(_texts(obj, "descriptions", "description") + _texts(obj, "summaries", "summary"))
    story.byline = w.strip_by(w.names(obj.get("by") or obj.get("byline")))
    story.language = str(obj.get("language") or "")
    story.source_name = _source(obj)
    _subjects(obj, story)
    _associations(obj, story)
    return w.finish(story, "ninjs")


def _dates(obj: dict, story: ImportedStory) -> None:
    first = obj.get("firstcreated") or obj.get("contentcreated")
    story.first_published_at = w.parse_date(first, story.warnings, "firstcreated")
    story.updated_at = w.parse_date(obj.get("versioncreated"), story.warnings, "versioncreated")
    story.embargo_until = w.parse_date(obj.get("embargoed"), story.warnings, "embargoed")
    story.expires_at = w.parse_date(obj.get("expires"), story.warnings, "expires")  # where a profile carries it
    story.pub_status = w.pub_status(obj.get("pubstatus"))


def _source(obj: dict) -> str:
    sources = obj.get("infosources") or obj.get("infosource") or []
    for source in sources if isinstance(sources, list) else [sources]:
        if isinstance(source, dict) and source.get("name"):
            return w.names(source["name"])
    return w.names(obj.get("copyrightholder"))


def _named(obj: dict, *keys: str) -> list[dict]:
    entries: list[dict] = []
    for key in keys:
        value = obj.get(key) or []
        entries += [
            _lower(entry) for entry in (value if isinstance(value, list) else [value]) if isinstance(entry, dict)
        ]
    return entries


def _subjects(obj: dict, story: ImportedStory) -> None:
    for subject in _named(obj, "subjects", "subject"):
        if str(subject.get("rel") or "").lower() == "section":  # how Newsroom's own ninjs names its section
            story.section = story.section or str(subject.get("literal") or subject.get("name") or "")
            continue
        if str(subject.get("rel") or "").lower() == "place":  # a region, as Newsroom's own ninjs marks them
            w.add_unique(story.regions, str(subject.get("name") or ""))
            continue
        code = w.medtop(str(subject.get("uri") or subject.get("qcode") or ""))
        if not code and subject.get("code"):
            scheme, raw = str(subject.get("scheme") or ""), str(subject["code"])
            code = w.medtop(raw) or (w.medtop(scheme.rstrip("/") + "/" + raw) if scheme else "")
        w.add_unique(story.topic_codes, code)
        w.add_unique(story.topics, str(subject.get("name") or ""))
    if isinstance(obj.get("located"), str):
        w.add_unique(story.regions, obj["located"])
    for place in _named(obj, "places", "place"):
        w.add_unique(story.regions, str(place.get("name") or ""))


def _associations(obj: dict, story: ImportedStory) -> None:
    raw = obj.get("associations") or []
    pairs = list(raw.items()) if isinstance(raw, dict) else [(None, entry) for entry in raw]
    pictures: list[ImportedImage] = []
    for index, (name, raw) in enumerate(pairs, start=1):
        if not isinstance(raw, dict):
            continue
        assoc = _lower(raw)
        key = str(name or assoc.get("name") or f"image{index}")
        kind = str(assoc.get("type") or "").lower()
        if kind in PICTURES or (not kind and _renditions(assoc)):
            pictures.append(_image(assoc, key, story.warnings))
        else:
            story.warnings.append(f"association {key!r} ({kind or 'no type'}) is not a picture: ignored")
    placed = set(_EMBED_KEYS.findall(story.body_html))
    lead = next((p for p in pictures if p.key == "featuremedia"), None)
    lead = lead or next((p for p in pictures if p.key not in placed), None)
    for picture in pictures:
        picture.role = "lead" if picture is lead else "inline"
    story.images = pictures


_EMBED_KEYS = re.compile(r'data-import-image="([^"]+)"')


def _renditions(assoc: dict) -> list[dict]:
    raw = assoc.get("renditions") or []
    pairs = list(raw.items()) if isinstance(raw, dict) else [(None, r) for r in raw]
    found = []
    for key, raw in pairs:
        if isinstance(raw, dict):
            rendition = _lower(raw)
            rendition.setdefault("name", key or "")
            found.append(rendition)
    return found


def _best_rendition(renditions: list[dict]) -> dict | None:
    usable = [r for r in renditions if r.get("href")]
    preferred = [r for r in usable if str(r.get("name") or "").lower() in PREFERRED_RENDITIONS]

    def size(rendition: dict) -> int:
        try:
            return int(rendition.get("width") or 0) * int(rendition.get("height") or 0)
        except (TypeError, ValueError):
            return 0

    pool = preferred or usable
    return max(pool, key=size) if pool else None


def _image(assoc: dict, key: str, warnings: list[str]) -> ImportedImage:
    image = ImportedImage(key=key)
    best = _best_rendition(_renditions(assoc))
    if best:
        image.source = str(best["href"]).strip()
        image.mime_type = str(best.get("contenttype") or best.get("mimetype") or "")
        image.width = w.to_int(best.get("width"), warnings, "width")
        image.height = w.to_int(best.get("height"), warnings, "height")
    elif re.search(r"\.(jpe?g|png|gif|webp)$", str(assoc.get("uri") or ""), re.IGNORECASE):
        image.source = str(assoc["uri"])
    else:
        warnings.append(f"picture {key!r} has no rendition with an href: kept as a placeholder")
    image.caption = _pick_text(_texts(assoc, "descriptions", "description"))
    credit = assoc.get("creditline") or assoc.get("credit") or assoc.get("by") or assoc.get("byline")
    image.credit = w.names(credit or assoc.get("copyrightholder"))
    image.alt = w.clean(str(assoc.get("alt") or assoc.get("alttext") or "")) or _pick_text(
        _texts(assoc, "bodies", "body")
    )
    image.alt = image.alt or _pick_headline(assoc)
    return image
