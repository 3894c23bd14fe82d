"""IPTC NewsML-G2 (newsMessage / newsItem / packageItem) -> ImportedStory.

Text newsItems become stories. Picture newsItems become images of the text that a packageItem groups
them with (the first picture is the lead); when there is no package and a single text, pictures in
the same file are attached to it. Pictures, videos, concepts, events, plans and catalogues are not
stories: a file with no text item yields one ItemError saying so. Elements are matched by local name
because some agencies (TT, for one) send NewsML-G2 without its namespace.
"""

from __future__ import annotations

import copy
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from ..records import ImportedImage, ImportedStory, ImportFailure, ParsedItem
from . import shared as w
from .nitf import body_html, find, serialise, text_of
from .xmlsafe import localname, parse_xml, root_name

ITEMS = {"newsItem", "packageItem", "conceptItem", "knowledgeItem", "planningItem", "catalogItem"}
ROOTS = ITEMS | {"newsMessage"}
FRAGMENTS = {"contentSet", "contentMeta", "itemMeta", "groupSet", "itemSet", "inlineXML"}
PICTURE_CLASSES = {"picture", "graphic", "image"}
# Rendition qcodes from best to worst when sizes are not given.
RENDITION_RANK = ("rnd:highres", "rnd:print", "rnd:original", "rnd:web", "rnd:preview", "rnd:thumbnail", "rnd:thumb")


def sniff(head: bytes) -> bool:
    return root_name(head) in ROOTS


def parse(path, *, name: str | None = None) -> Iterator[ParsedItem]:
    name = name or Path(str(path)).name
    warnings: list[str] = []
    root = parse_xml(path, name=name, warnings=warnings)
    if localname(root) in FRAGMENTS:
        raise ImportFailure(f"a NewsML-G2 fragment (<{localname(root)}>) with no item around it", where=name)
    if localname(root) not in ROOTS:
        raise ImportFailure(f"not a NewsML-G2 item or message: the root element is <{localname(root)}>", where=name)
    items = [root] if localname(root) in ITEMS else [e for e in root.iter() if localname(e) in ITEMS]
    texts, pictures, others = _classify(items)
    if not texts:
        yield w.item_error(_nothing_message(pictures, others), name, "itemClass")
        return
    attached = _attachments(items, texts, pictures)
    for index, item in enumerate(texts, start=1):
        where = f"{name} item {index}"
        yield w.guarded(_story, where, item, where, warnings, attached.get(id(item), []))


def _item_class(item) -> str:
    element = find(item, "itemMeta/itemClass")
    return (element.get("qcode", "") if element is not None else "").split(":")[-1].lower()


def _classify(items: list) -> tuple[list, dict, list[str]]:
    texts, pictures, others = [], {}, []
    for item in items:
        kind, cls = localname(item), _item_class(item)
        if kind == "newsItem" and cls in PICTURE_CLASSES:
            pictures[item.get("guid", "")] = item
        elif kind == "newsItem" and (cls == "text" or (not cls and _inline(item) is not None)):
            texts.append(item)
        elif kind != "packageItem":
            others.append(f"{kind} ({cls})" if cls else kind)
    return texts, pictures, others


def _nothing_message(pictures: dict, others: list[str]) -> str:
    found = [f"{len(pictures)} picture item(s)"] if pictures else []
    found += [f"{count} {kind}" if count > 1 else kind for kind, count in Counter(others).items()]
    what = ", ".join(found) if found else "only package references to items not in this file"
    return f"not a news story: no news item with text content (found {what})"


def _attachments(items: list, texts: list, pictures: dict) -> dict[int, list]:
    """Map each text item to its pictures in package order, lead first."""
    by_guid = {item.get("guid", ""): item for item in texts}
    attached: dict[int, list] = {}
    for package in (item for item in items if localname(item) == "packageItem"):
        refs = [ref.get("residref", "") for ref in package.iter() if localname(ref) == "itemRef"]
        text = next((by_guid[ref] for ref in refs if ref in by_guid), None)
        if text is not None:
            attached.setdefault(id(text), []).extend(pictures[ref] for ref in refs if ref in pictures)
    if not attached and len(texts) == 1 and pictures:
        attached[id(texts[0])] = list(pictures.values())
    return attached


