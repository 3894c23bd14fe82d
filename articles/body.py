"""The one owner of an article body's figure markup: how a library picture sits in the body, read back, built,
carried through the editor and rendered for readers.

A library picture is stored as::

    <figure data-image-id="ID"><img src="…" alt="…"><figcaption>Caption <span class="credit">(Credit)</span></figcaption></figure>

which is what the editor writes (by way of ``for_editor``/``from_editor``), imports and the demo build
(``figure_html``), ``library_figures`` reads back (where-used, alt checks) and ``render_body`` makes responsive.

The body is cleaned on save (``articles.sanitize``), and cleaned again here before it is marked safe:
rows written by ``QuerySet.update()`` or ``bulk_create()`` skip ``save()``, and this is the last door before
a reader's browser. nh3 is fast, and the result is kept per body text in a small in-process cache. The
cleaned body is serialised by one HTML parser, so its attributes are always double-quoted: matching them
with patterns is safe here. Every picture in the body is fetched in one query, whatever their number.
"""

import re
from dataclasses import dataclass
from functools import lru_cache
from html import escape, unescape

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from articles import embeds
from articles.models import Image
from articles.sanitize import clean_body

# A picture an import could not bring stays in the body as a note for editors ("Picture missing: caption (PA)",
# ingest.importers.pictures), to be filled from the library; readers never see the note.
MISSING_PICTURE = "Picture missing:"
_MISSING_PICTURE_NOTE = re.compile(rf"<p>\s*<strong>{MISSING_PICTURE}</strong>.*?</p>", re.S)
_FIGURE = re.compile(r'(<figure\b[^>]*\bdata-image-id="(\d+)"[^>]*>)(.*?)(</figure>)', re.S)
_IMG = re.compile(r"<img\b[^>]*>", re.S)
_ALT = re.compile(r'\balt="([^"]*)"')
_CAPTION = re.compile(r"<figcaption>(.*?)</figcaption>", re.S)
_CREDIT = re.compile(r'<span class="credit">(.*?)</span>', re.S)
_TAGS = re.compile(r"<[^>]+>")
# The editor keeps a library picture's id on <img data-file="…">; the stored body keeps it on the figure.
_STORED_FIGURE = re.compile(r'<figure data-image-id="(\d+)">(\s*)<img\b')
_EDITOR_FIGURE = re.compile(r'<figure\b[^>]*>(\s*<img\b[^>]*?\bdata-file="(\d+)")')


@dataclass(frozen=True)
class Figure:
    """A library picture as placed in a body: texts unescaped, as an editor typed them."""

    image_id: int
    alt: str
    caption: str
    credit: str


def library_figures(body: str) -> list[Figure]:
    """The library pictures in ``body``, in order."""
    figures = []
    for match in _FIGURE.finditer(body):
        inner = match.group(3)
        alt = _ALT.search(_IMG.search(inner).group(0)) if _IMG.search(inner) else None
        caption = _CAPTION.search(inner)
        credit = _CREDIT.search(caption.group(1)) if caption else None
        figures.append(
            Figure(
                image_id=int(match.group(2)),
                alt=unescape(alt.group(1)).strip() if alt else "",
                caption=unescape(_TAGS.sub("", _CREDIT.sub("", caption.group(1)))).strip() if caption else "",
                credit=unescape(_TAGS.sub("", credit.group(1)).strip("() ")).strip() if credit else "",
            )
        )
    return figures


def has_content(body: str) -> bool:
    """Words or a picture: what a story needs before it can go out."""
    return bool(_TAGS.sub("", body).strip()) or "<img" in body


def figure_html(*, image_id: int | None, src: str = "", alt: str = "", caption: str = "", credit: str = "") -> str:
    """A figure as the body stores it. Without an image (a picture an import could not fetch) the caption and
    credit are kept as a placeholder figure; with neither there is nothing to place."""
    text = escape(caption.strip(), quote=False)
    if credit.strip():
        text = f'{text} <span class="credit">({escape(credit.strip(), quote=False)})</span>'.strip()
    figcaption = f"<figcaption>{text}</figcaption>" if text else ""
    if image_id is None:
        return f"<figure>{figcaption}</figure>" if figcaption else ""
    return (
        f'<figure data-image-id="{image_id}"><img src="{escape(src)}" alt="{escape(alt.strip())}">{figcaption}</figure>'
    )


def for_editor(body: str) -> str:
    """The stored body as the editor widget keeps it (the picture's id on its <img>), so it survives any edit."""
    return _STORED_FIGURE.sub(r'<figure data-image-id="\1">\2<img data-file="\1"', body)


def from_editor(body: str) -> str:
    return _EDITOR_FIGURE.sub(r'<figure data-image-id="\2">\1', body)


@lru_cache(maxsize=256)
def _clean(body: str) -> str:
    return clean_body(body)


def picture_ids(body: str) -> set[int]:
    """The library pictures a body places (a page rendering many bodies fetches them all at once)."""
    return {int(match.group(2)) for match in _FIGURE.finditer(_clean(body))}


def without_editor_notes(html: str) -> str:
    """The body as readers get it anywhere (page, feeds, API): without the notes left for editors."""
    return _MISSING_PICTURE_NOTE.sub("", html)


def render_body(body: str, *, pictures: dict[int, Image] | None = None) -> SafeString:
    """``pictures``: the bodies' pictures by id, already fetched (else this body's are, in one query)."""
    body = without_editor_notes(_clean(body))
    if pictures is None:
        ids = picture_ids(body)
        pictures = Image.objects.in_bulk(ids) if ids else {}

    def responsive(match: re.Match) -> str:
        opening, image_id, inner, closing = match.groups()
        image = pictures.get(int(image_id))
        img = _IMG.search(inner)
        if image is None or img is None:
            return match.group(0)
        alt = _ALT.search(img.group(0))
        picture = render_to_string(
            "articles/_picture.html",
            {"r": image.rendition("hero"), "alt": unescape(alt.group(1)) if alt else image.alt_text, "lazy": True},
        )
        return f"{opening}{inner[: img.start()]}{picture.strip()}{inner[img.end() :]}{closing}"

    html = _FIGURE.sub(responsive, body)
    # Pictures that are not from the library (older imports) still should not hold up the first paint.
    html = re.sub(r"<img\b(?![^>]*\bloading=)", '<img loading="lazy"', html)
    # Embedded posts: a click-to-load block each, so nothing is fetched from their sites until a reader asks.
    html = embeds.for_readers(html)
    # The body was cleaned just above; the markup put in is escaped by its template.
    return mark_safe(html)
