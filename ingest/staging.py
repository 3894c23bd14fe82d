"""Where the desk's import uploads wait between the dry run and the confirmation, and the run over them.

Uploads wait in a private folder named by a random token kept in the session, so the confirmed run reads exactly
the files the editor previewed; folders left by abandoned previews are swept after a day. The folders live under
``NEWSROOM["IMPORT_UPLOAD_DIR"]`` (set it when several processes serve the desk, so a confirm reaches the folder
the preview kept), or else in a folder of this process's own made with mode 0700 under the system temporary
directory.

A confirm claims its folder with an exclusive lock (``flock``) held for the run, so a double-submitted confirm
imports once. The folder goes only once the run has finished; a run that dies on the way loses its lock with its
process and leaves it, so confirming again runs the same files again: the importer knows stories by guid, so what
the first run saved is reported unchanged and the rest is imported. The desk's page (``ingest.desk.imports``) and a
worker's run of a large upload (``ingest.uploads``) both come here.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import tempfile
import time
from pathlib import Path

from django.conf import settings

from ingest.importers.records import ImportFailure, ImportReport, ItemResult, Outcome
from ingest.importers.run import run_import
from ingest.runs import RunVia, record_run

PASTE_NAME = "pasted-copy.txt"
STALE_SECONDS = 24 * 3600
TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
_PRIVATE: dict[str, Path] = {}  # this process's own upload folder, made on first use


def upload_root() -> Path:
    """Where previews keep their uploads: the configured folder, or a private one of this process's."""
    configured = settings.NEWSROOM.get("IMPORT_UPLOAD_DIR")
    if configured:
        root = Path(configured)
        root.mkdir(mode=0o700, parents=True, exist_ok=True)
        return root
    root = _PRIVATE.get("root")
    if root is None or not root.is_dir():
        root = _PRIVATE["root"] = Path(tempfile.mkdtemp(prefix="newsroom-imports-"))  # mode 0700
    return root


def free_name(folder: Path, name: str) -> Path:
    """``name`` in ``folder``, numbered ("wire-2.jsonl") when an earlier upload of this batch has it."""
    path, n = folder / name, 2
    while path.exists():
        path, n = folder / f"{Path(name).stem}-{n}{Path(name).suffix}", n + 1
    return path


def in_background(folder: Path) -> bool:
    return sum(path.stat().st_size for path in folder.iterdir()) > settings.NEWSROOM["IMPORT_BACKGROUND_BYTES"]


def import_folder(folder: Path, options: dict, *, dry_run: bool, user, progress=None) -> ImportReport | None:
    """A worker's run of an upload; a confirm holds the folder's lock and removes it once finished.

    None when another confirm holds the folder or it is gone."""
    if dry_run:
        return run(folder, options, dry_run=True, user=user, progress=progress)
    held = claim(folder)
    if held is None:
        return None
    try:
        report = run(folder, options, dry_run=False, user=user, progress=progress)
        shutil.rmtree(folder, ignore_errors=True)
    finally:
        os.close(held)
    return report


def claim(folder: Path) -> int | None:
    """An open descriptor holding the folder's lock; None when it is gone or another confirm holds it.

    The kernel drops the lock with the process, so a confirm killed mid-run never leaves a stale claim."""
    try:
        descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return None
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(descriptor)
        return None
    if not folder.is_dir():  # the run holding it finished (and removed it) while we waited to open it
        os.close(descriptor)
        return None
    return descriptor


def run(folder: Path, options: dict, *, dry_run: bool, user, progress=None):
    paths = sorted(folder.iterdir())
    try:
        report = run_import(paths, dry_run=dry_run, preview=dry_run, user=user, progress=progress, **options)
    except ImportFailure as exc:  # a section deleted between preview and confirm
        report = ImportReport(dry_run=dry_run)
        report.add(ItemResult(where="import", outcome=Outcome.FAILED, reason=exc.message))
    if not dry_run:
        what = ", ".join("pasted copy" if path.name == PASTE_NAME else path.name for path in paths)
        record_run(via=RunVia.DESK, report=report, user=user, what=what)
    return report


def sweep() -> None:
    for folder in upload_root().iterdir():
        if time.time() - folder.stat().st_mtime > STALE_SECONDS:
            shutil.rmtree(folder, ignore_errors=True)