def _inline(item):
    content_set = find(item, "contentSet")
    if content_set is None:
        return None
    return next((e for e in content_set if localname(e) in ("inlineXML", "inlineData")), None)


def _story(item, where: str, file_warnings: list[str], pictures: list) -> ParsedItem:
    story = ImportedStory(guid=w.clean(item.get("guid")), headline="", where=where, warnings=list(file_warnings))
    story.version = w.to_int(item.get("version"), story.warnings, "version")
    meta = find(item, "contentMeta")
    try:
        _dates(item, story)
    except ValueError as exc:
        return w.item_error(str(exc), where, str(exc).split(":")[0])
    if meta is not None:
        _content_meta(meta, story)
    story.language = story.language or (item.get("{http://www.w3.org/XML/1998/namespace}lang") or "")
    packaged = [_picture(p, f"picture{i}", story.warnings) for i, p in enumerate(pictures, start=1)]
    refs = {}
    for picture, image in zip(pictures, packaged, strict=True):
        refs.update({ref.rsplit("/", 1)[-1]: image for ref in [picture.get("guid", ""), *_alt_ids(picture)] if ref})
    _body(item, story, refs)
    story.images += packaged
    if story.images and story.images[0].role != "lead":
        # The lead is shown above the story, so it must not also appear in the body.
        story.images[0].role = "lead"
        story.body_html = story.body_html.replace(f'<figure data-import-image="{story.images[0].key}"></figure>', "")
    return w.finish(story, "newsml")


def _alt_ids(picture) -> list[str]:
    # Package itemRefs may carry the id the body uses for the picture (TT: altId "a001").
    root = picture.getroottree().getroot()
    guid = picture.get("guid", "")
    refs = [e for e in root.iter() if localname(e) == "itemRef" and e.get("residref") == guid]
    return [text_of(a) for ref in refs for a in ref if localname(a) == "altId"]


def _dates(item, story: ImportedStory) -> None:
    def date(path: str):
        return w.parse_date(text_of(find(item, path)), story.warnings, path.rsplit("/", maxsplit=1)[-1])

    story.updated_at = date("itemMeta/versionCreated")
    story.first_published_at = date("itemMeta/firstCreated") or date("contentMeta/contentCreated")
    story.embargo_until = date("itemMeta/embargoed")
    story.expires_at = date("itemMeta/expires")
    meta = find(item, "itemMeta")
    if meta is not None:
        story.signals = [
            e.get("qcode", "").strip().lower() for e in meta if localname(e) == "signal" and e.get("qcode")
        ]
    status = find(item, "itemMeta/pubStatus")
    story.pub_status = w.pub_status(status.get("qcode") or text_of(status) if status is not None else "")


def _headline(meta) -> str:
    headlines = [e for e in meta if localname(e) == "headline"]
    main = [h for h in headlines if h.get("role", "hld:main").lower() in ("hld:main", "main", "")]
    return text_of((main or headlines)[0]) if headlines else ""


def _content_meta(meta, story: ImportedStory) -> None:
    story.headline = _headline(meta)
    for element in meta:
        name, role = localname(element), (element.get("role") or "").lower()
        if name == "description" and role.split(":")[-1] in ("summary", "abstract", "") and not story.standfirst:
            story.standfirst = text_of(element)
        elif name == "by":
            story.byline = w.strip_by(text_of(element))
        elif name == "creator":
            w.add_unique(story.authors, text_of(find(element, "name")))
        elif name in ("creditline", "infoSource") and not story.source_name:
            story.source_name = text_of(find(element, "name")) if name == "infoSource" else text_of(element)
        elif name == "located":
            w.add_unique(story.regions, *(text_of(n) for n in element.iter() if localname(n) == "name"))
        elif name == "subject":
            _subject(element, story)
        elif name == "language":
            story.language = element.get("tag", "")
    if not story.byline and story.authors:
        story.byline = ", ".join(story.authors)


def _subject(element, story: ImportedStory) -> None:
    kind = (element.get("type") or "").lower()
    names = [text_of(n) for n in element if localname(n) == "name"]
    name = names[0] if names else ""
    if kind.endswith("geoarea"):
        w.add_unique(story.regions, name)
        return
    code = w.medtop(element.get("qcode") or element.get("uri") or "")
    w.add_unique(story.topic_codes, code)
    if kind in ("", "cpnat:abstract") or code:
        w.add_unique(story.topics, name)


