"""Named renditions: the one place that knows picture sizes, crops and formats.

A rendition's file name is derived from the image's content hash, so its URL, width and height are known
from the Image row alone (no query, no file access on a request). Files are made once, when an image is
saved through ``articles.services.save_image`` (or ``manage.py make_renditions``), and reused.

The record (every variant's URL and size, the src, srcsets, width and height a page prints) is worked out once
per picture version and kept in this process (``_record``, an LRU keyed by everything it is made from: the
content hash, the picture's size and focal point, the name and ``MEDIA_URL``), so a page or a feed listing fifty
pictures reads fifty records instead of building them. A new crop or a new file changes the key, never the
record under an old one; the only per-call work is recording the picture's cache key for the page.
"""

from __future__ import annotations

import hashlib
import io
import math
from dataclasses import dataclass, field
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.signals import setting_changed
from PIL import Image as PILImage
from PIL import ImageOps, features

from pagecache import keys as surrogate_keys

FORMATS = ("webp", "jpeg")
ORIENTATION = 0x0112  # the EXIF tag saying how the camera was held

# The formats a picture may arrive in, and the extension its stored file gets. The extension always comes from
# what Pillow found in the bytes, never from the upload's name: a PNG called evil.html must not be stored (and
# then served from the site's own origin) as text/html.
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
if features.check("avif"):
    EXTENSIONS["AVIF"] = "avif"
ACCEPTED = tuple(EXTENSIONS)

# Pillow's own decompression-bomb guard, for every open in this process (make_renditions on a picture stored
# before the limit was lowered): it warns above this and refuses above twice it. check_upload refuses earlier.
PILImage.MAX_IMAGE_PIXELS = settings.NEWSROOM["IMAGE_MAX_PIXELS"]


@dataclass(frozen=True)
class Spec:
    widths: tuple[int, ...]
    ratio: float | None  # width / height to crop to; None keeps the original shape
    sizes: str  # the <img sizes> hint for the layouts it is used in


RENDITIONS: dict[str, Spec] = {
    "thumb": Spec(widths=(160, 320), ratio=3 / 2, sizes="(min-width: 48em) 10rem, 30vw"),
    "card": Spec(widths=(400, 800), ratio=3 / 2, sizes="(min-width: 64em) 25rem, (min-width: 40em) 45vw, 100vw"),
    "hero": Spec(widths=(640, 960, 1280, 1600), ratio=None, sizes="(min-width: 64em) 46rem, 100vw"),
    "social": Spec(widths=(1200,), ratio=1200 / 630, sizes="100vw"),
}


@dataclass(frozen=True)
class Variant:
    url: str
    path: str
    width: int
    height: int
    format: str


@dataclass(frozen=True)
class Rendition:
    name: str
    variants: tuple[Variant, ...]  # every width in every format
    sizes: str
    # Worked out once with the record (templates and feeds read them on every page): see __post_init__.
    fallback: Variant = field(init=False, repr=False, compare=False)
    _srcsets: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        srcsets = {fmt: ", ".join(f"{v.url} {v.width}w" for v in self._in(fmt)) for fmt in FORMATS}
        object.__setattr__(self, "_srcsets", srcsets)
        # The largest JPEG: for <img src>, og:image, feeds.
        object.__setattr__(self, "fallback", self._in("jpeg")[-1])

    def _in(self, fmt: str) -> list[Variant]:
        return [v for v in self.variants if v.format == fmt]

    @property
    def src(self) -> str:
        return self.fallback.url

    @property
    def width(self) -> int:
        return self.fallback.width

    @property
    def height(self) -> int:
        return self.fallback.height

    def srcset(self, fmt: str = "jpeg") -> str:
        return self._srcsets[fmt]

    @property
    def webp_srcset(self) -> str:
        return self._srcsets["webp"]


def _size(image, spec: Spec, width: int) -> tuple[int, int]:
    if spec.ratio is None:
        return width, max(1, round(width * image.height / image.width))
    return width, max(1, round(width / spec.ratio))


def _widths(image, spec: Spec) -> list[int]:
    """Never upscale: widths above the original are dropped, keeping at least the original's width."""
    fitting = [w for w in spec.widths if w <= image.width]
    return fitting or [min(spec.widths[0], image.width)]


@dataclass(frozen=True)
class Shortfall:
    """A picture too small for a named rendition: the size the rendition is made at, and the picture's own."""

    name: str
    needs: tuple[int, int | None]  # width, and height for a crop (None: any height)
    has: tuple[int, int]


