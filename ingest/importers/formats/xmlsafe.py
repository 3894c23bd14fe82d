"""Safe XML reading shared by every XML importer (NewsML-G2, NITF, RSS, WXR, HTML...).

Public API (keep it small):

- ``parse_xml(source, *, name="", warnings=None) -> lxml element`` parses a whole document.
- ``iter_elements(source, tags, *, name="") -> Iterator[element]`` streams a large file and
  yields each element whose local name is in ``tags``, freeing it once the caller moves on.
- ``localname(element) -> str`` is the tag without its namespace (``"newsItem"``).
- ``root_name(head) -> str`` is the local name of the root element in the first bytes of a file
  (for ``sniff`` functions; "" when none is visible).

Both readers raise ``ImportFailure`` (``where`` = the file name) for malformed XML (with the line)
and an unknown encoding, and its subclass ``RefusedDocument`` for any document that declares entities
in its DTD (callers must never retry those with a more lenient parser).

Why lxml with hardened settings rather than defusedxml: defusedxml's lxml module is deprecated and
does not cover ``iterparse``; its protection amounts to the same thing done here. The parser never
expands entities (``resolve_entities=False``), never fetches anything (``no_network=True``,
``load_dtd=False``) and keeps libxml2's size limits (``huge_tree=False``). On top of that we refuse
any document whose DTD declares ``<!ENTITY``: news feeds have no business doing that, and refusing
is clearer than silently dropping text (billion laughs, XXE to ``file:///etc/passwd``).

Leniency: a UTF-8 BOM or blank lines before ``<?xml`` are stripped (common in agency feeds), and a
document that is not valid in its declared-or-default UTF-8 is retried as Windows-1252 with a warning.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from lxml import etree

from ..records import ImportFailure

Source = str | Path | bytes | IO[bytes]


class RefusedDocument(ImportFailure):
    """A document refused for safety (entity declarations, an oversized DTD): not to be read any other way."""


_PARSER_OPTIONS = {"resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": False}
# A DTD longer than this before the root element is refused rather than scanned further.
_PROLOG_LIMIT = 64 * 1024
_DOCTYPE = re.compile(rb"<!DOCTYPE\b", re.IGNORECASE)
_ENTITY = re.compile(rb"<!ENTITY\b", re.IGNORECASE)
_SUBSET_END = re.compile(rb"\]\s*>")
_ENCODING_DECL = re.compile(rb"""^<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")


def declares_entities(data: bytes) -> bool:
    """Whether ``data`` holds an entity declaration anywhere: such a document is never read leniently."""
    return bool(_ENTITY.search(data))


def localname(element) -> str:
    """The element's tag without namespace; "" for comments and processing instructions."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


_SKIPPED = re.compile(rb"<!--.*?-->|<\?.*?\?>|<!DOCTYPE[^\[>]*(\[.*?\])?\s*>", re.DOTALL | re.IGNORECASE)
_FIRST_TAG = re.compile(rb"<(?:[\w.-]+:)?([A-Za-z_][\w.-]*)")


def root_name(head: bytes) -> str:
    """Local name of the first element in ``head`` (the start of a file), skipping the prolog."""
    match = _FIRST_TAG.search(_SKIPPED.sub(b"", head[:8192]))
    return match.group(1).decode("ascii", "replace") if match else ""


def _read(source: Source) -> tuple[bytes, str]:
    if isinstance(source, bytes):
        return source, ""
    if isinstance(source, (str, Path)):
        return Path(source).read_bytes(), Path(source).name
    return source.read(), getattr(source, "name", "") or ""


def _strip_head(data: bytes) -> bytes:
    """Drop a UTF-8 BOM and whitespace before ``<?xml``, which libxml2 rejects."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data[:1].isspace():
        data = data.lstrip()
    return data


_COMMENT_OR_PI = re.compile(rb"<!--.*?-->|<\?.*?\?>", re.DOTALL)


def _check_prolog(head: bytes, where: str) -> None:
    """Refuse entity declarations; they only appear in a DOCTYPE, before the root element.

    Comments and processing instructions go first: a comment holding "<!DOCTYPE x>" must not hide the real one.
    """
    head = _COMMENT_OR_PI.sub(b"", head)
    match = _DOCTYPE.search(head)
    if not match:
        return
    prolog = head[match.start() :]
    close, bracket = prolog.find(b">"), prolog.find(b"[")
    if bracket != -1 and (close == -1 or bracket < close):
        end = _SUBSET_END.search(prolog, bracket)
        if end is None:
            raise RefusedDocument("document type declaration is too large (refused for safety)", where=where)
        close = end.end()
    if _ENTITY.search(prolog[: max(close, 0)]):
        raise RefusedDocument("document declares XML entities in its DTD (refused for safety)", where=where)


