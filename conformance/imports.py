"""Import every sample file twice, as a user would, and judge each one.

A file passes when it imports stories (and a second import of it changes nothing), or when it is
refused cleanly for a reason that fits it: malformed on purpose, not a story (pictures, planning,
concepts), or a format Newsroom does not read. A crash, or a file that yields nothing without saying
why, fails. Pictures on the web are not fetched, so the run is offline and repeatable.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

FOLDERS = ("01-wire-formats", "02-wordpress-wxr", "03-article-html", "04-feeds")
IGNORED = re.compile(r"(^|/)(schemas/|SOURCES\.md$|README\.md$)|\.xslt?$|\.expected-")
# Files whose point is to be refused, by name; the reason must show the refusal was understood.
MEANT_TO_FAIL = re.compile(r"malformed|not-valid/")
# Files a strict parser refuses but WordPress's own importer reads: Newsroom must import their posts too.
MUST_IMPORT = {
    "02-wordpress-wxr/wordpress-importer-testdata/crazy-cdata.xml",
    "02-wordpress-wxr/wordpress-importer-testdata/namespace-edge-cases.xml",
}
CLEAN_REFUSALS = re.compile(
    r"not a news story|not a story|malformed|invalid|not ninjs|not supported|fragment|no headline|has no title"
    r"|no stories in this file"
)


def run(samples: Path, report) -> None:
    for folder in FOLDERS:
        base = samples / folder
        if not base.is_dir():
            report.skip(folder, "not in the samples folder")
            continue
        for path in sorted(p for p in base.rglob("*") if p.is_file()):
            relative = path.relative_to(samples).as_posix()
            if IGNORED.search(relative) or (folder == "03-article-html" and path.suffix != ".html"):
                continue
            check_file(path, relative, report)


def check_file(path: Path, relative: str, report) -> None:
    """Judged on its own: the file's imports are rolled back afterwards, so samples sharing a guid don't interfere."""
    from django.db import transaction

    with transaction.atomic():
        _check_file(path, relative, report)
        transaction.set_rollback(True)


def _check_file(path: Path, relative: str, report) -> None:
    from articles.models import Article
    from ingest.importers.run import run_import

    before = Article.objects.count()
    try:
        first = run_import([path], fetch_remote=False, strict=True)
        second = run_import([path], fetch_remote=False, strict=True)
    except Exception as exc:  # anything but a clean refusal is a bug to fix
        report.fail(relative, f"crashed: {type(exc).__name__}: {exc}")
        return
    written = [item for item in first.items if item.outcome.value in {"created", "updated"}]
    failed = [item for item in first.items if item.outcome.value in {"failed", "skipped"}]
    problem = _judge(relative, first, written, failed, Article.objects.count() - before)
    if problem is None:
        problem = _repeat_problem(second)
    if problem is None:
        problem = _headline_problem(path, written)
    if problem:
        report.fail(relative, problem)
        return
    warnings = sum(len(item.warnings) for item in first.items)
    detail = f"{len(written)} created, {warnings} warnings" + (f", {len(failed)} items refused" if failed else "")
    if not written:
        detail = f"refused cleanly: {failed[0].reason}"
    report.ok(relative, detail)


def _judge(relative: str, first, written: list, failed: list, new_rows: int) -> str | None:
    if not first.items:
        return "nothing imported and no reason given"
    if new_rows != len([item for item in written if item.outcome.value == "created"]):
        return f"{new_rows} articles in the database for {len(written)} created"
    if written:
        return None
    if relative in MUST_IMPORT:
        return f"imported nothing, but WordPress reads this file: {'; '.join(item.reason for item in failed)}"
    reasons = "; ".join(item.reason for item in failed) or "no reason"
    if MEANT_TO_FAIL.search(relative) or CLEAN_REFUSALS.search(reasons):
        return None
    return f"nothing imported: {reasons}"


def _repeat_problem(second) -> str | None:
    moved = [
        f"{item.where} {item.outcome.value}"
        for item in second.items
        if item.outcome.value in {"created", "updated", "held"}
    ]
    return f"second import was not a no-op: {', '.join(moved[:3])}" if moved else None


def _headline_problem(path: Path, written: list) -> str | None:
    expected_file = path.with_name(path.stem + ".expected-metadata.json")
    if not expected_file.exists() or not written:
        return None
    title = json.loads(expected_file.read_text(encoding="utf-8")).get("title") or ""
    got = written[0].headline
    if title and _squash(title) != _squash(got):
        return f"headline {got!r}, expected {title!r}"
    return None


def _squash(text: str) -> str:
    return " ".join(text.split())
