"""manage.py import_articles PATH… — agency copy, feeds, WordPress exports, pages and plain text into drafts."""

import sys

from django.core.management.base import BaseCommand, CommandError

from ingest.importers.detect import FORMATS
from ingest.importers.records import ImportFailure, ImportReport, ItemResult, Outcome
from ingest.importers.run import run_import
from ingest.runs import RunVia, record_run

FORMAT_CHOICES = list(FORMATS)


class Command(BaseCommand):
    help = "Import stories (ninjs, NewsML-G2, NITF, RSS/Atom, WordPress WXR, HTML, plain text; files, folders, zips)."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--format", default="auto", choices=FORMAT_CHOICES)
        parser.add_argument("--dry-run", action="store_true", help="Write nothing; report what would happen.")
        parser.add_argument("--publish", action="store_true", help="Publish stories instead of leaving drafts.")
        parser.add_argument("--section", metavar="SLUG", help="Section for stories that do not name a known one.")
        parser.add_argument("--source", metavar="NAME", help="Agency/source for stories that do not name one.")
        parser.add_argument("--images", metavar="DIR", help="Folder holding the pictures the files refer to.")

    def handle(self, *args, **options):
        progress, bar = self._progress()
        try:
            report = run_import(
                options["paths"],
                format=options["format"],
                dry_run=options["dry_run"],
                publish=options["publish"],
                section=options["section"],
                source=options["source"],
                images_dir=options["images"],
                progress=progress,
            )
        except ImportFailure as exc:
            raise CommandError(str(exc)) from None
        finally:
            if bar is not None:
                bar.close()
        if not options["dry_run"]:  # the activity page lists every run that wrote
            record_run(via=RunVia.COMMAND, report=report, what=", ".join(options["paths"]))
        self._print(report)
        if report.failed:
            sys.exit(1)

    def _progress(self):
        """A progress bar only when a person is watching; logs and pipes get the report alone."""
        if not (hasattr(self.stdout, "isatty") and self.stdout.isatty()):
            return None, None
        from tqdm import tqdm

        bar = tqdm(unit=" stories", desc="Importing", file=sys.stderr, leave=False)

        def advance(result: ItemResult) -> None:
            bar.update(1)

        return advance, bar

    def _print(self, report: ImportReport) -> None:
        styles = {
            Outcome.CREATED: self.style.SUCCESS,
            Outcome.UPDATED: self.style.SUCCESS,
            Outcome.UNCHANGED: str,
            Outcome.SKIPPED: self.style.WARNING,
            Outcome.HELD: self.style.WARNING,
            Outcome.FAILED: self.style.ERROR,
        }
        for item in report.items:
            line = f"{item.outcome.value:>9}  {item.where}"
            if item.headline:
                line += f"  “{item.headline}”"
            if item.changed_fields:
                line += f"  changed: {', '.join(item.changed_fields)}"
            if item.reason:
                line += f"  — {item.reason}"
            self.stdout.write(styles[item.outcome](line))
            for warning in item.warnings:
                self.stdout.write(self.style.WARNING(f"{'':>11}warning: {warning}"))
        counts = ", ".join(f"{n} {name}" for name, n in report.summary().items() if n)
        prefix = "Dry run (nothing written): " if report.dry_run else ""
        summary = f"{prefix}{counts or 'nothing to import'}."
        self.stdout.write(self.style.ERROR(summary) if report.failed else self.style.SUCCESS(summary))
