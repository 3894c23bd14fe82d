"""An article body as readers get it: the sanitised HTML with library pictures made responsive.

The body is cleaned on save (``articles.sanitize``), and cleaned again here before it is marked safe:
rows written by ``QuerySet.update()`` or ``bulk_create()`` skip ``save()``, and this is the last door before
a reader's browser. nh3 is fast, and the result is kept per body text in a small in-process cache. The
cleaned body is serialised by one HTML parser, so its attributes are always double-quoted: matching them
with patterns is safe here. Every picture in the body is fetched in one query, whatever their number.
"""

import re
from functools import lru_cache
from html import unescape

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from articles.models import Image
from articles.sanitize import clean_body

_FIGURE = re.compile(r'(<figure\b[^>]*\bdata-image-id="(\d+)"[^>]*>)(.*?)(</figure>)', re.S)
_IMG = re.compile(r"<img\b[^>]*>", re.S)
_ALT = re.compile(r'\balt="([^"]*)"')


@lru_cache(maxsize=256)
def _clean(body: str) -> str:
    return clean_body(body)


def render_body(body: str) -> SafeString:
    body = _clean(body)
    ids = {int(match.group(2)) for match in _FIGURE.finditer(body)}
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
    # The body was cleaned just above; the markup put in is escaped by its template.
    return mark_safe(html)
