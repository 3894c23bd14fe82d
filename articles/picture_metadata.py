"""What a picture file says about itself: caption, credit, byline, alt text and date from its IPTC IIM, XMP and EXIF
blocks, as agencies and cameras write them (read with pyexiv2, the maintained binding of exiv2).

Fields, in the order each is looked for (the first with words wins):

    caption  IPTC Caption-Abstract · XMP dc:description · EXIF ImageDescription
    credit   IPTC Credit Line · XMP photoshop:Credit · IPTC Source · XMP photoshop:Source
    byline   IPTC By-line · XMP dc:creator · EXIF Artist
    alt      XMP Iptc4xmpCore:AltTextAccessibility (IPTC Photo Metadata 2021); else a suggestion from the headline
             (IPTC Headline · XMP photoshop:Headline) or the caption's first sentence, marked as a suggestion
    taken    EXIF DateTimeOriginal · XMP photoshop:DateCreated · IPTC Date Created (+ Time Created)

``read(data)`` never raises: a file whose metadata cannot be read (or that has none) gives an empty ``Embedded``.
The bytes are the upload's, already checked to be a picture (``articles.picture_checks``).
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import asdict, dataclass
from datetime import date, datetime

import pyexiv2

log = logging.getLogger(__name__)
pyexiv2.set_log_level(4)  # exiv2's own warnings about odd makernotes go nowhere: what matters is read or not

# exiv2 keeps state per call that is not safe to share between threads (runserver, a threaded worker).
_LOCK = threading.Lock()
ALT_LIMIT = 300  # Image.alt_text's length
_SENTENCE = re.compile(r"^(.+?[.!?])(\s|$)", re.S)
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Embedded:
    caption: str = ""
    credit: str = ""
    byline: str = ""
    alt: str = ""  # the file's own alt text
    alt_suggestion: str = ""  # from its headline or caption: for an editor to check, never taken as given
    taken: str = ""  # ISO 8601 date (and time when the file says)

    def as_dict(self) -> dict:
        return asdict(self)

    @property
    def library_credit(self) -> str:
        """The library's one credit field in the house form "Agency/Photographer" (``Image.credit``'s help text:
        "AP Photo/Jane Roe"), or whichever of the two the file has."""
        if self.credit and self.byline and self.byline.lower() not in self.credit.lower():
            return f"{self.credit}/{self.byline}"
        return self.credit or self.byline


def read(data: bytes) -> Embedded:
    try:
        with _LOCK, pyexiv2.ImageData(data) as image:
            iptc, xmp, exif = _iptc(image), _safe(image.read_xmp), _safe(image.read_exif)
    except (RuntimeError, ValueError, OSError) as exc:  # exiv2 could not parse the container
        log.info("picture metadata not read: %s", exc)
        return Embedded()
    caption = _first(
        iptc.get("Iptc.Application2.Caption"), xmp.get("Xmp.dc.description"), exif.get("Exif.Image.ImageDescription")
    )
    headline = _first(iptc.get("Iptc.Application2.Headline"), xmp.get("Xmp.photoshop.Headline"))
    alt = _first(xmp.get("Xmp.iptc.AltTextAccessibility"), xmp.get("Xmp.Iptc4xmpCore.AltTextAccessibility"))
    return Embedded(
        caption=caption,
        credit=_first(
            iptc.get("Iptc.Application2.Credit"),
            xmp.get("Xmp.photoshop.Credit"),
            iptc.get("Iptc.Application2.Source"),
            xmp.get("Xmp.photoshop.Source"),
        ),
        byline=_first(iptc.get("Iptc.Application2.Byline"), xmp.get("Xmp.dc.creator"), exif.get("Exif.Image.Artist")),
        alt=alt[:ALT_LIMIT],
        alt_suggestion="" if alt else _suggest_alt(headline, caption),
        taken=_taken(exif, xmp, iptc),
    )


def _iptc(image) -> dict:
    # IIM has no required character set: agencies' older files are Latin-1.
    try:
        return image.read_iptc()
    except UnicodeDecodeError:
        return _safe(lambda: image.read_iptc(encoding="latin-1"))


def _safe(reader) -> dict:
    try:
        return reader() or {}
    except (RuntimeError, ValueError, UnicodeDecodeError):
        return {}


def _text(value) -> str:
    """One line of words from a tag's value: a string, a list (repeatable IPTC, XMP bags) or a language map."""
    if isinstance(value, dict):  # XMP lang-alt: {'lang="x-default"': 'words'}
        value = value.get('lang="x-default"') or next(iter(value.values()), "")
    if isinstance(value, list | tuple):
        value = ", ".join(_text(item) for item in value if _text(item))
    text = str(value or "")
    text = re.sub(r'^lang="[^"]*"\s*', "", text)  # a lang-alt value read as one string
    return _SPACE.sub(" ", text.replace("\x00", "")).strip()


def _first(*values) -> str:
    return next((text for text in map(_text, values) if text), "")


def _suggest_alt(headline: str, caption: str) -> str:
    """A first draft of alt text: the headline, else the caption's first sentence (captions lead with what the
    picture shows: "Rescue workers search the rubble in Aleppo. The quake ..."). Cut at a word within the limit."""
    text = headline
    if not text and caption:
        sentence = _SENTENCE.match(caption)
        text = sentence.group(1) if sentence else caption
    if len(text) <= ALT_LIMIT:
        return text
    return text[: ALT_LIMIT - 1].rsplit(" ", 1)[0] + "…"


def _taken(exif: dict, xmp: dict, iptc: dict) -> str:
    stamp = _text(exif.get("Exif.Photo.DateTimeOriginal"))
    if stamp:
        try:
            return datetime.strptime(stamp[:19], "%Y:%m:%d %H:%M:%S").isoformat()
        except ValueError:
            pass
    created = _text(xmp.get("Xmp.photoshop.DateCreated"))
    if created:
        try:
            return datetime.fromisoformat(created.replace("Z", "+00:00")).isoformat()
        except ValueError:
            pass
    day = _text(iptc.get("Iptc.Application2.DateCreated"))
    if day:
        try:
            return date.fromisoformat(day).isoformat()
        except ValueError:
            pass
    return ""