def _syntax_error(exc: etree.XMLSyntaxError, where: str) -> ImportFailure:
    line = getattr(exc, "lineno", None) or (exc.position[0] if getattr(exc, "position", None) else 0)
    message = f"malformed XML: {exc.msg if hasattr(exc, 'msg') else exc}"
    return ImportFailure(message, where=f"{where} line {line}" if line else where)


def _check_encoding(data: bytes, where: str) -> None:
    match = _ENCODING_DECL.match(data[:200])
    if not match:
        return
    try:
        "".encode(match.group(1).decode("ascii"))
    except LookupError:
        raise ImportFailure(f"unknown character encoding {match.group(1).decode()!r}", where=where) from None


def parse_xml(source: Source, *, name: str = "", warnings: list[str] | None = None):
    """Parse a whole XML document safely and return its root element."""
    data, default_name = _read(source)
    where = name or default_name or "document"
    data = _strip_head(data)
    if not data:
        raise ImportFailure("file is empty", where=where)
    _check_prolog(data[: _PROLOG_LIMIT + 1024], where)
    _check_encoding(data, where)
    try:
        root = etree.fromstring(data, etree.XMLParser(**_PARSER_OPTIONS))
    except etree.XMLSyntaxError as exc:
        if not _ENCODING_DECL.match(data[:200]) and ("UTF-8" in str(exc) or "encoding" in str(exc)):
            # Undeclared Latin-1/Windows-1252 is common in older wire feeds: retry once.
            parser = etree.XMLParser(encoding="windows-1252", **_PARSER_OPTIONS)
            try:
                root = etree.fromstring(data, parser)
            except etree.XMLSyntaxError:
                raise _syntax_error(exc, where) from None
            _refuse_declared_entities(root, where)
            if warnings is not None:
                warnings.append("file is not valid UTF-8 and declares no encoding: read as Windows-1252")
            return root
        raise _syntax_error(exc, where) from None
    _refuse_declared_entities(root, where)
    return root


def _refuse_declared_entities(root, where: str) -> None:
    # Belt and braces behind the prolog scan: ask libxml2 what the internal DTD declared.
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise RefusedDocument("document declares XML entities in its DTD (refused for safety)", where=where)


class _Stream:
    """A file-like reader that replays a checked head before the rest of the file."""

    def __init__(self, head: bytes, rest: IO[bytes]):
        self._head, self._rest = head, rest

    def read(self, size: int = -1) -> bytes:
        if self._head:
            chunk = self._head if size < 0 else self._head[:size]
            self._head = self._head[len(chunk) :]
            return chunk
        return self._rest.read(size)


def iter_elements(source: str | Path | IO[bytes], tags: Iterable[str], *, name: str = "") -> Iterator:
    """Stream ``source`` and yield each complete element whose local name is in ``tags``.

    Elements nested inside a yielded one are not yielded separately. After the caller resumes, the
    element is cleared and detached, so memory stays flat however many items the file holds: copy
    what you need before asking for the next one.
    """
    wanted = set(tags)
    own = isinstance(source, (str, Path))
    stream = open(source, "rb") if own else source  # noqa: SIM115 (closed in the finally below, after streaming)
    where = name or (Path(source).name if own else getattr(source, "name", "") or "document")
    try:
        head = _strip_head(stream.read(_PROLOG_LIMIT + 1024))
        _check_prolog(head, where)
        _check_encoding(head, where)
        yield from _iterparse(_Stream(head, stream), wanted, where)
    finally:
        if own:
            stream.close()


def _iterparse(stream: _Stream, wanted: set[str], where: str) -> Iterator:
    depth = 0  # how many wanted elements are open: only the outermost is yielded
    checked = False
    try:
        for event, element in etree.iterparse(stream, events=("start", "end"), **_PARSER_OPTIONS):
            if not checked:
                _refuse_declared_entities(element, where)
                checked = True
            if localname(element) not in wanted:
                continue
            if event == "start":
                depth += 1
                continue
            depth -= 1
            if depth:
                continue
            yield element
            element.clear(keep_tail=True)
            parent = element.getparent()
            if parent is not None:
                while element.getprevious() is not None:
                    del parent[0]
    except etree.XMLSyntaxError as exc:
        raise _syntax_error(exc, where) from None
