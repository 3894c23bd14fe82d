"""Pictures verified before they are kept: every pixel decoded once, site pictures cut to the size they are shown at,
and a storage that fails (a full disk, a bucket refusing writes) leaving nothing behind.

``renditions.check_upload`` reads a picture's header (format, pixel count) and Pillow's ``verify()``, which for a JPEG
reads no pixels at all: a file cut short in transfer passed it, was stored, and every rendition made from it later
failed on the worker where nobody saw it. ``decode_fully`` reads the whole picture once, at upload, so the editor
is told then, with the file's name. Called from ``articles.services.save_image`` (the library, the story form's
drop zone, imports) and the site settings' logo and favicon (``pages.admin``).
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image as PILImage
from PIL import ImageOps

from articles import renditions

log = logging.getLogger(__name__)

# Frames decoded of an animated GIF or WebP before it is taken as whole (a damaged one breaks early; a long loop's
# later frames cost time and say nothing new).
FRAMES_CHECKED = 60


class StorageFailed(Exception):
    """The media storage refused a write. ``message`` is for the editor; nothing of the write is left."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


DAMAGED = (
    "{name}: the file is damaged or cut short (only part of the picture could be read), so it was not added. "
    "Upload the original again."
)


def check_picture(data: bytes, *, name: str) -> tuple[int, int, str]:
    """Every check a picture gets before it is kept; returns (width, height, format). The header's (format, bytes,
    pixels: ``renditions.check_upload``) first, so nothing too big is ever decoded; then every pixel, once."""
    try:
        width, height, fmt = renditions.check_upload(data, name=name)
    except ValidationError:
        if _header_is_fine(data):  # a known format within the limits whose body is broken: say so, not "unreadable"
            raise ValidationError(DAMAGED.format(name=name), code="damaged") from None
        raise
    decode_fully(data, name=name)
    return width, height, fmt


def _header_is_fine(data: bytes) -> bool:
    limits = settings.NEWSROOM
    try:
        with PILImage.open(io.BytesIO(data)) as probe:
            pixels, fmt = probe.width * probe.height, probe.format
    except (OSError, SyntaxError, ValueError, PILImage.DecompressionBombError):
        return False
    return (
        fmt in renditions.ACCEPTED and pixels <= limits["IMAGE_MAX_PIXELS"] and len(data) <= limits["IMAGE_MAX_BYTES"]
    )


def decode_fully(data: bytes, *, name: str) -> None:
    """Refuse a picture whose pixels cannot all be read: cut short, or damaged inside. Formats, byte and pixel
    limits are ``renditions.check_upload``'s, checked before this from the header alone."""
    try:
        with PILImage.open(io.BytesIO(data)) as picture:
            for frame in range(min(getattr(picture, "n_frames", 1), FRAMES_CHECKED)):
                picture.seek(frame)
                picture.load()
    except (OSError, SyntaxError, ValueError, EOFError, PILImage.DecompressionBombError) as exc:
        log.info("upload %s refused: %s", name, exc)
        raise ValidationError(DAMAGED.format(name=name), code="damaged") from exc


@dataclass(frozen=True)
class Box:
    """The largest a site picture is kept at: what the page shows it at, twice over for high-density screens."""

    width: int
    height: int


# The header shows the logo at most 3rem (48 px) high and half a wide screen across (static/css/chrome.css).
LOGO_BOX = Box(960, 96)
# A favicon is drawn at 16-48 px; 180 px serves home-screen icons too.
FAVICON_BOX = Box(180, 180)


def fit_within(data: bytes, box: Box, *, fmt: str) -> bytes | None:
    """The picture made no larger than ``box`` (proportions kept), in the format it came in; None when it already
    fits (the upload is kept as it is)."""
    with PILImage.open(io.BytesIO(data)) as picture:
        if picture.width <= box.width and picture.height <= box.height:
            return None
        picture.draft("RGB", (box.width, box.height))  # a JPEG decodes straight at a fraction of its size
        fitted = ImageOps.exif_transpose(picture)
        if fitted.mode in {"P", "PA", "LA", "1"}:  # resampled in full colour, not by nearest palette entry
            fitted = fitted.convert("RGBA")
        fitted.thumbnail((box.width, box.height), PILImage.Resampling.LANCZOS, reducing_gap=3.0)
    buffer = io.BytesIO()
    if fmt == "JPEG":
        fitted.convert("RGB").save(buffer, "JPEG", quality=88, optimize=True)
    elif fmt == "WEBP":
        fitted.save(buffer, "WEBP", quality=90)
    else:
        fitted.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def fitted_upload(upload, data: bytes, box: Box, *, fmt: str):
    """``upload`` (an uploaded file), or a file of the same name holding the picture fitted to ``box``."""
    smaller = fit_within(data, box, fmt=fmt)
    if smaller is None:
        upload.seek(0)
        return upload
    return ContentFile(smaller, name=upload.name)


def save_file(field_file, name: str, content, *, shown_name: str) -> None:
    """``field_file.save(name, content, save=False)``, with nothing left in storage when the storage fails partway
    (Django's file storage leaves what it had written: an empty or half file). Raises StorageFailed."""
    field = field_file.field
    target = field.generate_filename(field_file.instance, name)  # upload_to's fresh name, chosen once
    storage = field_file.storage
    try:
        stored = storage.save(target, content, max_length=field.max_length)
    except OSError as exc:
        _remove(storage, target)
        raise StorageFailed(
            f"{shown_name} could not be stored: the media storage refused the write ({exc.strerror or exc}). Nothing "
            "was saved; try again once there is room (tell whoever runs the site)."
        ) from exc
    # What FieldFile.save does after the write (the descriptor reads an ImageField's width and height).
    field_file.name = stored
    setattr(field_file.instance, field.attname, stored)
    field_file._committed = True


def commit_pending_files(instance, names: list[str], *, shown: dict[str, str]) -> list[str]:
    """Write the model's new (uncommitted) files among ``names`` to storage before the row is saved, so a storage
    failure stops the save with nothing written. Returns what was stored; on failure removes it and raises."""
    stored = []
    for name in names:
        field_file = getattr(instance, name)
        if not field_file or field_file._committed:
            continue
        try:
            save_file(field_file, field_file.name, field_file.file, shown_name=shown.get(name, name))
        except StorageFailed:
            for done in stored:
                _remove(field_file.storage, done)
            raise
        stored.append(field_file.name)
    return stored


def _remove(storage, name: str) -> None:
    try:
        if storage.exists(name):
            storage.delete(name)
    except OSError:  # the storage is failing: log what could not be cleared
        log.exception("could not remove %s after a failed write", name)
