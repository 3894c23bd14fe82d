"""Which importer reads a file, told from its content; and zips and folders opened into their files.

Each format module's ``sniff(head)`` looks at the first bytes. The order matters where formats
overlap: a WordPress export is also RSS, and almost anything is "text", so plain text comes last and,
inside a zip or folder, is only believed for ``.txt`` files (a README there is not a story).
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings

from .formats import feed, html, newsml, ninjs, nitf, text, wxr
from .formats.xmlsafe import root_name
from .records import ImportFailure

PARSERS = {"ninjs": ninjs, "newsml": newsml, "nitf": nitf, "wxr": wxr, "rss": feed, "html": html, "text": text}
FORMATS = ("auto", *PARSERS)
LABELS = "ninjs, NewsML-G2, NITF, WordPress WXR, RSS/Atom, HTML or plain text"
HEAD_BYTES = 64 * 1024
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".tif", ".tiff", ".bmp", ".svg", ".heic"}
ZIP_MAX_MEMBERS = 20_000
UNSUPPORTED = {
    "NewsML": "NewsML 1.x is not supported; ask the agency for NewsML-G2 or ninjs",
    "sportsML": "SportsML is not supported on its own; it imports when wrapped in a NewsML-G2 item",
}


@dataclass
class ImportFile:
    path: Path
    name: str  # as shown in reports: "batch.zip/pa/story.xml"
    root: Path  # pictures it names must lie under this folder
    in_container: bool = False


def detect_format(path: Path, *, name: str = "", head: bytes | None = None) -> str:
    """The PARSERS key for this file, or ImportFailure naming the file when nothing recognises it."""
    if head is None:
        with open(path, "rb") as handle:
            head = handle.read(HEAD_BYTES)
    for key, module in PARSERS.items():
        if module.sniff(head):
            return key
    root = root_name(head) if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<") else ""
    if root in newsml.FRAGMENTS:
        return "newsml"  # its parser explains that a fragment is not an item, better than "unknown format"
    if root in UNSUPPORTED:
        raise ImportFailure(UNSUPPORTED[root], where=name or path.name)
    what = "an empty file" if not head.strip() else f"not {LABELS}"
    raise ImportFailure(f"cannot tell the format: {what}; choose one with --format", where=name or path.name)


def is_zip(path: Path) -> bool:
    with open(path, "rb") as handle:
        return handle.read(4) == b"PK\x03\x04"


def expand(paths: list[Path], *, workdir: Path) -> Iterator[ImportFile]:
    """Every importable file under the given paths; zips are unpacked into ``workdir``."""
    for number, path in enumerate(map(Path, paths), start=1):
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file() and _wanted(p.relative_to(path))):
                yield ImportFile(child, f"{path.name}/{child.relative_to(path).as_posix()}", path.resolve(), True)
        elif path.is_file() and is_zip(path):
            target = workdir / f"zip-{number}"
            unpack_zip(path, target)
            for child in sorted(p for p in target.rglob("*") if p.is_file() and _wanted(p.relative_to(target))):
                yield ImportFile(child, f"{path.name}/{child.relative_to(target).as_posix()}", target.resolve(), True)
        else:
            yield ImportFile(path, path.name, path.resolve().parent)


def _wanted(relative: Path) -> bool:
    hidden = any(part.startswith(".") or part == "__MACOSX" for part in relative.parts)
    return not hidden and relative.suffix.lower() not in IMAGE_SUFFIXES


def unpack_zip(path: Path, target: Path) -> None:
    """Unpack safely: no member may land outside ``target``, and the whole may not outgrow the limit."""
    limit = settings.NEWSROOM.get("IMPORT_ZIP_MAX_BYTES", 2 * 1024**3)
    try:
        with zipfile.ZipFile(path) as archive:
            members = [m for m in archive.infolist() if not m.is_dir()]
            if len(members) > ZIP_MAX_MEMBERS:
                raise ImportFailure(f"zip holds {len(members)} files; the limit is {ZIP_MAX_MEMBERS}", where=path.name)
            if sum(m.file_size for m in members) > limit:
                raise ImportFailure(f"zip unpacks to more than {limit // 1024**2} MB", where=path.name)
            placed: dict[tuple[str, ...], str] = {}
            for member in members:
                _extract(archive, member, target, path.name, placed)
    except zipfile.BadZipFile as exc:
        raise ImportFailure(f"not a readable zip file ({exc})", where=path.name) from None


def _extract(
    archive: zipfile.ZipFile, member: zipfile.ZipInfo, target: Path, zip_name: str, placed: dict[tuple[str, ...], str]
) -> None:
    """Unpack one member; ``placed`` maps the paths unpacked so far to the member names they came from."""
    relative = PurePosixPath(member.filename.replace("\\", "/"))
    if not relative.parts:
        return  # "." or "": names nothing to unpack
    if relative.is_absolute() or ".." in relative.parts or ":" in relative.parts[0]:
        raise ImportFailure(f"zip member {member.filename!r} points outside the archive; refused", where=zip_name)
    if relative.parts in placed:
        raise ImportFailure(
            f"zip members {placed[relative.parts]!r} and {member.filename!r} unpack to the same file; refused",
            where=zip_name,
        )
    placed[relative.parts] = member.filename
    destination = target.joinpath(*relative.parts)
    destination.parent.mkdir(parents=True, exist_ok=True)
    with archive.open(member) as source, open(destination, "wb") as out:
        # Sizes in the zip's directory can lie; count what actually comes out.
        remaining = member.file_size
        while chunk := source.read(1 << 20):
            remaining -= len(chunk)
            if remaining < 0:
                raise ImportFailure(f"zip member {member.filename!r} is larger than declared", where=zip_name)
            out.write(chunk)
