"""The record of each import that wrote stories, for the activity page: who, when, from what, counts, the report.

Written by the callers of ``run_import`` that import for real (the desk's confirmed imports, ``manage.py
import_articles``, ingest polls that imported or failed); dry runs and polls that found nothing new leave none.
"""

from __future__ import annotations

import dataclasses

from ingest.importers import ImportReport, ItemResult, Outcome

from .models import OUTCOME_COUNTS, ImportRun, RunVia

REPORT_LIMIT = 5000  # items kept per run: a 200,000-story archive migration keeps its first 5,000 lines


def record_run(*, via: RunVia, report: ImportReport | None, user=None, what: str = "", error: str = "") -> ImportRun:
    items = report.items if report else []
    counts = {name: sum(1 for item in items if item.outcome == name) for name in OUTCOME_COUNTS}
    counts["skipped"] = sum(1 for item in items if item.outcome == Outcome.SKIPPED)
    return ImportRun.objects.create(
        via=via,
        user=user if getattr(user, "pk", None) else None,
        what=what[:500],
        counts={name: n for name, n in counts.items() if n},
        error=error,
        report=[_stored(item) for item in items[:REPORT_LIMIT]],
    )


def report_of(run: ImportRun) -> ImportReport:
    report = ImportReport(dry_run=False)
    names = {f.name for f in dataclasses.fields(ItemResult)}
    for item in run.report or []:
        kept = {key: value for key, value in item.items() if key in names}
        report.add(ItemResult(**{**kept, "outcome": Outcome(kept["outcome"])}))
    return report


def _stored(item: ItemResult) -> dict:
    data = dataclasses.asdict(item)
    data.pop("preview", None)  # the dry run's story cards: not part of what happened
    return data
