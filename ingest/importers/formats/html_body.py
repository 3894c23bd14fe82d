"""The body and pictures of a saved article page (the metadata is ``html``'s job).

The body is the kept blocks (p, h2, h3, blockquote, lists, figures) of the richest article
container once page furniture is removed. Furniture is recognised three ways: by tag (nav, aside,
forms...), by class/id words (ad, promo, newsletter, share, related...), and by shape: a block that
is mostly links ("Read more: ...", lists of related stories) or a short call to action ("Sign up
for...", "Follow us on...").

Captions are read from the ``<figcaption>`` first, then from an element inside or right next to the
figure whose class or itemprop says caption/credit, then from a short block right after the figure
that repeats the image's alt text (photo essays print the caption as the next paragraph). A caption
taken from outside the figure is left out of the body so it is not printed twice. A credit is an
element marked credit/copyright, else a short last block or line naming a picture agency ("PA",
"AFP via Getty Images", "Name / Reuters", "© Name"), else a labelled tail ("... Photograph: PA").
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import lxml.html

from ..records import ImportedImage, ImportedStory
from .text import split_credit

_JUNK_TAGS = ("script", "style", "noscript", "nav", "aside", "footer", "form", "button", "iframe", "svg")
_JUNK_CLASS = re.compile(
    r"(?:^|[\s_-])(?:ad|ads|advert\w*|promo\w*|related\w*|share|sharing|social|newsletter|comments?|"
    r"subscribe\w*|outbrain|taboola|most-?popular|breadcrumbs?|sr-only|visually-hidden|"
    r"read-?more|more-?on|signup|sign-up|paywall|recirc\w*|sponsored|inline-?links?|byline)(?:$|[\s_-])",
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
_CREDIT_CLASS = re.compile(r"credit|copyright|byline", re.I)
_CAPTION_MARK = re.compile(r"caption|credit", re.I)
# Short blocks that are calls to action, not reporting.
_BOILERPLATE = re.compile(
    r"^\s*(?:read more|see more|more on this|related|recommended|sign up|subscribe|follow us|"
    r"share this|click here|advertisement|media caption|image caption|image copyright)\b",
    re.I,
)
_IMAGE_TAGS = ("img", "amp-img")
_BLOCK_TAGS = {"p", "div", "br", "header", "footer", "h2", "h3", "h4", "h5", "h6", "li", "small", "cite"}
# Picture agencies and libraries that sites print bare as a credit line ("PA", "AFP via Getty Images").
_AGENCY = (
    r"(?:PA(?:\s+(?:Wire|Media|Archive|Images))?|Press\s+Association|AP|Associated\s+Press|AFP|Reuters|"
    r"Getty(?:\s+Images)?|EPA(?:-EFE)?|Shutterstock|Alamy(?:\s+Stock\s+Photo)?|Bloomberg|dpa|Xinhua|"
    r"Anadolu(?:\s+Agency)?|SWNS|Rex(?:\s+Features)?|NurPhoto|SOPA\s+Images|Sipa|ZUMA(?:\s+Wire)?)"
)
_CREDIT_LABEL = re.compile(
    r"^\s*(?:(?:©|\(c\)|copyright\b)\s*(?:\d{4}\b)?|(?:photo(?:graph)?|picture|image)s?\s+(?:by\b|:))\s*", re.I
)
_CREDIT_LINE = re.compile(
    rf"^(?:[^/]{{1,40}}?(?:\s+via\s+|\s*/\s*))?{_AGENCY}(?:\s*(?:Photo)?\s*/\s*[^/]{{1,40}})?(?:,\s*File)?\.?$"
    r"|^[A-Z][\w.'’-]*(?:\s[A-Z][\w.'’-]*){0,3}\s?/\s?[A-Z][\w.'’&-]*(?:\s[A-Z][\w.'’&-]*){0,3}$"
)  # case-sensitive: agencies print their names capitalised, "Name/Outlet" is two capitalised names
_CREDIT_MAX = 60
_SIZE_SUFFIX = re.compile(r"[-_]\d{2,5}x\d{2,5}(?=\.\w+$)")


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w{3,}", text.lower()))


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _link_density(element) -> float:
    text = len(_squash(element.text_content())) or 1
    return sum(len(_squash(a.text_content())) for a in element.iter("a")) / text


def _is_boilerplate(element) -> bool:
    text = _squash(element.text_content())
    if _BOILERPLATE.match(text) and len(text) < 200:
        return True
    # Lists of links (related stories, tag clouds) and "Read more" link lines; an ordinary
    # paragraph with a link or two stays.
    return element.tag != "blockquote" and len(text) < 400 and _link_density(element) > 0.6


def _drop_furniture(doc) -> None:
    for junk in doc.xpath("|".join(f"//{tag}" for tag in _JUNK_TAGS)):
        junk.drop_tree()
    for junk in doc.xpath("//*[@class or @id]"):
        marker = f"{junk.get('class', '')} {junk.get('id', '')}"
        if _JUNK_CLASS.search(marker) and junk.tag not in ("html", "body", "article", "main"):
            junk.drop_tree()


def container(doc):
    _drop_furniture(doc)
    best, best_score = doc.body if doc.find("body") is not None else doc, -1
    for xpath in _CONTAINERS:
        for candidate in doc.xpath(xpath):
            score = sum(len(p.text_content()) for p in candidate.iter("p"))
            if score > best_score:
                best, best_score = candidate, score
        if best_score > 500:
            break
    return best


def image_source(img, base: str) -> str:
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


def same_picture(first: str, second: str) -> bool:
    """Two URLs of one picture: same path once query strings and "-1200x630" sizes are ignored."""
    a, b = (_SIZE_SUFFIX.sub("", urlsplit(url).path) for url in (first, second))
    return bool(a) and a == b


def _marked_caption(figure):
    """An element inside or right after the figure whose class/itemprop says caption or credit."""
    inside = figure.xpath(".//figcaption")
    if inside:
        return inside[0], False
    for element in figure.iter():
        marker = f"{element.get('class', '')} {element.get('itemprop', '')}"
        if element is not figure and _CAPTION_MARK.search(marker) and _squash(element.text_content()):
            return element, False
    after = figure.getnext()
    if after is not None and isinstance(after.tag, str):
        marker = f"{after.get('class', '')} {after.get('itemprop', '')}"
        if _CAPTION_MARK.search(marker) and len(_squash(after.text_content())) < 400:
            return after, True
    return None, False


def _echo_caption(figure, alt: str):
    """A short block right after the figure that repeats the alt text is the printed caption."""
    after = figure.getnext()
    if after is None or not isinstance(after.tag, str) or after.tag not in ("p", "ul", "div", "span"):
        return None
    text, alt_words = _squash(after.text_content()), _words(alt)
    if not text or len(text) > 400 or len(alt_words) < 3 or after.xpath(".//img|.//figure"):
        return None
    return after if len(alt_words & _words(text)) >= 0.6 * len(alt_words) else None


def _lines(element) -> list[str]:
    """The element's text split where its blocks (p, div, br, header...) start and end."""
    parts: list[str] = []

    def walk(node, top: bool = False) -> None:
        block = isinstance(node.tag, str) and node.tag in _BLOCK_TAGS
        if block:
            parts.append("\n")
        if isinstance(node.tag, str):
            parts.append(node.text or "")
            for child in node:
                walk(child)
        if block:
            parts.append("\n")
        if not top:
            parts.append(node.tail or "")

    walk(element, top=True)
    return [line for line in map(_squash, "".join(parts).split("\n")) if line]


