"""Drop folders: files put in the folder are imported once each, then moved to ``done/`` or ``failed/``.

A worker claims a file by renaming it into ``processing/`` (atomic on one file system: of two workers, one wins
and the other finds it gone), so two workers never import the same file. A worker that dies mid-file leaves it
in ``processing/``; once the lease has passed it is put back and imported again, and the importer, knowing
stories by guid and version, reports what the first attempt saved as unchanged: nothing is imported twice.
A file with a failed story goes to ``failed/`` with ``NAME.error.txt`` beside it naming each reason. Names
starting with a dot or ending in ``.tmp``/``.part`` are files still being written, and are left alone.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from ingest.importers import Outcome

from .models import RunResult, Source, SourceRun
from .sources import LEASE, finish, import_paths

DONE, FAILED, PROCESSING = "done", "failed", "processing"
UNFINISHED_SUFFIXES = (".tmp", ".part", ".error.txt")


def waiting_files(source: Source) -> list[str]:
    """Names of the files ready to import (after putting back any a dead worker left claimed)."""
    root = Path(source.folder)
    for sub in (DONE, FAILED, PROCESSING):
        (root / sub).mkdir(parents=True, exist_ok=True)
    for left in (root / PROCESSING).iterdir():
        if time.time() - left.stat().st_mtime > LEASE.total_seconds():
            os.replace(left, root / left.name)
    return sorted(
        path.name
        for path in root.iterdir()
        if path.is_file() and not path.name.startswith(".") and not path.name.endswith(UNFINISHED_SUFFIXES)
    )


def import_file(source: Source, name: str) -> SourceRun | None:
    """Import one dropped file; None when another worker claimed it first."""
    root = Path(source.folder)
    claimed = root / PROCESSING / Path(name).name
    try:
        os.rename(root / Path(name).name, claimed)
    except FileNotFoundError:
        return None
    os.utime(claimed)  # the claim's time, for the lease
    run = SourceRun.objects.create(source=source, what=name)
    report = import_paths(source, [claimed])
    failures = [f"{item.where}: {item.reason}" for item in report.items if item.outcome == Outcome.FAILED]
    if failures:
        (root / FAILED / f"{claimed.name}.error.txt").write_text("\n".join(failures) + "\n")
        os.replace(claimed, root / FAILED / claimed.name)
    else:
        os.replace(claimed, root / DONE / claimed.name)
    return finish(source, run, result=RunResult.IMPORTED, report=report)
