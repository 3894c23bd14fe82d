"""One run of a polled source (feed or wire endpoint), which sources are due, and what a run leaves on record.

A source is polled by one worker at a time (``claimed_until``, taken with one conditional UPDATE, so it works the
same on SQLite and PostgreSQL and a worker that dies lets go when its lease ends). Stories go through
``run_import``, one transaction each, so a run that breaks off leaves whole stories or none. A failed run is
retried at the next interval, doubled for each failure in a row (at most ``MAX_BACKOFF``); other sources are not
held up, since each runs as its own task.
"""

from __future__ import annotations

import tempfile
from datetime import datetime, timedelta
from pathlib import Path

from django.db.models import F, Q
from django.utils import timezone

from ingest.importers import ImportFailure, ImportReport, Outcome, run_import

from .models import OUTCOME_COUNTS, Kind, RunResult, RunVia, Source, SourceRun
from .polling import Document, SourceProblem, fetch_document
from .runs import record_run

LEASE = timedelta(minutes=15)  # longer than any one poll may take (INGEST_TIMEOUT, then the import)
MAX_BACKOFF = timedelta(hours=6)
FORMAT = {Kind.FEED: "auto", Kind.NINJS: "ninjs", Kind.NEWSML: "newsml", Kind.FOLDER: "auto"}


def due(now: datetime | None = None):
    now = now or timezone.now()
    return Source.objects.filter(enabled=True).filter(Q(next_run_at__isnull=True) | Q(next_run_at__lte=now))


def take_due(now: datetime | None = None) -> list[int]:
    """The due sources' ids, each moved on to its next time, so a second scheduler does not queue them again."""
    now = now or timezone.now()
    taken = []
    for source in due(now).only("pk", "next_run_at", "poll_seconds"):
        moved = Source.objects.filter(pk=source.pk, next_run_at=source.next_run_at).update(
            next_run_at=now + timedelta(seconds=source.poll_seconds)
        )
        if moved:
            taken.append(source.pk)
    return taken


def run_source(source: Source) -> SourceRun | None:
    """Poll ``source`` once and import what changed; None when another worker is polling it now."""
    now = timezone.now()
    free = Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    if not Source.objects.filter(free, pk=source.pk).update(claimed_until=now + LEASE):
        return None
    run = SourceRun.objects.create(source=source)
    try:
        document = fetch_document(source)
        if document is None:
            return finish(source, run, result=RunResult.NOT_MODIFIED)
        report = import_document(source, document)
    except (SourceProblem, ImportFailure) as exc:
        return finish(source, run, error=str(exc))
    finally:
        Source.objects.filter(pk=source.pk).update(claimed_until=None)
    return finish(source, run, report=report, document=document)


def import_document(source: Source, document: Document) -> ImportReport:
    with tempfile.TemporaryDirectory(prefix="newsroom-ingest-") as workdir:
        path = Path(workdir) / f"{source.kind}-{source.pk}"
        path.write_bytes(document.body)
        return import_paths(source, [path])


def import_paths(source: Source, paths: list[Path]) -> ImportReport:
    return run_import(
        paths,
        format=FORMAT[source.kind],
        publish=source.publish,
        section=source.section.slug if source.section_id else None,
        source=source.agency,
    )


def _what(source: Source, run: SourceRun) -> str:
    return f"{source.name}: {run.what}" if run.what else source.name


def run_error(report: ImportReport) -> str:
    """A run whose every item failed (garbage, a wrong format) failed as a whole; the reasons say why."""
    if not report.items or any(item.outcome != Outcome.FAILED for item in report.items):
        return ""
    return "; ".join(dict.fromkeys(f"{item.where}: {item.reason}" for item in report.items[:5]))


def finish(
    source: Source,
    run: SourceRun,
    *,
    result: str = RunResult.IMPORTED,
    report: ImportReport | None = None,
    error: str = "",
    document: Document | None = None,
) -> SourceRun:
    now = timezone.now()
    counts = {name: report.count(Outcome(name)) for name in OUTCOME_COUNTS} if report else {}
    error = error or (run_error(report) if report else "")
    run.result, run.error, run.counts, run.finished_at = (RunResult.FAILED if error else result), error, counts, now
    run.save(update_fields=["result", "error", "counts", "finished_at"])
    if run.result == RunResult.FAILED or any(counts.get(name) for name in ("created", "updated", "held", "failed")):
        # Polls that changed something or failed are on the activity page; quiet ones (all unchanged) only here.
        record_run(via=RunVia.INGEST, report=report, what=_what(source, run), error=error)
    changes = {f"{name}_count": F(f"{name}_count") + n for name, n in counts.items()}
    if error:
        failures = source.failures + 1
        backoff = min(timedelta(seconds=source.poll_seconds) * 2 ** min(failures - 1, 16), MAX_BACKOFF)
        changes |= {"failures": failures, "last_error": error, "last_error_at": now, "next_run_at": now + backoff}
    else:
        changes |= {"failures": 0, "last_success_at": now}
        if document is not None:  # only a document that imported is skipped next time by its validators
            changes |= {"etag": document.etag[:500], "last_modified": document.last_modified[:100]}
    Source.objects.filter(pk=source.pk).update(last_run_at=now, **changes)
    return run