def _body(item, story: ImportedStory, refs: dict[str, ImportedImage]) -> None:
    inline = _inline(item)
    if inline is None:
        return
    if localname(inline) == "inlineData":
        story.body_html = w.text_to_html(inline.text or "")
        return
    nitf_body = find(inline, "body.content")
    if nitf_body is not None:
        story.body_html, story.images = body_html(nitf_body, story.warnings)
        story.headline = story.headline or text_of(find(inline, "hedline"))
        story.standfirst = story.standfirst or text_of(find(inline, "abstract"))
        story.byline = story.byline or w.strip_by(text_of(find(inline, "byline"), skip=("byttl",)))
        return
    if not any(localname(child) for child in inline):
        return  # an empty inlineXML: finish() reports the missing body
    container = find(inline, "body")
    kind = inline.get("contenttype") or ""
    if container is None and not _looks_like_html(inline):
        story.warnings.append(f"inline content ({kind or 'unknown type'}) is not text: body left empty")
        return
    container = copy.deepcopy(container if container is not None else inline)
    _mark_figures(container, refs)
    story.body_html = serialise(container)
    if story.headline:
        # XHTML bodies often repeat the headline as their first <h1>.
        story.body_html = re.sub(rf"<h1>\s*{re.escape(story.headline)}\s*</h1>", "", story.body_html, count=1)


def _looks_like_html(inline) -> bool:
    kind = (inline.get("contenttype") or "").lower()
    top = {localname(child) for child in inline}
    return "html" in kind or bool(top & {"html", "body", "div", "p", "article", "section", "h1", "h2", "ul"})


def _picture(item, key: str, warnings: list[str]) -> ImportedImage:
    image = ImportedImage(key=key)
    meta = find(item, "contentMeta")
    if meta is not None:
        captions = [e for e in meta if localname(e) == "description"]
        preferred = [e for e in captions if "caption" in (e.get("role") or "")]
        image.caption = text_of((preferred or captions)[0]) if captions else ""
        image.credit = text_of(find(meta, "creditline")) or text_of(find(meta, "by"))
        image.credit = image.credit or text_of(find(meta, "creator/name"))
        image.alt = _headline(meta)
    _best_content(item, image)
    if not image.source:
        warnings.append(f"picture {item.get('guid', key)!r} has no remoteContent href: kept as a placeholder")
    return image


def _best_content(item, image: ImportedImage) -> None:
    contents = [e for e in item.iter() if localname(e) == "remoteContent" and (e.get("href") or e.get("residref"))]

    def rank(element) -> tuple[int, int]:
        size = [int(element.get(a)) if (element.get(a) or "").isdigit() else 0 for a in ("width", "height")]
        rendition = (element.get("rendition") or "").lower()
        order = RENDITION_RANK.index(rendition) if rendition in RENDITION_RANK else len(RENDITION_RANK)
        return size[0] * size[1], -order

    if contents:
        best = max(contents, key=rank)
        image.source = w.clean(best.get("href") or best.get("residref"))
        image.mime_type = best.get("contenttype", "")
        image.width = int(best.get("width")) if (best.get("width") or "").isdigit() else None
        image.height = int(best.get("height")) if (best.get("height") or "").isdigit() else None


def _mark_figures(container, refs: dict[str, ImportedImage]) -> None:
    """Turn XHTML figures that show a packaged picture into that picture's marker (TT-style bodies)."""
    for figure in [e for e in container.iter() if localname(e) == "figure"]:
        values = {v.rsplit("/", 1)[-1] for e in figure.iter() for v in e.attrib.values()}
        image = next((refs[v] for v in values if v in refs), None)
        if image is None:
            continue
        byline = next((e for e in figure.iter() if "byline" in (e.get("class") or "")), None)
        image.credit = image.credit or text_of(byline)
        image.caption = image.caption or text_of(find(figure, "figcaption"))
        tail = figure.tail
        figure.clear()
        figure.tag, figure.tail = "figure", tail
        figure.set("data-import-image", image.key)
