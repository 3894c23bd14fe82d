"""NITF 3.x (News Industry Text Format) -> ImportedStory.

Written for the files PA Media, AP, NTB and others actually send: usually without a namespace,
often ISO-8859-1 (the XML declaration is honoured by ``xmlsafe``), sometimes with the
``http://iptc.org/std/NITF/2006-10-18/`` namespace. Elements are matched by local name so both work.
A file may hold one ``<nitf>`` or a wrapper with several. ``body_html`` is also used by ``newsml``
for NITF carried inside a NewsML-G2 ``inlineXML``.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path

from ..records import ImportedImage, ImportedStory, ImportFailure, ParsedItem
from . import shared as w
from .text import split_credit
from .xmlsafe import localname, parse_xml, root_name

# NITF element -> HTML element; None = drop the tag, keep its content (inline semantics we don't store).
HTML_TAGS = {
    "p": "p", "hl1": "h2", "hl2": "h2", "hl3": "h3", "bq": "blockquote", "block": None, "credit": "cite",
    "em": "em", "strong": "strong", "b": "b", "i": "i", "u": "u", "q": "q", "a": "a", "br": "br",
    "ul": "ul", "ol": "ol", "li": "li", "dl": "dl", "dt": "dt", "dd": "dd", "pre": "pre", "hr": "hr",
    "table": "table", "caption": "caption", "thead": "thead", "tbody": "tbody", "tfoot": "tfoot",
    "tr": "tr", "th": "th", "td": "td", "col": "col", "colgroup": "colgroup", "sub": "sub", "sup": "sup",
}  # fmt: skip
DROPPED = {"note", "body.end", "tagline", "fn", "nitf-table-metadata", "media-metadata", "media-object"}
KEPT_ATTRIBUTES = {"href", "src", "alt", "colspan", "rowspan", "title"}


def sniff(head: bytes) -> bool:
    return root_name(head) == "nitf"


def parse(path, *, name: str | None = None) -> Iterator[ParsedItem]:
    name = name or Path(str(path)).name
    warnings: list[str] = []
    root = parse_xml(path, name=name, warnings=warnings)
    documents = [root] if localname(root) == "nitf" else [e for e in root.iter() if localname(e) == "nitf"]
    if not documents:
        raise ImportFailure(f"not NITF: the root element is <{localname(root)}>", where=name)
    for index, document in enumerate(documents, start=1):
        where = f"{name} item {index}"
        yield w.guarded(_story, where, document, where, warnings)


def find(element, path: str):
    """First descendant matching a "/"-separated local-name path (any depth for the first step)."""
    steps = path.split("/")
    candidates = [e for e in element.iter() if localname(e) == steps[0]]
    for step in steps[1:]:
        candidates = [c for parent in candidates for c in parent if localname(c) == step]
    return candidates[0] if candidates else None


def text_of(element, skip: tuple[str, ...] = ()) -> str:
    if element is None:
        return ""
    parts = [element.text or ""]
    for child in element:
        if localname(child) not in skip:
            parts.append(text_of(child, skip))
        parts.append(child.tail or "")
    return w.clean("".join(parts))


def _story(doc, where: str, file_warnings: list[str]) -> ParsedItem:
    story = ImportedStory(guid="", headline="", where=where, warnings=list(file_warnings))
    doc_id = find(doc, "doc-id")
    story.guid = w.clean(doc_id.get("id-string", "")) if doc_id is not None else ""
    story.headline = text_of(find(doc, "hedline/hl1")) or text_of(find(doc, "hedline")) or text_of(find(doc, "title"))
    try:
        _dates(doc, story)
    except ValueError as exc:
        return w.item_error(str(exc), where, "date")
    key = find(doc, "du-key")
    story.version = w.to_int(key.get("version") if key is not None else None, story.warnings, "du-key version")
    story.standfirst = text_of(find(doc, "abstract"))
    _people(doc, story)
    _places(doc, story)
    _subjects(doc, story)
    story.language = (doc.get("baselang") or "").split("-")[0] if doc.get("baselang") else ""
    content = find(doc, "body.content")
    if content is not None:
        story.body_html, story.images = body_html(content, story.warnings)
    return w.finish(story, "nitf")


def _dates(doc, story: ImportedStory) -> None:
    def norm(tag: str, attribute: str = "norm"):
        element = find(doc, tag)
        value = element.get(attribute) if element is not None else None
        return w.parse_date(value, story.warnings, tag)

    issued = norm("date.issue")
    released = norm("date.release")
    published = norm("pubdata", "date.publication")
    story.published_at = released or published or issued
    story.first_published_at = issued or story.published_at
    story.updated_at = issued
    story.embargo_until = released  # NITF's release date is the embargo: not to be published before it
    story.expires_at = norm("doc.expire")
    docdata = find(doc, "docdata")
    status = docdata.get("management-status", "") if docdata is not None else ""
    story.pub_status = w.pub_status(status)


def _people(doc, story: ImportedStory) -> None:
    byline = _first(find(doc, "body.head/byline"), find(doc, "byline"))
    if byline is not None:
        story.byline = w.strip_by(text_of(byline, skip=("byttl",))).rstrip(",; ")
        story.authors = [text_of(person) for person in byline.iter() if localname(person) == "person"]
    source = _first(find(doc, "distributor"), find(doc, "body.head/credit"))
    story.source_name = text_of(source)
    if not story.source_name and find(doc, "doc-id") is not None:
        story.source_name = find(doc, "doc-id").get("regsrc", "")


def _first(*elements):
    # lxml elements are falsy when they have no children, so "a or b" would skip empty-looking ones.
    return next((e for e in elements if e is not None), None)


def _places(doc, story: ImportedStory) -> None:
    dateline = find(doc, "dateline")
    location = find(dateline, "location") if dateline is not None else None
    if location is not None:
        parts = [text_of(e) for e in location.iter() if localname(e) in ("city", "sublocation", "state", "region")]
        parts += [text_of(e) for e in location.iter() if localname(e) == "country"]
        w.add_unique(story.regions, *(parts or [text_of(location)]))
    elif dateline is not None:
        w.add_unique(story.regions, text_of(dateline, skip=("story.date",)).rstrip(" ,-–—"))
    for evloc in (e for e in doc.iter() if localname(e) == "evloc"):
        w.add_unique(story.regions, *(evloc.get(a, "") for a in ("city", "county-dist", "state-prov")))


def _subjects(doc, story: ImportedStory) -> None:
    for subject in (e for e in doc.iter() if localname(e) == "tobject.subject"):
        refnum = subject.get("tobject.subject.refnum", "").strip()
        if refnum:
            # IPTC Subject Codes (the older scheme) keep their own prefix; they are not Media Topics.
            w.add_unique(story.topic_codes, f"subj:{refnum}")
        name = next(
            (
                subject.get(f"tobject.subject.{a}")
                for a in ("detail", "matter", "type")
                if subject.get(f"tobject.subject.{a}")
            ),
            "",
        )
        w.add_unique(story.topics, name)


def body_html(content, warnings: list[str]) -> tuple[str, list[ImportedImage]]:
    """Convert an NITF ``body.content`` (or any NITF/XHTML container) to plain HTML.

    The first picture becomes the lead image and leaves the body; later ones are replaced by a
    ``<figure data-import-image>`` marker where they stood.
    """
    tree = copy.deepcopy(content)
    images: list[ImportedImage] = []
    for media in [e for e in tree.iter() if localname(e) == "media"]:
        image = _media_image(media, len(images) + 1, warnings)
        if image is None:
            _remove(media)
            continue
        image.role = "inline" if images else "lead"
        images.append(image)
        if image.role == "lead":
            _remove(media)
        else:
            media.clear()
            media.tag, media.attrib["data-import-image"] = "figure", image.key
    return "".join(_html(child) for child in tree).strip(), images


def _remove(element) -> None:
    parent = element.getparent()
    if element.tail and parent is not None:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def _media_image(media, index: int, warnings: list[str]) -> ImportedImage | None:
    kind = (media.get("media-type") or "image").lower()
    references = [e for e in media.iter() if localname(e) == "media-reference"]
    if kind not in ("image", "photo", "graphic", "picture"):
        warnings.append(f"{kind} media ignored")
        return None

    def area(ref) -> int:
        width, height = (ref.get(side) or "" for side in ("width", "height"))
        return int(width) * int(height) if width.isdigit() and height.isdigit() else 0

    best = max(references, key=area) if references else None
    image = ImportedImage(key=f"media{index}")
    if best is not None:
        image.source = (best.get("source") or best.get("data") or "").strip()
        image.mime_type = best.get("mime-type", "")
        image.alt = w.clean(best.get("alternate-text", ""))
        image.width = w.to_int(best.get("width"), warnings, "media width")
        image.height = w.to_int(best.get("height"), warnings, "media height")
    image.caption = text_of(find(media, "media-caption"))
    image.credit = text_of(find(media, "media-producer"))
    caption, credit = split_credit(image.caption)
    if credit and not image.credit:
        # Agencies often put the credit at the end of the caption ("... Photo: Jane Doe / PA").
        image.credit, image.caption = w.clean(credit), caption
        if caption and caption[-1] not in ".!?…":
            image.caption += "."
    if not image.source:
        warnings.append(f"picture {index} has no media-reference source: kept as a placeholder")
    return image


def _html(element) -> str:
    """Serialise one NITF/XHTML element as HTML without namespaces or NITF-only tags."""
    name = localname(element)
    if not name:  # comment or processing instruction
        return (element.tail and _escape(element.tail)) or ""
    if name in DROPPED:
        return _escape(element.tail)
    if name == "figure" and element.get("data-import-image"):
        return f'<figure data-import-image="{element.get("data-import-image")}"></figure>{_escape(element.tail)}'
    inner = _escape(element.text) + "".join(_html(child) for child in element)
    tag = HTML_TAGS.get(name, name if name in XHTML_TAGS else None)
    if tag is None:
        return inner + _escape(element.tail)
    attributes = "".join(
        f' {k}="{_escape(v, quote=True)}"' for k, v in element.attrib.items() if localname_attr(k) in KEPT_ATTRIBUTES
    )
    if tag in ("br", "hr", "col"):
        return f"<{tag}{attributes}>{_escape(element.tail)}"
    return f"<{tag}{attributes}>{inner}</{tag}>{_escape(element.tail)}"


# XHTML tags (bodies delivered as XHTML inside NewsML-G2) that are kept as they are.
XHTML_TAGS = set(HTML_TAGS.values()) - {None} | {
    "h1", "h2", "h3", "h4", "h5", "h6", "div", "span", "figure", "figcaption", "img", "section", "article",
    "aside", "cite", "small", "mark", "abbr", "code", "s", "del", "ins",
}  # fmt: skip


def localname_attr(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def _escape(text: str | None, quote: bool = False) -> str:
    if not text:
        return ""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&quot;") if quote else text


def serialise(element) -> str:
    """Plain HTML for an element's content (used for XHTML bodies)."""
    return (_escape(element.text) + "".join(_html(child) for child in element)).strip()