def needed_size(name: str) -> tuple[int, int | None]:
    spec = RENDITIONS[name]
    width = spec.widths[-1]
    return width, (round(width / spec.ratio) if spec.ratio else None)


def too_small(image, name: str) -> Shortfall | None:
    """The one rule for "too small": the picture cannot make the rendition's largest size without being enlarged
    (``_widths`` then drops that size, and the layout shows the picture soft). For a crop both sides must fit."""
    width, height = needed_size(name)
    if image.width >= width and (height is None or image.height >= height):
        return None
    return Shortfall(name=name, needs=(width, height), has=(image.width, image.height))


def rendition(image, name: str) -> Rendition:
    surrogate_keys.record(surrogate_keys.picture(image.pk))  # the page shows it: its caption or crop may change
    return _record(
        image.content_hash, image.width, image.height, image.focal_x, image.focal_y, name, settings.MEDIA_URL
    )


@dataclass(frozen=True)
class _Version:
    """What a rendition record is made from: everything on the Image row that changes its files or sizes."""

    content_hash: str
    width: int
    height: int
    focal_x: float
    focal_y: float


@lru_cache(maxsize=8192)  # 4 names a picture: the last 2,000 pictures shown, about 4 MB
def _record(content_hash, width, height, focal_x, focal_y, name: str, media_url: str) -> Rendition:
    image = _Version(content_hash, width, height, focal_x, focal_y)
    spec = RENDITIONS[name]
    variants = []
    for fmt in FORMATS:
        for size in _widths(image, spec):
            w, h = _size(image, spec, size)
            path = f"renditions/{content_hash[:2]}/{content_hash}/{name}-{w}x{h}{_crop_mark(image, spec)}.{_ext(fmt)}"
            variants.append(Variant(url=media_url + path, path=path, width=w, height=h, format=fmt))
    return Rendition(name=name, variants=tuple(variants), sizes=spec.sizes)


def _forget_records(*, setting, **kwargs) -> None:
    if setting in {"MEDIA_URL", "STORAGES"}:  # tests move media about
        _record.cache_clear()


setting_changed.connect(_forget_records)


def _crop_mark(image, spec: Spec) -> str:
    """Cropped renditions carry the focal point in their name: moving it makes new files (and new URLs, so no
    cache anywhere keeps showing the old crop)."""
    if spec.ratio is None:
        return ""
    return f"-f{round(image.focal_x * 100)}-{round(image.focal_y * 100)}"


def _ext(fmt: str) -> str:
    return "jpg" if fmt == "jpeg" else fmt


def _crop(picture: PILImage.Image, image, ratio: float | None) -> PILImage.Image:
    """Crop to the ratio keeping the focal point as central as the frame allows."""
    if ratio is None:
        return picture
    width, height = picture.size
    if width / height > ratio:
        new_w = round(height * ratio)
        left = min(max(0, round(image.focal_x * width - new_w / 2)), width - new_w)
        return picture.crop((left, 0, left + new_w, height))
    new_h = round(width / ratio)
    top = min(max(0, round(image.focal_y * height - new_h / 2)), height - new_h)
    return picture.crop((0, top, width, top + new_h))


def make_renditions(image, *, force: bool = False) -> int:
    """Write every rendition file that does not exist yet; returns how many were written.

    Fast enough to run inside an upload (the desk makes them before answering, so no page ever links a rendition
    that is not there yet): the original is decoded and shrunk once to the largest size any rendition takes from
    it, and every rendition is cut from that copy. A 24-megapixel camera JPEG then costs about what a 1600-pixel
    one does, 0.6 s instead of 1.5 s (JPEG's own reduced decoding, ``draft``, skips most of the pixels)."""
    missing = {name: [v for v in rendition(image, name).variants if force or _missing(v)] for name in RENDITIONS}
    if not any(missing.values()):
        return 0  # the usual case for the worker's run after an upload made them: nothing is decoded
    written = 0
    with image.file.open("rb") as fh:
        original = _working_copy(PILImage.open(fh, formats=ACCEPTED), _largest_scale(image))
    for name, spec in RENDITIONS.items():
        cropped = _crop(original, image, spec.ratio)
        by_size: dict[tuple[int, int], list[Variant]] = {}
        for variant in missing[name]:
            by_size.setdefault((variant.width, variant.height), []).append(variant)
        for size, variants in by_size.items():
            # One resize serves both formats; reducing_gap shrinks by whole factors first (much faster).
            resized = cropped.resize(size, PILImage.Resampling.LANCZOS, reducing_gap=3.0)
            for variant in variants:
                _write(resized, variant)
                written += 1
    return written


