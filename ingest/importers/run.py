"""``run_import``: files, zips and folders in; one report out. The service behind the command and the admin page.

Parsers stream, so memory stays flat however long the file; each story is written in its own
transaction, so a failure leaves no trace of that story and does not stop the others.
"""

from __future__ import annotations

import hashlib
import logging
import tempfile
from collections.abc import Callable
from pathlib import Path

from articles.models import Article, Section
from articles.permissions import may_publish

from . import preview, suggest
from .detect import PARSERS, ImportFile, detect_format, expand
from .fetch import ImageFetcher
from .lookups import Lookups
from .pictures import Where
from .records import ImportFailure, ImportReport, ItemResult, Outcome, ParsedItem
from .write import Options, import_story, stored_guid, writes_story

logger = logging.getLogger(__name__)


def run_import(
    paths,
    *,
    format: str = "auto",
    dry_run: bool = False,
    publish: bool = False,
    section: str | None = None,
    source: str | None = None,
    images_dir=None,
    user=None,
    progress: Callable[[ItemResult], None] | None = None,
    fetch_remote: bool = True,
    strict: bool = False,
    preview: bool = False,
    confirmed: dict[str, dict] | None = None,
) -> ImportReport:
    """Import every story in ``paths``. ``strict`` re-raises unexpected errors (for conformance runs).

    ``preview``: each item's result carries a card of the story and the tags its copy suggests, applied as if
    ticked (the desk's dry run); ``confirmed``: the suggestions the editor kept, by story guid, added to those
    stories (its confirm). The rule for suggestions, the same on every route, is ``suggest``'s docstring."""
    paths = list(paths)
    options = Options(
        lookups=Lookups(),
        fetcher=ImageFetcher(images_dir=images_dir, fetch_remote=fetch_remote),
        dry_run=dry_run,
        publish=publish,
        section=find_section(section),
        source=(source or "").strip(),
        user=user,
        # Command-line runs have no user and may do anything; an admin user changes live stories only as an editor.
        can_publish=may_publish(user),
    )
    run = _Run(
        options,
        ImportReport(dry_run=dry_run),
        format=format,
        images_dir=images_dir,
        progress=progress or (lambda result: None),
        strict=strict,
        single_file=len(paths) == 1,
        preview=preview,
        confirmed=confirmed or {},
    )
    with tempfile.TemporaryDirectory(prefix="newsroom-import-") as workdir:
        for path in paths:
            try:
                for file in expand([Path(path)], workdir=Path(workdir)):
                    run.file(file)
            except ImportFailure as exc:
                run.add(ItemResult(where=exc.where or Path(path).name, outcome=Outcome.FAILED, reason=exc.message))
    return run.report


def find_section(slug: str | None) -> Section | None:
    if not slug:
        return None
    section = Section.objects.filter(slug=slug).first() or Section.objects.filter(name__iexact=slug).first()
    if section is None:
        raise ImportFailure(f"there is no section {slug!r}")
    return section