def _credit_line(line: str) -> str:
    """The credit a short caption line prints ("PA", "AFP via Getty Images", "© Ana Ruiz"), else ""."""
    if len(line) > _CREDIT_MAX:
        return ""
    labelled = _CREDIT_LABEL.match(line)
    if labelled and line[labelled.end() :].strip():
        return line[labelled.end() :].strip()
    if _CREDIT_LINE.match(line):
        return line.rstrip(".")
    return split_credit(line)[1]


def _split_credit_line(caption_el) -> tuple[str, str]:
    """A caption of several blocks whose last block is a bare credit: ("caption", "credit")."""
    lines = _lines(caption_el)
    if len(lines) > 1:
        credit = _credit_line(lines[-1])
        if credit:
            return " ".join(lines[:-1]), credit
    caption = " ".join(lines)
    caption, credit = split_credit(caption)
    inline = re.search(r"\s*(?:©|\(c\)|\bCopyright\b)\s*(?:\d{4}\b)?\s*(?P<credit>[^©]{1,60})$", caption)
    if not credit and inline and inline.start() > 0:
        caption, credit = caption[: inline.start()].strip(), inline.group("credit").strip()
    return caption, credit


def _caption_and_credit(figure, alt: str) -> tuple[str, str]:
    caption_el, outside = _marked_caption(figure)
    if caption_el is None:
        caption_el, outside = _echo_caption(figure, alt), True
    if caption_el is None:
        return "", ""
    credit = ""
    for marked in caption_el.xpath(".//*[@class]"):
        if _CREDIT_CLASS.search(marked.get("class", "")):
            credit = credit or _squash(marked.text_content())
            marked.drop_tree()
    if credit:
        caption = _squash(caption_el.text_content())
    else:
        caption, credit = _split_credit_line(caption_el)
    if outside:
        caption_el.drop_tree()
    labelled = _CREDIT_LABEL.match(credit)
    credit = credit[labelled.end() :].strip() if labelled and credit[labelled.end() :].strip() else credit
    return caption, split_credit(credit)[1] or credit


