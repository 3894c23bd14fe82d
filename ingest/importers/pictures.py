"""An imported story's pictures -> library images, placed in the body as the house figure markup.

Markers ``<figure data-import-image="KEY"></figure>`` from the parsers become
``<figure data-image-id="ID"><img src alt><figcaption>Caption <span class="credit">(Credit)</span></figcaption>``,
which is what the editor writes and ``services.sync_inline_images`` reads back. A picture that cannot be
had (no file, a fetch refused) is kept as a placeholder paragraph where it stood, "Picture missing: Caption
(Credit)", for the editor to replace with a picture from the library (a lead picture's at the top of the body);
the item's report says so once, in one line. A paragraph, not a figure without an image: the editor's figure
must hold an image, and would drop the caption and credit on the first save.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.html import escape

from articles import body, renditions, services
from articles.models import Image

from .fetch import ImageFetcher, ImageProblem
from .records import ImportedImage, ImportedStory

MISSING = body.MISSING_PICTURE
_PARSER_PLACEHOLDER = ": kept as a placeholder"
_MARKER = re.compile(r'<figure\b[^>]*\bdata-import-image="([^"]*)"[^>]*>.*?</figure>', re.S | re.I)


@dataclass
class Placed:
    body: str
    lead: Image | None = None
    lead_caption: str = ""
    lead_alt: str = ""
    # Written to storage by this item, removed if it rolls back: the caller's own list, so a picture saved before
    # a later one raises is still known to it.
    new_files: list[str] = field(default_factory=list)


@dataclass
class Where:
    base: Path  # folder of the import file
    root: Path  # folder nothing may escape (a zip's)


def place_pictures(
    story: ImportedStory,
    *,
    fetcher: ImageFetcher,
    where: Where,
    dry_run: bool,
    user,
    warnings: list[str],
    new_files: list[str] | None = None,
) -> Placed:
    """``new_files`` collects the names of files saved to storage as they are saved (pass the run's list)."""
    placer = _Placer(fetcher, where, dry_run=dry_run, user=user, warnings=warnings)
    if new_files is not None:
        placer.placed.new_files = new_files
    placed = placer.placed
    if any(not picture.source.strip() for picture in story.images):
        # Parsers note a picture without a file ("…: kept as a placeholder"); the placer says it once, with its caption.
        warnings[:] = [warning for warning in warnings if not warning.endswith(_PARSER_PLACEHOLDER)]
    marked = {match.group(1) for match in _MARKER.finditer(story.body_html)}
    rows: dict[str, Image | None] = {}
    lead_missing = ""
    for number, picture in enumerate(story.images, start=1):
        named = f" “{_short(picture.caption)}”" if picture.caption.strip() else ""
        label = f"Picture {number}{named}"
        if picture is story.lead_image:
            placed.lead = placer.library_image(picture, f"Lead picture{named}")
            placed.lead_caption, placed.lead_alt = _caption(picture), picture.alt.strip()
            lead_missing = _missing(picture) if placed.lead is None else ""
        elif picture.key in marked:
            rows[picture.key] = placer.library_image(picture, label)
    by_key = {picture.key: picture for picture in story.images if picture.key in rows}

    def figure(match: re.Match) -> str:
        key = match.group(1)
        return _figure(rows[key], by_key[key]) if key in by_key else ""

    placed.body = lead_missing + _MARKER.sub(figure, story.body_html)
    return placed


class _Placer:
    def __init__(self, fetcher: ImageFetcher, where: Where, *, dry_run: bool, user, warnings: list[str]):
        self.fetcher, self.where, self.dry_run, self.user = fetcher, where, dry_run, user
        self.warnings, self.placed = warnings, Placed(body="")

    def library_image(self, picture: ImportedImage, label: str) -> Image | None:
        if not picture.source.strip():
            self.warnings.append(f"{label} has no file: a placeholder stands in for it; choose one from the library")
            return None
        try:
            fetched = self.fetcher.fetch(picture.source, base=self.where.base, root=self.where.root)
            renditions.check_upload(fetched.data, name=fetched.filename)  # so a dry run reports refusals too
            if self.dry_run:
                return services.find_duplicate_image(fetched.data)  # None: it would be added
            image, created = services.save_image(
                data=fetched.data,
                filename=fetched.filename,  # kept as data; the stored name comes from the detected format
                alt_text=picture.alt.strip()[:300],
                caption=_caption(picture),
                credit=picture.credit.strip()[:200],
                source=fetched.origin[:200],
                user=self.user,
            )
        except ImageProblem as exc:
            self.warnings.append(f"{label} could not be fetched ({exc}): a placeholder stands in for it")
            return None
        except ValidationError as exc:
            self.warnings.append(f"{label} was refused ({' '.join(exc.messages)}): a placeholder stands in for it")
            return None
        if created:
            self.placed.new_files.append(image.file.name)
            # An imported story may go out at once (--publish, a polled feed): its pictures' sizes are made here,
            # before the story is saved, so no reader's page links a rendition still waiting for the worker. They
            # are this item's files too: a rolled-back item takes them with it.
            renditions.make_renditions(image)
            self.placed.new_files.extend(renditions.file_names(image))
        return image


def _caption(picture: ImportedImage) -> str:
    return picture.caption.strip()


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _missing(picture: ImportedImage) -> str:
    """The placeholder for a picture that could not be had: its caption and credit, marked for the editor."""
    caption, credit = escape(_caption(picture)), escape(picture.credit.strip())
    if not (caption or credit):
        return ""
    words = [caption] if caption else []
    words += [f'<span class="credit">({credit})</span>'] if credit else []
    return f"<p><strong>{MISSING}</strong> {' '.join(words)}</p>"


def _figure(row: Image | None, picture: ImportedImage) -> str:
    if row is None:
        return _missing(picture)
    return body.figure_html(
        image_id=row.pk if row else None,
        src=row.file.url if row else "",
        alt=picture.alt,
        caption=_caption(picture),
        credit=picture.credit,
    )
