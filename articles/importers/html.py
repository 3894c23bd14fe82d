"""An article page saved from a news site: one file, one story.

Metadata comes from schema.org JSON-LD first (it is what publishers maintain for search engines),
then Open Graph / article:* meta, then the visible page. The body is the kept blocks (p, h2, h3,
blockquote, lists, figures) of the richest article container once page furniture is removed.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urljoin

import lxml.html
from lxml import etree

from .base import ImportedImage, ImportedStory, ItemError, ParsedItem
from .text import AGENCIES, split_credit, split_names

ARTICLE_TYPES = {
    "NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle",
    "BackgroundNewsArticle", "ReviewNewsArticle", "BlogPosting", "LiveBlogPosting", "Report",
}  # fmt: skip
_JUNK_TAGS = ("script", "style", "noscript", "nav", "aside", "footer", "form", "button", "iframe", "svg")
_JUNK_CLASS = re.compile(
    r"(?:^|[\s_-])(?:ad|ads|advert\w*|promo\w*|related\w*|share|sharing|social|newsletter|comments?|"
    r"subscribe\w*|outbrain|taboola|most-?popular|breadcrumbs?|sr-only|visually-hidden)(?:$|[\s_-])",
    re.I,
)
_KEEP = {"p", "h2", "h3", "blockquote", "ul", "ol", "figure"}
_CONTAINERS = (
    "//*[@itemprop='articleBody']",
    "//article",
    "//*[contains(@class,'article-body') or contains(@class,'story-body')]",
    "//*[contains(@class,'entry-content')]",
    "//main",
)
_PLACEHOLDER = re.compile(r"^data:|placeholder|blank\.|spacer|grey-|lazy", re.I)
_WRAPPER = re.compile(r"^\s*(?:<!--|(?://)?<!\[CDATA\[)|(?:-->|(?://)?\]\]>)\s*$")
_DATE_KEYS = ("article:published_time", "article:published", "datepublished", "date")
_CREDIT_CLASS = re.compile(r"credit|copyright|byline", re.I)


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


def _date(value: str, story: ImportedStory, label: str) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace(" ", "T", 1))
    except ValueError:
        story.warnings.append(f"unreadable {label} date {value!r}; left empty")
        return None
    if parsed.tzinfo is None:
        story.warnings.append(f"{label} date {value!r} has no time zone; read as UTC")
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


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
    h1, title = doc.xpath("string(//h1)").strip(), doc.xpath("string(//title)").strip()
    headline = _text(ld.get("headline")) or first.get("og:title") or h1 or title
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
    _dates_and_terms(story, ld, meta, first)
    _byline(story, doc, ld, first)
    _body(story, doc, ld, first)
    yield ParsedItem(story=story)


def _dates_and_terms(story: ImportedStory, ld: dict, meta: dict, first: dict) -> None:
    published = _text(ld.get("datePublished")) or next(
        (first[k] for k in _DATE_KEYS if k in first),
        "",
    )
    story.published_at = _date(published, story, "published")
    modified = _text(ld.get("dateModified")) or first.get("article:modified_time", "")
    story.updated_at = _date(modified, story, "modified")
    section = ld.get("articleSection") or first.get("article:section", "")
    story.section = _text(section)
    keywords = ld.get("keywords") or []
    keywords = keywords.split(",") if isinstance(keywords, str) else keywords
    tags = meta.get("article:tag", []) + [_text(k) for k in keywords]
    story.topics = list(dict.fromkeys(t.strip() for t in tags if t and t.strip()))


def _byline(story: ImportedStory, doc, ld: dict, first: dict) -> None:
    _people(story, ld.get("author") or [])
    if not story.authors and not story.source_name:
        candidates = doc.xpath("//a[@rel='author']|//*[contains(@class,'byline')]")
        keys = ("author", "byl", "article:author", "og:article:author", "article:author_name")
        names = [first.get(k, "") for k in keys] + [c.text_content() for c in candidates]
        for candidate in names:
            cleaned = re.sub(r"^\s*By\s+", "", candidate.strip(), flags=re.I)
            if cleaned and not cleaned.startswith("http") and len(cleaned) < 100:
                story.authors, story.source_name = split_names(cleaned)
                break
    if not story.authors and not story.source_name:
        story.source_name = _text(ld.get("publisher"))
    story.authors = list(dict.fromkeys(story.authors))
    story.byline = ", ".join(story.authors) or story.source_name


def _container(doc):
    for junk in doc.xpath("|".join(f"//{tag}" for tag in _JUNK_TAGS)):
        junk.drop_tree()
    for junk in doc.xpath("//*[@class or @id]"):
        marker = f"{junk.get('class', '')} {junk.get('id', '')}"
        if _JUNK_CLASS.search(marker) and junk.tag not in ("html", "body", "article", "main"):
            junk.drop_tree()
    best, best_score = doc.body if doc.find("body") is not None else doc, -1
    for xpath in _CONTAINERS:
        for candidate in doc.xpath(xpath):
            score = sum(len(p.text_content()) for p in candidate.iter("p"))
            if score > best_score:
                best, best_score = candidate, score
        if best_score > 500:
            break
    return best


def _image_source(img, base: str) -> str:
    candidates = []
    for source in [img, *img.xpath("ancestor::picture[1]/source")]:
        for attr in ("srcset", "data-srcset"):
            for part in (source.get(attr) or "").split(","):
                bits = part.split()
                if bits and bits[-1][:-1].isdigit():
                    candidates.append((int(bits[-1][:-1]), bits[0]))
    if candidates:
        return urljoin(base, max(candidates)[1])
    for attr in ("data-src", "data-lazy-src", "data-original", "src"):
        value = (img.get(attr) or "").strip()
        if value and (attr != "src" or not _PLACEHOLDER.search(value)):
            return urljoin(base, value)
    return urljoin(base, img.get("src") or "")


def _figure(story: ImportedStory, figure, base: str, role: str) -> ImportedImage | None:
    imgs = figure.xpath(".//img")
    if not imgs:
        return None
    caption_el = next(iter(figure.xpath(".//figcaption")), None)
    credit = ""
    if caption_el is not None:
        for marked in caption_el.xpath(".//*[@class]"):
            if _CREDIT_CLASS.search(marked.get("class", "")):
                credit = credit or re.sub(r"\s+", " ", marked.text_content()).strip()
                marked.drop_tree()
    caption = re.sub(r"\s+", " ", caption_el.text_content()).strip() if caption_el is not None else ""
    if not credit:
        caption, credit = split_credit(caption)
    credit = split_credit(credit)[1] or credit
    key = f"html-{len(story.images) + 1}"
    image = ImportedImage(source=_image_source(imgs[0], base), caption=caption, credit=credit, key=key)
    image.role, image.alt = role, imgs[0].get("alt", "")
    story.images.append(image)
    return image


def _clean(element) -> str:
    for node in element.iter():
        for attr in list(node.attrib):
            if attr not in ("href", "src", "alt"):
                del node.attrib[attr]
    return lxml.html.tostring(element, encoding="unicode", with_tail=False).strip()


def _body(story: ImportedStory, doc, ld: dict, first: dict) -> None:
    base, blocks = story.canonical_url, []
    for element in _container(doc).iter(*_KEEP):
        if any(a.tag in _KEEP for a in element.iterancestors()):
            continue
        if element.tag == "figure":
            lead = not blocks and not story.images
            image = _figure(story, element, base, "lead" if lead else "inline")
            if image and not lead:
                blocks.append(f'<figure data-import-image="{image.key}"></figure>')
        elif element.text_content().strip():
            blocks.append(_clean(element))
    story.body_html = "\n".join(blocks)
    lead_url = _text(ld.get("image")) or first.get("og:image", "")
    if story.lead_image is None and lead_url:
        story.images.insert(0, ImportedImage(source=urljoin(base, lead_url), role="lead", key="html-lead"))
