"""WordPress WXR 1.0-1.2 exports, streamed with lxml iterparse in two passes.

Attachments may come after the posts that use them, so a first cheap pass collects only
attachment id -> (url, caption, alt) and the author logins; the second pass yields posts.
Namespaces are matched by URI pattern (http and https, any export version), never by prefix.
Posts with status publish become "published"; draft/pending/private/future become "draft"
(future keeps its date); trash and auto-draft are skipped, as are pages and other post types.

Two breakages WordPress's own importer reads through are repaired, with a warning on every story:
a CDATA section holding a literal "]]>" (old exporters did not split it) and a non-ASCII namespace
URI. Only a file the strict parser refused and that shows one of those is repaired, and the repaired
copy is parsed strictly again, so a file broken in any other way (a missing end tag...) still fails
with its line. The repair works on the whole file in memory: only such broken files pay for it.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from lxml import etree

from ..records import ImportedImage, ImportedStory, ImportFailure, ItemError, ParsedItem
from .text import split_credit
from .xmlsafe import iter_elements

_SKIP_STATUSES = {"trash", "auto-draft", "inherit"}


def sniff(head: bytes) -> bool:
    return b"<rss" in head and re.search(rb"wordpress\.(?:org|com)/export/", head) is not None


def _kind(tag) -> tuple[str, str]:
    """("wp", "post_id") for {https://wordpress.org/export/1.2/}post_id, whatever the scheme."""
    if not isinstance(tag, str):
        return "", ""
    uri, _, local = tag[1:].rpartition("}") if tag.startswith("{") else ("", "", tag)
    uri = re.sub(r"^https?://(?:www\.)?", "", uri)
    if re.match(r"wordpress\.(?:org|com)/export/[\d.]+/excerpt", uri):
        return "excerpt", local
    if re.match(r"wordpress\.(?:org|com)/export/", uri):
        return "wp", local
    if uri.startswith("purl.org/rss/1.0/modules/content"):
        return "content", local
    if uri.startswith("purl.org/dc/elements"):
        return "dc", local
    return ("", local) if not uri else ("other", local)


def _fields(item) -> dict:
    fields: dict = {"category": [], "postmeta": {}}
    for child in item:
        kind, local = _kind(child.tag)
        if kind == "" and local == "category":
            fields["category"].append((child.get("domain", ""), (child.text or "").strip()))
        elif kind == "wp" and local == "postmeta":
            meta = {_kind(c.tag)[1]: (c.text or "") for c in child}
            fields["postmeta"][meta.get("meta_key", "")] = meta.get("meta_value", "")
        elif kind in ("", "wp", "content", "excerpt", "dc"):
            fields.setdefault(f"{kind}:{local}", child.text or "")
    return fields


def _check_root(path: Path, name: str) -> None:
    with path.open("rb") as handle:
        head = handle.read(65536)
    if not re.search(rb"<rss\b", head):
        raise ImportFailure("not a WordPress export (no <rss> root element)", where=name)


def _items(path: Path | io.BytesIO, name: str) -> Iterator[tuple[int, etree._Element]]:
    """Yield (1-based item index, element) for each <item> and wp:author, in flat memory."""
    index = 0
    if isinstance(path, io.BytesIO):
        path.seek(0)
    for element in iter_elements(path, {"item", "author"}, name=name):
        kind, local = _kind(element.tag)
        if (kind, local) in (("", "item"), ("wp", "author")):
            index += local == "item"
            yield index, element


def _scan(path: Path | io.BytesIO, name: str) -> tuple[dict, dict]:
    authors: dict[str, str] = {}
    attachments: dict[str, dict] = {}
    for _, element in _items(path, name):
        fields = {_kind(c.tag)[1]: (c.text or "").strip() for c in element}
        if _kind(element.tag) == ("wp", "author"):
            login = fields.get("author_login", "")
            authors[login] = fields.get("author_display_name") or login
            continue
        fields = _fields(element)
        if fields.get("wp:post_type", "").strip() == "attachment":
            attachments[fields.get("wp:post_id", "").strip()] = {
                "url": (fields.get("wp:attachment_url") or fields.get(":guid", "")).strip(),
                "caption": plain(fields.get("excerpt:encoded", "")),
                "alt": fields["postmeta"].get("_wp_attachment_image_alt", "").strip(),
                "title": fields.get(":title", "").strip(),
            }
    return authors, attachments


def parse(path, *, name: str | None = None) -> Iterator[ParsedItem]:
    path = Path(path)
    name = name or path.name
    _check_root(path, name)
    source, repaired = _readable(path, name)
    authors, attachments = _scan(source, name)
    for index, element in _items(source, name):
        if _kind(element.tag) != ("", "item"):
            continue
        fields = _fields(element)
        post_type = fields.get("wp:post_type", "post").strip() or "post"
        status = fields.get("wp:status", "").strip()
        if post_type != "post" or status in _SKIP_STATUSES:
            continue
        where = f"{name} item {index}"
        try:
            story = _story(fields, where, authors, attachments)
            story.warnings += [repaired] if repaired else []
            yield ParsedItem(story=story)
        except ItemError as exc:
            yield ParsedItem(error=exc)


# Breakages a strict XML parser refuses but WordPress's importer reads through (see the module docstring).
_CDATA_ELEMENT = re.compile(
    rb"<(?P<tag>[\w:.-]+)(?P<attrs>[^<>]*)>\s*<!\[CDATA\[(?P<body>.*?)\]\]></(?P=tag)>", re.DOTALL
)
_NAMESPACE_URI = re.compile(rb"""(?P<lead>\sxmlns(?::[^\s=]+)?\s*=\s*)(?P<quote>["'])(?P<uri>.*?)(?P=quote)""")


def _readable(path: Path, name: str) -> tuple[Path | io.BytesIO, str]:
    """The file itself when it is well-formed, else a repaired copy and the warning that says so."""
    try:
        _scan(path, name)
    except ImportFailure as exc:
        fixed, fixes = repair(path.read_bytes())
        if not fixes:
            raise
        try:
            _scan(io.BytesIO(fixed), name)
        except ImportFailure:
            raise exc from None
        line = exc.where.removeprefix(name).strip() or "the file"
        return io.BytesIO(fixed), (
            f"not well-formed XML ({line}: {exc.message.removeprefix('malformed XML: ')}); repaired {' and '.join(fixes)},"
            " as WordPress's importer reads it"
        )
    return path, ""


def repair(data: bytes) -> tuple[bytes, list[str]]:
    """Split a literal "]]>" inside a CDATA section; percent-encode non-ASCII namespace URIs. Lines stay put."""
    fixes: list[str] = []

    def cdata(match: re.Match) -> bytes:
        if b"]]>" not in match["body"]:
            return match.group(0)
        if 'a "]]>" inside CDATA' not in fixes:
            fixes.append('a "]]>" inside CDATA')
        body = match["body"].replace(b"]]>", b"]]]]><![CDATA[>")
        return match.group(0)[: match.start("body") - match.start()] + body + b"]]></" + match["tag"] + b">"

    def namespace(match: re.Match) -> bytes:
        uri = re.sub(rb"[\x80-\xff]", lambda byte: b"%%%02X" % byte.group(0)[0], match["uri"])
        if uri != match["uri"] and "a non-ASCII namespace URI" not in fixes:
            fixes.append("a non-ASCII namespace URI")
        return match["lead"] + match["quote"] + uri + match["quote"]

    return _NAMESPACE_URI.sub(namespace, _CDATA_ELEMENT.sub(cdata, data)), fixes


def _date(fields: dict, story: ImportedStory) -> datetime | None:
    for key, is_utc in (("wp:post_date_gmt", True), ("wp:post_date", False)):
        value = fields.get(key, "").strip()
        if not value or value.startswith("0000-00-00"):
            continue
        try:
            parsed = datetime.strptime(value, "%Y-%m-%d %H:%M:%S")
        except ValueError:
            story.warnings.append(f"unreadable {key.removeprefix('wp:')} {value!r}")
            continue
        if not is_utc:
            story.warnings.append("only the site-local post_date is given; read as UTC")
        return parsed.replace(tzinfo=UTC)
    return None


def _story(fields: dict, where: str, authors: dict, attachments: dict) -> ImportedStory:
    headline = plain(fields.get(":title", ""))
    if not headline:
        raise ItemError("post has no title", where=where, field="headline")
    post_id = fields.get("wp:post_id", "").strip()
    guid = fields.get(":guid", "").strip() or fields.get(":link", "").strip()
    guid = f"wordpress:{post_id}:{guid}" if post_id else guid
    story = ImportedStory(guid=guid, headline=headline, where=where)
    if not story.guid:
        raise ItemError("post has neither wp:post_id nor guid", where=where, field="guid")
    status = fields.get("wp:status", "").strip()
    story.status = "published" if status == "publish" else "draft"
    story.published_at = _date(fields, story)
    story.standfirst = plain(fields.get("excerpt:encoded", ""))
    login = fields.get("dc:creator", "").strip()
    story.byline = authors.get(login, login)
    story.authors = [story.byline] if story.byline else []
    story.canonical_url = fields.get(":link", "").strip()
    story.body_html = _Content(story, attachments).convert(fields.get("content:encoded", ""))
    _terms(story, fields["category"])
    _thumbnail(story, fields["postmeta"].get("_thumbnail_id", "").strip(), attachments)
    return story


def _terms(story: ImportedStory, categories: list[tuple[str, str]]) -> None:
    names = [n for domain, n in categories if domain in ("category", "post_tag", "") and n]
    story.topics = list(dict.fromkeys(names))
    sections = [n for domain, n in categories if domain == "category" and n.lower() != "uncategorized"]
    story.section = sections[0] if sections else ""


def _thumbnail(story: ImportedStory, thumbnail_id: str, attachments: dict) -> None:
    if not thumbnail_id:
        return
    attachment = attachments.get(thumbnail_id)
    if attachment is None:
        story.warnings.append(f"featured image attachment {thumbnail_id} is not in the export")
        return
    story.images.insert(
        0,
        ImportedImage(
            source=attachment["url"],
            caption=attachment["caption"],
            alt=attachment["alt"],
            role="lead",
            key=f"wp-lead-{thumbnail_id}",
        ),
    )


_EMBEDS = {"gallery", "embed", "video", "audio", "playlist", "youtube", "vimeo", "tweet", "soundcloud"}
_CAPTION = re.compile(r"\[(?:wp_)?caption(?P<attrs>[^\]]*)\](?P<inner>.*?)\[/(?:wp_)?caption\]", re.S | re.I)
_FIGURE = re.compile(r"<figure\b[^>]*>(?P<inner>(?:(?!</figure>).)*?wp-image-\d+.*?)</figure>", re.S | re.I)
_IMG = re.compile(r"(?:<a\b[^>]*>\s*)?<img\b(?P<attrs>[^>]*)>(?:\s*</a>)?", re.S | re.I)
_SHORTCODE = re.compile(r"\[(?P<close>/?)(?P<name>[a-zA-Z][\w-]*)(?P<attrs>[^\]\[]*)\]")
_BLOCK = re.compile(r"^\s*<(?:p|div|h[1-6]|ul|ol|li|blockquote|figure|table|pre|hr|dl|section)\b", re.I)


def plain(value: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", value)).strip()


def _int(value: str) -> int | None:
    return int(value) if value.isdigit() else None


def _attr(attrs: str, name: str) -> str:
    match = re.search(rf'\b{name}\s*=\s*(["\'])(.*?)\1', attrs, re.S | re.I)
    return match.group(2).strip() if match else ""


class _Content:
    """WordPress post content -> body HTML with figure placeholders, ImportedImages on the story."""

    def __init__(self, story: ImportedStory, attachments: dict):
        self.story, self.attachments = story, attachments

    def convert(self, content: str) -> str:
        content = re.sub(r"<!--\s*/?wp:.*?-->", "", content, flags=re.S)
        content = _CAPTION.sub(self._caption, content)
        content = _FIGURE.sub(self._figure, content)
        content = _IMG.sub(self._img, content)
        return _autop(self._shortcodes(content))

    def _add(self, attrs: str, caption: str, attachment_id: str) -> str:
        attachment = self.attachments.get(attachment_id, {})
        caption, credit = split_credit(caption or attachment.get("caption", ""))
        key = f"wp-{len(self.story.images) + 1}"
        source = _attr(attrs, "src") or attachment.get("url", "")
        alt = _attr(attrs, "alt") or attachment.get("alt", "")
        image = ImportedImage(source=source, caption=caption, credit=credit, alt=alt, key=key)
        image.width, image.height = _int(_attr(attrs, "width")), _int(_attr(attrs, "height"))
        self.story.images.append(image)
        return f'<figure data-import-image="{key}"></figure>'

    def _caption(self, match: re.Match) -> str:
        img = _IMG.search(match.group("inner"))
        attrs = img.group("attrs") if img else ""
        text = plain(_IMG.sub("", match.group("inner"))) or _attr(match.group("attrs"), "caption")
        number = re.search(r"attachment_(\d+)", match.group("attrs"))
        return self._add(attrs, text, number.group(1) if number else "")

    def _figure(self, match: re.Match) -> str:
        img = _IMG.search(match.group("inner"))
        caption = re.search(r"<figcaption\b[^>]*>(.*?)</figcaption>", match.group("inner"), re.S | re.I)
        number = re.search(r"wp-image-(\d+)", match.group("inner"))
        caption_text = plain(caption.group(1)) if caption else ""
        return self._add(img.group("attrs") if img else "", caption_text, number.group(1))

    def _img(self, match: re.Match) -> str:
        number = re.search(r"wp-image-(\d+)", _attr(match.group("attrs"), "class"))
        return self._add(match.group("attrs"), "", number.group(1)) if number else match.group(0)

    def _shortcodes(self, content: str) -> str:
        names = {m.group("name").lower() for m in _SHORTCODE.finditer(content) if m.group("close")}
        known = names | _EMBEDS
        for name in sorted(known):
            if re.search(rf"\[{name}\b", content, re.I):
                self.story.warnings.append(f"[{name}] shortcode dropped")
        embeds = "|".join(sorted(known & _EMBEDS))
        content = re.sub(rf"\[({embeds})\b[^\]]*\].*?\[/\1\]", "", content, flags=re.S | re.I)
        return _SHORTCODE.sub(lambda m: "" if m.group("name").lower() in known else m.group(0), content)


def _autop(content: str) -> str:
    """WordPress autop: blank-line-separated text becomes <p>; existing block HTML is kept."""
    paragraphs = []
    for raw in re.split(r"\n\s*\n", content.replace("\r\n", "\n")):
        chunk = raw.strip()
        if not chunk:
            continue
        if _BLOCK.match(chunk):
            paragraphs.append(chunk)
        else:
            paragraphs.append("<p>" + re.sub(r"\s*\n\s*", "<br>\n", chunk) + "</p>")
    return "\n".join(paragraphs)
