"""The shared shape every importer produces, and the report every import returns.

A format module turns a file into ``ImportedStory`` objects (pure parsing, no database);
``ingest.importers.write`` turns those into articles. Keeping the two apart lets one
writer serve every format and lets parsers be tested without a database.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime


class ImportFailure(Exception):
    """A whole file cannot be read (malformed XML/JSON, wrong format, entity bomb...).

    ``where`` names the place: a file name, with a line or item index when known.
    """

    def __init__(self, message: str, *, where: str = ""):
        super().__init__(f"{where}: {message}" if where else message)
        self.message = message
        self.where = where


class ItemError(ImportFailure):
    """One item cannot be imported (missing headline, bad date...); the rest of the batch goes on."""

    def __init__(self, message: str, *, where: str = "", field: str = ""):
        super().__init__(message, where=where)
        self.field = field


@dataclass
class ImportedImage:
    """A picture attached to a story.

    ``source`` is where the bytes come from: an http(s) URL, a ``data:`` URL, or a path relative to
    the imported file (or inside the imported zip). Empty means a placeholder: the caption and credit
    are kept and the missing file is reported.
    """

    source: str = ""
    caption: str = ""
    credit: str = ""
    alt: str = ""
    role: str = "inline"  # "lead" or "inline"
    mime_type: str = ""
    width: int | None = None
    height: int | None = None
    # Key used in ImportedStory.body_html: <figure data-import-image="KEY"> marks where it goes.
    key: str = ""


@dataclass
class ImportedStory:
    """One story as read from a source, before it touches the database."""

    guid: str  # stable identifier from the source (ninjs uri, NewsML guid, NITF doc-id, WP guid...)
    headline: str
    version: int | None = None
    standfirst: str = ""
    # Body as HTML (unsanitised: the model sanitises on save). Inline pictures are placed as
    # <figure data-import-image="KEY"></figure> where KEY matches an ImportedImage.key; the
    # writer replaces them with the library image, its caption and credit.
    body_html: str = ""
    byline: str = ""  # as printed, without a leading "By "
    authors: list[str] = field(default_factory=list)  # person names when the source tells them apart
    source_name: str = ""  # agency/organisation: "Press Association", "AP", "Reuters"
    published_at: datetime | None = None  # aware datetimes only
    first_published_at: datetime | None = None
    updated_at: datetime | None = None
    section: str = ""  # a section name or slug hint ("World", "sport")
    regions: list[str] = field(default_factory=list)  # place names, most specific first is fine
    topics: list[str] = field(default_factory=list)  # topic names
    topic_codes: list[str] = field(default_factory=list)  # IPTC Media Topic qcodes: "medtop:11000000"
    images: list[ImportedImage] = field(default_factory=list)
    canonical_url: str = ""
    language: str = ""
    status: str = ""  # "published" or "draft" when the source says (WordPress); empty = importer default
    seo_title: str = ""
    seo_description: str = ""
    warnings: list[str] = field(default_factory=list)  # schema/dialect problems worked around
    where: str = ""  # "file.xml", "file.xml item 3", "file.xml line 120" — for the report
    embargo_until: datetime | None = None  # not to be published before this (aware)
    expires_at: datetime | None = None  # rights-limited: leaves the site at this time (aware)
    # What the agency says of this version, as IPTC signal codes ("sig:update": it adds to what came before).
    signals: list[str] = field(default_factory=list)
    pub_status: str = ""  # the agency's word, lower case: "usable", "withheld", "canceled"...; empty = usable

    @property
    def lead_image(self) -> ImportedImage | None:
        return next((image for image in self.images if image.role == "lead"), None)


@dataclass
class ParsedItem:
    """What a parser yields for each item: a story, or the reason this item could not be read."""

    story: ImportedStory | None = None
    error: ItemError | None = None
    # What the copy says of its section without naming it ("Latest World News", a kicker): offered to the
    # editor as a suggestion, never applied by itself (so not part of the story, nor of its digest).
    section_signals: list[str] = field(default_factory=list)


class Outcome(enum.StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    HELD = "held"  # a newer version arrived but an editor changed the story since the last import
    SKIPPED = "skipped"
    FAILED = "failed"


@dataclass
class ItemResult:
    where: str
    outcome: Outcome
    headline: str = ""
    guid: str = ""
    reason: str = ""  # why it failed/was held/skipped
    changed_fields: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    article_id: int | None = None
    # A dry run's card for the editor: the story as it would be filed, and the tags the copy suggests.
    preview: dict = field(default_factory=dict)


@dataclass
class ImportReport:
    dry_run: bool = False
    items: list[ItemResult] = field(default_factory=list)

    def add(self, result: ItemResult) -> None:
        self.items.append(result)

    def count(self, outcome: Outcome) -> int:
        return sum(1 for item in self.items if item.outcome == outcome)

    @property
    def failed(self) -> bool:
        return any(item.outcome == Outcome.FAILED for item in self.items)

    def summary(self) -> dict[str, int]:
        return {outcome.value: self.count(outcome) for outcome in Outcome}
