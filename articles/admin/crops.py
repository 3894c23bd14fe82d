"""What the desk shows of a picture's crops: the focal point picker's previews, and "too small" in words.

The sizes and the rule itself are ``articles.renditions``' (``RENDITIONS``, ``too_small``); this module only says
where each rendition appears, in an editor's terms, and places previews the way ``renditions._crop`` cuts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.html import format_html, format_html_join

from articles import renditions

# Where readers meet each rendition.
USES = {
    "thumb": "thumbnails in lists",
    "card": "story cards on fronts and section pages",
    "hero": "the story page’s lead and body pictures",
    "social": "link previews when the story is shared",
}
LEAD = ("hero", "card", "thumb", "social")  # a lead picture appears in all of them
BODY = ("hero",)  # a picture in the body is drawn from the hero rendition (articles.body)


def shortfall_text(shortfall: renditions.Shortfall) -> str:
    has = "×".join(str(side) for side in shortfall.has)
    return f"Too small for {USES[shortfall.name]} ({shortfall.name}: needs {_needs(shortfall)}, this is {has})"


def _needs(shortfall: renditions.Shortfall) -> str:
    width, height = shortfall.needs
    return f"{width}×{height}" if height else f"{width} px wide"


def size_warnings(image, names: Iterable[str]) -> list[str]:
    """One sentence per named rendition the picture is too small for."""
    found = (renditions.too_small(image, name) for name in names)
    return [shortfall_text(shortfall) for shortfall in found if shortfall]


def warning_list(lines: list[str]):
    """The warnings as the desk shows them: a list in the warning style (static/css/desk-pictures.css), or nothing."""
    if not lines:
        return ""
    items = format_html_join("", "<li>{}</li>", ((line,) for line in lines))
    return format_html('<ul class="picture-too-small">{}</ul>', items)


def lead_warnings(article):
    """Beside an article's lead picture: too small for any of the places a lead appears."""
    return warning_list(size_warnings(article.lead_image, LEAD)) if article.lead_image_id else ""


def body_warnings(article):
    """Under an article's body: each picture placed in it that is too small for the story page (one query)."""
    if not article.pk:
        return ""
    lines = []
    for use in article.inline_images.select_related("image"):
        name = use.alt_text or use.image.alt_text or use.image.original_name or f"picture {use.image_id}"
        lines += [f"In the body, “{name}”: {text[0].lower()}{text[1:]}" for text in size_warnings(use.image, BODY)]
    return warning_list(lines)


def object_position(image, ratio: float | None, *, focal_x: float, focal_y: float) -> tuple[float, float]:
    """CSS object-position (0..1 each way) showing the part ``renditions._crop`` keeps: the focal point as central
    as the frame allows. static/js/focal-point.js does the same sums as the point moves."""
    if ratio is None or not (image.width and image.height):
        return 0.5, 0.5
    if image.width / image.height > ratio:  # cut at the sides
        kept = image.height * ratio
        return _clamp((focal_x * image.width - kept / 2) / (image.width - kept)), 0.5
    kept = image.width / ratio
    if image.height == kept:
        return 0.5, 0.5
    return 0.5, _clamp((focal_y * image.height - kept / 2) / (image.height - kept))


def _clamp(value: float) -> float:
    return min(1.0, max(0.0, value))


@dataclass(frozen=True)
class Preview:
    name: str
    use: str
    ratio: float  # the frame's width / height
    crops: bool
    width: int
    height: int
    position: tuple[float, float]
    warning: str


def previews(image) -> list[Preview]:
    shown = []
    for name, spec in renditions.RENDITIONS.items():
        made = renditions.rendition(image, name)
        shortfall = renditions.too_small(image, name)
        ratio = spec.ratio or (image.width / image.height if image.height else 1.5)
        position = object_position(image, spec.ratio, focal_x=image.focal_x, focal_y=image.focal_y)
        warning = f"Too small: needs {_needs(shortfall)}" if shortfall else ""
        shown.append(
            Preview(name, USES[name], ratio, spec.ratio is not None, made.width, made.height, position, warning)
        )
    return shown


def render_picker(image) -> str:
    """The picture to click on, its marker and a preview of every named crop (templates/admin/articles/image/)."""
    hero = renditions.rendition(image, "hero")
    return render_to_string(
        "admin/articles/image/_focal_point.html",
        {"image": image, "hero": hero, "previews": previews(image)},
    )