def file_names(image) -> list[str]:
    """Every rendition file the picture has (or will have), by its stored name."""
    return [variant.path for name in RENDITIONS for variant in rendition(image, name).variants]


def _missing(variant: Variant) -> bool:
    """Not there, or empty (what a write on a full disk leaves): served, it would be a broken picture."""
    return not default_storage.exists(variant.path) or default_storage.size(variant.path) == 0


def _largest_scale(image) -> float:
    """The largest share of the original's size any rendition needs (1.0: one needs every pixel)."""
    scale = 0.0
    for name, spec in RENDITIONS.items():
        crop_w, crop_h = image.width, image.height
        if spec.ratio is not None and image.width / image.height > spec.ratio:
            crop_w = max(1, round(image.height * spec.ratio))
        elif spec.ratio is not None:
            crop_h = max(1, round(image.width / spec.ratio))
        for variant in rendition(image, name).variants:
            scale = max(scale, variant.width / crop_w, variant.height / crop_h)
    return min(1.0, scale)


def _working_copy(picture: PILImage.Image, scale: float) -> PILImage.Image:
    """The upright RGB picture at ``scale`` of its size (a couple of pixels more, never fewer)."""
    size = (math.ceil(picture.width * scale) + 2, math.ceil(picture.height * scale) + 2)
    turned = picture.getexif().get(ORIENTATION, 1) in {5, 6, 7, 8}  # exif_transpose swaps width and height
    if scale < 0.5:  # JPEG only: decoded at 1/2, 1/4 or 1/8 of its size, never below ``size``
        picture.draft("RGB", size)
    picture = ImageOps.exif_transpose(picture).convert("RGB")
    size = size[::-1] if turned else size
    if scale < 0.9 and picture.width > size[0] and picture.height > size[1]:
        picture = picture.resize(size, PILImage.Resampling.LANCZOS, reducing_gap=3.0)
    return picture


def _write(picture: PILImage.Image, variant: Variant) -> None:
    buffer = io.BytesIO()
    if variant.format == "webp":
        picture.save(buffer, "WEBP", quality=78, method=2)
    else:
        picture.save(buffer, "JPEG", quality=82, optimize=True, progressive=True)
    if default_storage.exists(variant.path):
        default_storage.delete(variant.path)
    default_storage.save(variant.path, io.BytesIO(buffer.getvalue()))


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def stored_name(fmt: str) -> str:
    """The name a picture is saved under (``original_upload_to`` makes it unguessable): its extension is the
    detected format's, so the web server's MIME type matches what the bytes are."""
    return f"original.{EXTENSIONS[fmt]}"


def check_upload(data: bytes, *, name: str = "upload") -> tuple[int, int, str]:
    """Refuse anything that is not a real picture within the size limits; returns (width, height, format).

    The pixel count comes from the header, before anything is decoded: a 60-megapixel picture would otherwise
    cost seconds of a request (and its renditions more) before being refused."""
    limits = settings.NEWSROOM
    if len(data) > limits["IMAGE_MAX_BYTES"]:
        mb = limits["IMAGE_MAX_BYTES"] // (1024 * 1024)
        raise ValidationError(f"{name}: the file is {len(data) / 1048576:.1f} MB; the limit is {mb} MB.")
    try:
        with PILImage.open(io.BytesIO(data)) as probe:
            width, height, fmt = probe.width, probe.height, probe.format
            if fmt not in ACCEPTED:
                raise ValidationError(f"{name}: {fmt} pictures are not accepted; use {_accepted_names()}.")
            if width * height > limits["IMAGE_MAX_PIXELS"]:
                raise ValidationError(
                    f"{name}: {width}×{height} pixels is more than the {limits['IMAGE_MAX_PIXELS']:,} allowed; "
                    "make it smaller and upload it again."
                )
            probe.verify()
    except ValidationError:
        raise
    except (OSError, SyntaxError, ValueError, PILImage.DecompressionBombError) as exc:
        raise ValidationError(f"{name}: not a picture Newsroom can read ({_accepted_names()}).") from exc
    return width, height, fmt


def _accepted_names() -> str:
    names = ["WebP" if fmt == "WEBP" else fmt for fmt in ACCEPTED]
    return ", ".join(names[:-1]) + " or " + names[-1]
