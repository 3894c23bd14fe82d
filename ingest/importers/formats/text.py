"""Plain-text copy: headline, date line, picture blocks, standfirst, body, "By ..." line.

The shape is what a sub-editor gets when copying an article page as text: the first line is the
headline, then a date line, then (optionally) a picture block — an alt-text line immediately
followed by a caption line that ends in a credit — then the standfirst and the body. A trailing
"Latest ... News" block is the page's list of other stories and is left out; the section it names
("Latest World News") is passed on as a signal the editor may confirm (``ParsedItem.section_signals``).

The same shape serves copy pasted into the import page's "Paste copy" box.

When there is no lead picture block the first paragraph stays in the body (there is no reliable
way to tell a standfirst from an opening paragraph in bare copy).
"""

from __future__ import annotations

import hashlib
import html
import mimetypes
import re
from collections.abc import Iterator
from datetime import datetime, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

from ..records import ImportedImage, ImportedStory, ItemError, ParsedItem

IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".tif", ".tiff")
AGENCIES = {
    "press association": "Press Association",
    "pa": "PA",
    "pa media": "PA Media",
    "ap": "AP",
    "associated press": "Associated Press",
    "the associated press": "Associated Press",
    "reuters": "Reuters",
    "afp": "AFP",
    "agence france-presse": "AFP",
    "bloomberg": "Bloomberg",
    "dpa": "dpa",
    "efe": "EFE",
    "ansa": "ANSA",
}
# A credit label opens the caption, a sentence, or the caption's end segment ("... (Photo: PA)", "... | Photo: PA"),
# so "A view of the picture: sunset over the bay" keeps its words. Foto/Bild/Kuva: NTB, dpa and STT captions.
_LABEL_CREDIT = re.compile(
    r"(?:^|(?<=[.!?])\s*|\s+[-–—|/]\s+|\s*\(\s*)"
    r"(?:Pictures?|Photographs?|Photos?|Images?|Photo credit|Credit|Foto|Bild|Kuva)\s*:\s*"
    r"(?P<credit>[^:()]{1,100}?)\s*\)?\s*$",
    re.IGNORECASE,
)
_PAREN_CREDIT = re.compile(
    r"\s*\((?P<credit>(?:AP|AFP|PA|EPA|Reuters|Getty Images|Shutterstock|Alamy)\b[^()]*"
    r"|[^()]{1,60}\bPhoto/[^()]+)\)\s*$"
)
_DATE_FORMATS = (
    "%d %B %Y, %H:%M",
    "%d %B %Y %H:%M",
    "%d %b %Y, %H:%M",
    "%d %b %Y %H:%M",
    "%B %d, %Y %I:%M%p",
    "%B %d, %Y, %I:%M%p",
    "%b %d, %Y %I:%M%p",
    "%b %d, %Y, %I:%M%p",
    "%B %d, %Y %H:%M",
    "%H:%M, %d %B %Y",
    "%d/%m/%Y %H:%M",
    "%d %B %Y",
    "%d %b %Y",
    "%B %d, %Y",
)
_DATE_NOISE = re.compile(
    r"^(?:published|updated|posted|last updated)\s*:?\s*"
    r"|^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+|\s+(?:GMT|BST|UTC)$",
    re.IGNORECASE,
)
_LATEST = re.compile(r"^(?:Latest\b.*\bNews|See more Latest\b.*)$", re.IGNORECASE)
_LATEST_SECTION = re.compile(r"^(?:See more\s+)?Latest\s+(?P<name>.{1,60}?)\s+News$", re.IGNORECASE)
_BYLINE = re.compile(r"^By\s+(?P<names>[^.!?]{2,120})$")


def sniff(head: bytes) -> bool:
    if b"\x00" in head[:4096]:
        return False
    try:
        text = head[:4096].decode("utf-8", errors="strict")
    except UnicodeDecodeError as exc:
        if exc.start < len(head[:4096]) - 4:  # a character cut at the 4 KB boundary is fine
            return False
        text = head[: exc.start].decode("utf-8")
    stripped = text.lstrip("\ufeff \r\n\t")
    return bool(stripped) and stripped[0] not in "<{[" and not stripped.startswith("%PDF")


def split_credit(caption: str) -> tuple[str, str]:
    """Split a trailing credit off a caption: "Fire. Picture: PA" -> ("Fire.", "PA")."""
    caption = caption.strip()
    for pattern in (_PAREN_CREDIT, _LABEL_CREDIT):
        match = pattern.search(caption)
        if match:
            # Kept as printed: "AP Photo/Rita Moss, File" is AP's own credit line, ", File" included.
            return caption[: match.start()].strip(), match.group("credit").strip()
    return caption, ""


def parse_date_line(text: str, tz: tzinfo) -> datetime | None:
    text = text.strip()
    for _ in range(3):
        text = _DATE_NOISE.sub("", text).strip()
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        value = None
        cleaned = re.sub(r"(\d)\s*([ap])\.?m\.?$", r"\1\2m", text, flags=re.IGNORECASE)
        cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", cleaned)
        for fmt in _DATE_FORMATS:
            try:
                value = datetime.strptime(cleaned, fmt)
                break
            except ValueError:
                continue
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=tz)


def default_tz() -> tzinfo:
    try:
        from django.conf import settings

        return ZoneInfo(settings.TIME_ZONE)
    except Exception:  # Django missing or not configured: the newsroom's home zone
        return ZoneInfo("Europe/London")


