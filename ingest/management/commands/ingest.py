"""``manage.py ingest [--source NAME] [--once]``: poll due sources here, for sites that run it from cron."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from ingest import folders, sources
from ingest.models import Kind, RunResult, Source


class Command(BaseCommand):
    help = "Poll the sources that are due (or the one named) in this process; --once to stop after one round."

    def add_arguments(self, parser):
        parser.add_argument("--source", help="Poll this source now, due or not.")
        parser.add_argument("--once", action="store_true", help="One round, then exit (for cron).")

    def handle(self, *, source, once, **options):
        while True:
            if source:
                found = Source.objects.filter(name=source).first()
                if found is None:
                    raise CommandError(f"there is no source {source!r}")
                chosen = [found]
            else:
                chosen = list(Source.objects.filter(pk__in=sources.take_due()))
            for item in chosen:
                self.poll(item)
            if once or source:
                return
            time.sleep(1)

    def poll(self, source: Source) -> None:
        if source.kind == Kind.FOLDER:
            runs = [folders.import_file(source, name) for name in folders.waiting_files(source)]
        else:
            runs = [sources.run_source(source)]
        for run in filter(None, runs):
            counts = ", ".join(f"{n} {name}" for name, n in run.counts.items() if n) or "nothing new"
            label = f"{source.name}{f' ({run.what})' if run.what else ''}"
            if run.result == RunResult.FAILED:
                self.stdout.write(self.style.ERROR(f"{label}: {run.error}"))
            else:
                self.stdout.write(self.style.SUCCESS(f"{label}: {run.get_result_display().lower()}; {counts}"))