class _Run:
    def __init__(
        self,
        options: Options,
        report: ImportReport,
        *,
        format: str,
        images_dir,
        progress,
        strict: bool,
        single_file,
        preview: bool = False,
        confirmed: dict[str, dict] | None = None,
    ):
        self.options, self.report, self.format, self.single_file = options, report, format, single_file
        self.images_dir, self.progress, self.strict = images_dir, progress, strict
        self.preview, self.confirmed = preview, confirmed or {}

    def add(self, result: ItemResult) -> None:
        self.report.add(result)
        self.progress(result)

    def file(self, file: ImportFile) -> None:
        try:
            fmt = self.format if self.format != "auto" else detect_format(file.path, name=file.name)
        except ImportFailure as exc:
            # Inside a zip or folder, a file nobody reads (a README, a stylesheet) is passed over, not a failure.
            outcome = Outcome.SKIPPED if file.in_container else Outcome.FAILED
            self.add(ItemResult(where=file.name, outcome=outcome, reason=exc.message))
            return
        if file.in_container and fmt == "text" and file.path.suffix.lower() != ".txt":
            self.add(ItemResult(where=file.name, outcome=Outcome.SKIPPED, reason="not a story file"))
            return
        kwargs = {}
        if fmt == "text":
            kwargs = {"images_dir": self.images_dir, "by_order": self.single_file and not file.in_container}
        where = Where(base=file.path.resolve().parent, root=file.root)
        seen = len(self.report.items)
        try:
            for parsed in PARSERS[fmt].parse(file.path, name=file.name, **kwargs):
                self.add(self.item(parsed, where, file.name))
        except ImportFailure as exc:
            self.add(ItemResult(where=exc.where or file.name, outcome=Outcome.FAILED, reason=exc.message))
        except Exception as exc:
            if self.strict:
                raise
            logger.exception("import of %s stopped", file.name)
            self.add(ItemResult(where=file.name, outcome=Outcome.FAILED, reason=f"could not be read ({exc})"))
        if len(self.report.items) == seen:
            self.add(ItemResult(where=file.name, outcome=Outcome.SKIPPED, reason="no stories in this file"))

    def suggestions(self, story, *, key: str, section_signals: list[str]) -> tuple[dict | None, suggest.Additions]:
        """A dry run's card, offering the suggestions ticked and applying them all, as the confirm that keeps them
        will; or, outside the dry run's cards, the suggestions the editor left ticked (none off the desk)."""
        if self.preview and len(self.report.items) < preview.MAX_CARDS:
            offered = suggest.suggest(story, section_signals=section_signals, article=_imported(story.guid))
            card = preview.card(story, key=key, default=self.options.section, suggestions=offered)
            return card, suggest.Additions(chosen=offered, section_signals=section_signals)
        return None, suggest.Additions.ticked(self.confirmed.get(key), section_signals=section_signals)

    def item(self, parsed: ParsedItem, where: Where, file_name: str) -> ItemResult:
        if parsed.error is not None or parsed.story is None:
            error = parsed.error
            reason = error.message if error else "nothing to import"
            if error and error.field:
                reason += f" (field: {error.field})"
            return ItemResult(where=(error.where if error else "") or file_name, outcome=Outcome.FAILED, reason=reason)
        story = parsed.story
        if not story.guid:
            story.guid = "import:" + hashlib.sha256(f"{file_name}\n{story.headline}".encode()).hexdigest()[:32]
            story.warnings.append("the source gives no identifier; one was made from the file name and headline")
        key = story.guid  # before import_story fits it to the field: the same key in the dry run and the confirm
        card, additions = self.suggestions(story, key=key, section_signals=parsed.section_signals)
        try:
            result = import_story(story, options=self.options, where=where, file_name=file_name, additions=additions)
        except Exception as exc:
            self.options.forget_attempt()
            if self.strict and not isinstance(exc, ImportFailure):
                raise
            logger.warning("import of %s failed", story.where, exc_info=not isinstance(exc, ImportFailure))
            reason = exc.message if isinstance(exc, ImportFailure) else f"not saved: {exc}"
            return ItemResult(
                where=story.where or file_name,
                outcome=Outcome.FAILED,
                headline=story.headline,
                guid=story.guid,
                reason=reason,
                warnings=list(story.warnings),
            )
        if self.options.dry_run:
            self.options.lookups.item_rolled_back()
        self.options.lookups.item_committed()
        self.options.new_files.clear()
        if card is not None:
            if not writes_story(result):  # left alone (unchanged, held, skipped): there is nothing to tick
                card["suggestions"] = suggest.Suggestions().as_dict()
            result.preview = card
        return result


def _imported(guid: str) -> Article | None:
    """The article an earlier import made of ``guid``: what it carries is not offered again."""
    return Article.objects.filter(source_guid=stored_guid(guid)).first()