def split_names(names: str) -> tuple[list[str], str]:
    """ "Jane Doe and PA" -> (["Jane Doe"], "PA"): people become authors, agencies the source."""
    authors, source = [], ""
    for raw in re.split(r"\s*(?:,|&|\band\b)\s*", names.strip()):
        part = raw.strip()
        if not part:
            continue
        if part.lower() in AGENCIES:
            source = source or part
        else:
            authors.append(part)
    return authors, source


def _blocks(lines: list[str]) -> list[list[tuple[int, str]]]:
    blocks: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    for number, line in enumerate(lines, start=1):
        if line.strip():
            current.append((number, line.strip()))
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _image_files(path: Path, images_dir: Path | None, *, by_order: bool = False) -> list[Path]:
    """The story's pictures: ``story-1.jpg``, ``story-2.jpg``... from ``images_dir`` (else beside the file).

    Only when the import is this one text file may an ``images_dir`` without such names lend its pictures in
    name order; in a batch that would give every story the same first pictures.
    """
    if images_dir is not None:
        named = _numbered(images_dir / path.name)
        if named or not by_order:
            return named
        return sorted(p for p in images_dir.iterdir() if p.suffix.lower() in IMAGE_EXTENSIONS)
    return _numbered(path)


def _numbered(path: Path) -> list[Path]:
    found, number = [], 1
    while True:
        matches = [path.with_name(f"{path.stem}-{number}{ext}") for ext in IMAGE_EXTENSIONS]
        match = next((m for m in matches if m.exists()), None)
        if match is None:
            return found
        found.append(match)
        number += 1


class _Builder:
    def __init__(self, story: ImportedStory, files: list[Path]):
        self.story, self.files, self.body = story, files, []

    def image(self, alt: str, caption_line: str, lineno: int) -> ImportedImage:
        caption, credit = split_credit(caption_line)
        index = len(self.story.images)
        image = ImportedImage(caption=caption, credit=credit, alt=alt, key=f"img{index + 1}")
        image.role = "lead" if index == 0 and not self.body and not self.story.standfirst else "inline"
        if index < len(self.files):
            image.source = str(self.files[index].resolve())
            image.mime_type = mimetypes.guess_type(image.source)[0] or ""
        # Without a file it stays a placeholder; the import's report says so once, for every format (pictures.py).
        self.story.images.append(image)
        if image.role == "inline":
            self.body.append(f'<figure data-import-image="{image.key}"></figure>')
        return image

    def paragraph(self, text: str) -> None:
        if self.story.lead_image and not self.story.standfirst and not self.body:
            self.story.standfirst = text
        else:
            self.body.append(f"<p>{html.escape(text, quote=False)}</p>")

    def byline(self, names: str) -> None:
        self.story.byline = names
        self.story.authors, self.story.source_name = split_names(names)


def _read(path: Path) -> tuple[str, list[str]]:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), ["file is not UTF-8; read as Windows-1252"]


def parse(
    path, *, name: str | None = None, tz: tzinfo | None = None, images_dir=None, by_order: bool = False
) -> Iterator[ParsedItem]:
    """``by_order``: this file is the whole import, so unnamed pictures in ``images_dir`` are its own."""
    path = Path(path)
    name = name or path.name
    text, warnings = _read(path)
    blocks = _blocks(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    tz = tz or default_tz()
    if not blocks or parse_date_line(blocks[0][0][1], tz):
        yield ParsedItem(error=ItemError("no headline", where=f"{name} line 1", field="headline"))
        return
    first_line, headline = blocks[0][0]
    story = ImportedStory(guid="", headline=headline, where=f"{name} line {first_line}", warnings=warnings)
    builder = _Builder(story, _image_files(path, Path(images_dir) if images_dir else None, by_order=by_order))
    rest = [[line] for line in blocks[0][1:]] + blocks[1:]
    dateline, signals = _fill(story, builder, rest, tz)
    if story.published_at is None:
        story.warnings.append("no date line found; published date left empty")
    story.body_html = "\n".join(builder.body)
    # Dated copy is known by headline and date (so a corrected text updates it); undated copy by its words too,
    # so two undated stories under one headline stay two.
    seed = f"{headline}\n{dateline}" if dateline else f"{headline}\n{story.standfirst}\n{story.body_html}"
    story.guid = "text:" + hashlib.sha256(seed.encode()).hexdigest()[:32]
    yield ParsedItem(story=story, section_signals=signals)


def _fill(story: ImportedStory, builder: _Builder, blocks: list, tz: tzinfo) -> tuple[str, list[str]]:
    """Fill ``story`` from the blocks after the headline; the date line and the section signals found."""
    dateline = ""
    for block in blocks:
        lineno, first = block[0]
        if _LATEST.match(first):
            section = _LATEST_SECTION.match(first)
            return dateline, [section.group("name")] if section else []
        if not dateline and not builder.body and len(block) == 1 and parse_date_line(first, tz):
            dateline, story.published_at = first, parse_date_line(first, tz)
        elif len(block) == 1 and (match := _BYLINE.match(first)) and not story.byline:
            builder.byline(match.group("names").strip())
        elif len(block) >= 2 and split_credit(block[1][1])[1] and len(block[0][1]) < 300:
            builder.image(first, block[1][1], lineno)
            for _, line in block[2:]:
                builder.paragraph(line)
        else:
            builder.paragraph(" ".join(line for _, line in block))
    return dateline, []
