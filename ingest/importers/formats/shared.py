"""Helpers shared by the wire-format parsers (ninjs, NewsML-G2, NITF): dates, ids, text, checks.

Private to ``ninjs``, ``newsml`` and ``nitf``; other importers should not rely on it.
"""

from __future__ import annotations

import hashlib
import html
import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from ..records import ImportedStory, ItemError, ParsedItem

_SPACE = re.compile(r"\s+")
_BY = re.compile(r"^\s*by[\s:]+", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
# IPTC Media Topic codes arrive as qcodes or as full URIs; both become "medtop:NNNNNNNN".
_MEDTOP_URI = re.compile(r"^https?://cv\.iptc\.org/newscodes/mediatopic/(\w+)/?$", re.IGNORECASE)


def clean(text: str | None) -> str:
    """Collapse runs of whitespace (XML pretty-printing leaks into headlines and captions)."""
    return _SPACE.sub(" ", text or "").strip()


def strip_by(text: str | None) -> str:
    return _BY.sub("", clean(text)).strip()


def strip_tags(text: str | None) -> str:
    return clean(html.unescape(_TAG.sub(" ", text or "")))


def text_to_html(text: str) -> str:
    """Plain text to paragraphs: blank lines split paragraphs, single newlines become <br>."""
    paragraphs = [part.strip() for part in re.split(r"\n\s*\n", text or "") if part.strip()]
    if len(paragraphs) == 1 and "\n" in paragraphs[0]:
        paragraphs = [line.strip() for line in paragraphs[0].splitlines() if line.strip()]
    return "".join(f"<p>{html.escape(part)}</p>" for part in paragraphs)


def medtop(code: str) -> str:
    """Normalise a Media Topic reference to "medtop:NNN"; "" when it is another scheme."""
    code = (code or "").strip()
    if code.lower().startswith("medtop:"):
        return "medtop:" + code.split(":", 1)[1]
    match = _MEDTOP_URI.match(code)
    return f"medtop:{match.group(1)}" if match else ""


def parse_date(value, warnings: list[str], label: str) -> datetime | None:
    """Read an ISO 8601 / NITF norm / RFC 2822 date; naive values are taken as UTC with a warning.

    Returns None for an empty value; raises ValueError when the value cannot be read.
    """
    text = str(value or "").strip()
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        try:
            moment = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            raise ValueError(f"{label}: cannot read date {text!r}") from None
    if moment.tzinfo is None:
        warnings.append(f"{label} {text!r} has no time zone: taken as UTC")
        moment = moment.replace(tzinfo=UTC)
    return moment


def fallback_guid(story: ImportedStory, prefix: str) -> str:
    """A stable id when the source gives none: hash of headline + first-created date."""
    when = story.first_published_at or story.published_at or story.updated_at
    seed = f"{story.headline}|{when.isoformat() if when else ''}"
    story.warnings.append("no identifier in the source: id derived from the headline and date")
    return f"{prefix}:sha1:{hashlib.sha1(seed.encode(), usedforsecurity=False).hexdigest()}"


def pub_status(value) -> str:
    """The agency's publishing status as one lower-case word: "stat:canceled" -> "canceled"; "" when unset."""
    return clean(str(value or "")).rsplit(":", 1)[-1].lower()


def to_int(value, warnings: list[str], label: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(str(value).strip())
    except ValueError:
        warnings.append(f"{label} {value!r} is not a number: ignored")
        return None


def add_unique(target: list[str], *values: str) -> None:
    for raw in values:
        value = clean(raw)
        if value and value not in target:
            target.append(value)


def item_error(message: str, where: str, field: str = "") -> ParsedItem:
    return ParsedItem(error=ItemError(message, where=where, field=field))


def guarded(build, where: str, *args) -> ParsedItem:
    """``build(*args)``, with an odd field type in one item failing that item only, not the whole file."""
    try:
        return build(*args)
    except (TypeError, ValueError, KeyError, AttributeError) as exc:
        return item_error(f"cannot be read: {exc}", where, _failing_step(exc))


def _failing_step(exc: Exception) -> str:
    """The parser function that met the odd value ("_source" -> "source"): a hint at the field for the report."""
    step, trace = "", exc.__traceback__
    while trace is not None:
        if trace.tb_frame.f_globals.get("__name__", "").startswith(__package__ or "ingest.importers"):
            step = trace.tb_frame.f_code.co_name
        trace = trace.tb_next
    return step.strip("_") if step not in ("guarded", "_item", "_story") else ""


def names(value) -> str:
    """A byline or credit as text, whether it came as a string, a list of names, or {"name": ...} objects."""
    if isinstance(value, dict):
        value = value.get("name") or value.get("value") or ""
    if isinstance(value, list | tuple):
        return ", ".join(part for part in (names(entry) for entry in value) if part)
    return clean(str(value)) if value not in (None, False) else ""


def place_images(story: ImportedStory) -> None:
    """Append a placement marker for each inline image the body does not already place."""
    for image in story.images:
        if image.role == "inline" and image.key and f'data-import-image="{image.key}"' not in story.body_html:
            story.body_html += f'<figure data-import-image="{image.key}"></figure>'


def finish(story: ImportedStory, prefix: str) -> ParsedItem:
    """Check what every story needs, then wrap it: a missing headline is an item error."""
    story.headline = clean(story.headline)
    if not story.headline:
        return item_error("no headline", story.where, "headline")
    if not story.guid:
        story.guid = fallback_guid(story, prefix)
    if not story.body_html.strip():
        story.warnings.append("story has no body text")
    if story.published_at is None:
        story.published_at = story.first_published_at or story.updated_at
    place_images(story)
    return ParsedItem(story=story)