def _pictures(figure, base: str) -> list:
    """The figure's img/amp-img elements, less inline placeholders (data: URLs) that sit before them."""
    return [img for img in figure.iter(*_IMAGE_TAGS) if not image_source(img, base).startswith("data:")]


def figure_image(story: ImportedStory, figure, base: str, role: str) -> ImportedImage | None:
    imgs = _pictures(figure, base)
    if not imgs:
        return None
    source = image_source(imgs[0], base)
    alt = imgs[0].get("alt", "")
    caption, credit = _caption_and_credit(figure, alt)
    for seen in story.images:
        if same_picture(seen.source, source):  # the same picture again (a lead repeated in the body)
            seen.caption, seen.credit = seen.caption or caption, seen.credit or credit
            return None
    image = ImportedImage(source=source, caption=caption, credit=credit, key=f"html-{len(story.images) + 1}")
    image.role, image.alt = role, alt
    story.images.append(image)
    return image


def _clean(element) -> str:
    for node in element.iter():
        for attr in list(node.attrib):
            if attr not in ("href", "src", "alt"):
                del node.attrib[attr]
    return lxml.html.tostring(element, encoding="unicode", with_tail=False).strip()


def _caption_texts(story: ImportedStory) -> set[str]:
    return {_squash(text).lower() for image in story.images for text in (image.caption, image.alt) if text}


def _is_text(element, story: ImportedStory) -> bool:
    text = _squash(element.text_content())
    return bool(text) and not _is_boilerplate(element) and text.lower() not in _caption_texts(story)


def read_body(story: ImportedStory, doc, lead_url: str) -> None:
    """Fill ``body_html`` and ``images``; a lead image only named in metadata borrows a page caption."""
    base, blocks = story.canonical_url, []
    page_figures = list(doc.iter("figure"))
    for element in list(container(doc).iter(*_KEEP)):
        if element.getparent() is None or any(a.tag in _KEEP for a in element.iterancestors()):
            continue  # dropped as a caption, or inside a kept block
        if element.tag == "figure":
            lead = not blocks and not story.images
            image = figure_image(story, element, base, "lead" if lead else "inline")
            if image and not lead:
                blocks.append(f'<figure data-import-image="{image.key}"></figure>')
        elif _is_text(element, story):
            blocks.append(_clean(element))
    story.body_html = "\n".join(blocks)
    if story.lead_image is None and lead_url:
        lead = ImportedImage(source=urljoin(base, lead_url), role="lead", key="html-lead")
        _borrow_caption(lead, page_figures, base)
        story.images.insert(0, lead)


def _borrow_caption(lead: ImportedImage, figures, base: str) -> None:
    for figure in figures:
        match = next(
            (img for img in _pictures(figure, base) if same_picture(image_source(img, base), lead.source)), None
        )
        if match is not None:
            lead.alt = match.get("alt", "")
            lead.caption, lead.credit = _caption_and_credit(figure, lead.alt)
            return
