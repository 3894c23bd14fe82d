"""An article body as readers get it: the sanitised HTML with library pictures made responsive.

The stored body is already clean (``articles.sanitize``), serialised by one HTML parser, so its
attributes are always double-quoted: matching them with patterns is safe here. Every picture in the
body is fetched in one query, whatever their number.
"""

import re
from html import unescape

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from articles.models import Image

_FIGURE = re.compile(r'(<figure\b[^>]*\bdata-image-id="(\d+)"[^>]*>)(.*?)(</figure>)', re.S)
_IMG = re.compile(r"<img\b[^>]*>", re.S)
_ALT = re.compile(r'\balt="([^"]*)"')


def render_body(body: str) -> SafeString:
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
    # The stored body is sanitised on save; the markup put in is escaped by its template.
    return mark_safe(html)
