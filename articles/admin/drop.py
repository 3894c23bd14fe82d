"""A picture dropped or pasted on the story form: what the form is told back (``ImageAdmin.drop_view``).

The form needs the picture at once (its thumbnail beside the lead, its hero rendition in the body editor), so its
renditions are made in the request rather than left to the worker (which then finds them made). What the file says
about itself (``articles.picture_metadata``) comes back for the form's own fields: the lead's caption and alt text,
the body figure's caption and credit; the library keeps the caption and credit (``services.save_image``).
"""

from __future__ import annotations

import logging

from django.urls import reverse
from django.utils import formats
from django.utils.dateparse import parse_datetime

from articles import picture_metadata, renditions
from articles.admin import crops
from articles.models import Image

log = logging.getLogger(__name__)


def make_renditions_now(image: Image) -> None:
    try:
        renditions.make_renditions(image)
    except OSError:  # the storage failed: the worker's run after the commit tries again
        log.exception("renditions of picture %s not made at upload", image.pk)


def answer(image: Image, *, created: bool, data: bytes) -> dict:
    embedded = picture_metadata.read(data)
    hero = renditions.rendition(image, "hero")
    taken = parse_datetime(embedded.taken) if "T" in embedded.taken else None
    return {
        "id": image.pk,
        "created": created,
        "duplicate": not created,
        "thumb": renditions.rendition(image, "thumb").src,
        "src": hero.src,
        "width": image.width,
        "height": image.height,
        "name": image.original_name,
        # The library's values (a duplicate keeps its own), then what this file says.
        "alt": image.alt_text or embedded.alt,
        "alt_suggestion": "" if image.alt_text or embedded.alt else embedded.alt_suggestion,
        "caption": image.caption or embedded.caption,
        "credit": image.credit or embedded.library_credit,
        "byline": embedded.byline,
        "taken": embedded.taken,
        "taken_text": formats.date_format(taken, "j F Y, H:i") if taken else embedded.taken,
        "warning": " ".join(crops.size_warnings(image, crops.BODY)),
        "change_url": reverse("admin:articles_image_change", args=[image.pk]),
    }
