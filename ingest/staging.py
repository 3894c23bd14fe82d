"""Where the desk's import uploads wait between the dry run and the confirmation, the confirm's claim, and the run.

**Where the files wait.** A preview's files are saved to media storage under ``imports/<token>/``
(``newsroom.media.STAGED_IMPORTS``): on this machine's disk, or in the bucket with ``MEDIA_STORAGE=s3``, wherever
the pictures are, so every instance and every worker reads them. They are never served: ``SERVE_MEDIA`` refuses
the prefix and the bucket's public-read policy leaves it out. The random token is kept in the editor's session. A
run copies the files into a temporary folder of its own, reads them there, and removes the copy.

**The claim is a row, not a lock on a disk.** ``StagedUpload`` (one per preview) is taken by one conditional
UPDATE: free, or its holder's heartbeat older than ``LEASE``. Of two confirms (two instances, two gunicorn workers,
a double click) one imports and the other is told the truth: being imported now (since when, last progress when),
or already imported. The run beats its heartbeat as it makes progress. One that stops with an error (a worker's
timeout arrives as ``SystemExit``) gives the claim back at once; one whose machine died leaves it to go stale after
``LEASE``. Either way confirming again runs the same files again, and the importer, which knows stories by guid,
reports what the first run saved as unchanged and imports the rest. A finished run marks the row imported, then
removes the files. Previews left for a day are swept, files and row.

The desk's page (``ingest.desk.imports``) and a worker's run of a large upload (``ingest.uploads``) both come here.
"""

from __future__ import annotations

import contextlib
import logging
import re
import secrets
import shutil
import tempfile
import time
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError
from django.db.models import Q
from django.utils import timezone
from django.utils.text import get_valid_filename

from ingest.importers.records import ImportFailure, ImportReport, ItemResult, Outcome
from ingest.importers.run import run_import
from ingest.models import StagedUpload
from ingest.runs import RunVia, record_run
from newsroom.media import STAGED_IMPORTS

logger = logging.getLogger(__name__)

PASTE_NAME = "pasted-copy.txt"
STALE = timedelta(days=1)  # previews nobody confirmed are swept after this
LEASE = timedelta(minutes=10)  # a claim whose run made no progress for this long died with its machine
HEARTBEAT_EVERY = 1.0  # seconds between a run's heartbeats
TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
COPY_CHUNK = 1024 * 1024

EXPIRED, RUNNING, IMPORTED = "expired", "running", "imported"


class Refused(Exception):
    """A confirm (or a worker's run) that may not import these files, and why, in words for the editor."""

    def __init__(self, reason: str, staged: StagedUpload | None = None):
        super().__init__(reason)
        self.reason, self.staged = reason, staged

    @property
    def message(self) -> str:
        if self.reason == IMPORTED:
            return "Those files were already imported; see the articles list."
        if self.reason == RUNNING:
            staged = self.staged
            resume = staged.heartbeat_at + LEASE if staged.heartbeat_at else None
            return (
                f"Those files are being imported now (started at {_clock(staged.claimed_at)}, last progress at "
                f"{_clock(staged.heartbeat_at)}); what it has already imported is in the articles list. If it has "
                f"stopped, confirming again from {_clock(resume)} picks it up where it ended."
            )
        return "That preview has expired; upload the files again."


@dataclass(frozen=True)
class Claim:
    """A confirm's hold on a preview's files: the row, and the value this confirm wrote into its ``claim``."""

    staged: StagedUpload
    mine: uuid.UUID


def folder(token: str) -> str:
    return f"{STAGED_IMPORTS}{token}/"


def find(token: str) -> StagedUpload | None:
    return StagedUpload.objects.filter(token=token).first() if TOKEN.match(token or "") else None


def stage(*, user, uploads: Iterable, pasted: str = "") -> StagedUpload:
    """Keep a preview's uploads (or pasted copy) where every instance can read them; the row comes first, so a save
    cut short still leaves something for the sweep to find."""
    staged = StagedUpload.objects.create(
        token=secrets.token_urlsafe(16), user=user if getattr(user, "pk", None) else None
    )
    taken: set[str] = set()
    for upload in uploads:
        name = free_name(taken, get_valid_filename(Path(upload.name).name) or "upload")
        default_storage.save(folder(staged.token) + name, upload)
        staged.size += upload.size
    if pasted:
        data = (pasted + "\n").encode("utf-8")
        default_storage.save(folder(staged.token) + PASTE_NAME, ContentFile(data))
        staged.size += len(data)
    StagedUpload.objects.filter(pk=staged.pk).update(size=staged.size)
    return staged


def free_name(taken: set[str], name: str) -> str:
    """``name``, numbered ("wire-2.jsonl") when an earlier upload of this batch has it; added to ``taken``."""
    candidate, n = name, 2
    while candidate in taken:
        candidate, n = f"{Path(name).stem}-{n}{Path(name).suffix}", n + 1
    taken.add(candidate)
    return candidate


def in_background(staged: StagedUpload) -> bool:
    return staged.size > settings.NEWSROOM["IMPORT_BACKGROUND_BYTES"]


def stored_files(token: str) -> list[str]:
    """The names of the preview's files still in storage."""
    try:
        _folders, files = default_storage.listdir(folder(token))
    except FileNotFoundError:
        return []
    return sorted(files)


@contextlib.contextmanager
def checked_out(token: str) -> Iterator[list[Path]]:
    """The preview's files copied to a private temporary folder for the importer, removed afterwards."""
    names = stored_files(token)
    if not names:
        raise Refused(EXPIRED)
    with tempfile.TemporaryDirectory(prefix="newsroom-staged-") as scratch:
        paths = []
        for name in names:
            path = Path(scratch) / name
            with default_storage.open(folder(token) + name, "rb") as source, path.open("wb") as out:
                shutil.copyfileobj(source, out, COPY_CHUNK)
            paths.append(path)
        yield paths


def run(token: str, options: dict, *, dry_run: bool, user, progress=None) -> ImportReport:
    """Read the preview's files: a dry run, or (holding the claim, through ``confirm``) the import."""
    with checked_out(token) as paths:
        try:
            report = run_import(paths, dry_run=dry_run, preview=dry_run, user=user, progress=progress, **options)
        except ImportFailure as exc:  # a section deleted between preview and confirm
            report = ImportReport(dry_run=dry_run)
            report.add(ItemResult(where="import", outcome=Outcome.FAILED, reason=exc.message))
    if not dry_run:
        what = ", ".join("pasted copy" if path.name == PASTE_NAME else path.name for path in paths)
        record_run(via=RunVia.DESK, report=report, user=user, what=what)
    return report


def claim(token: str) -> Claim:
    """Take the preview for a confirm, or raise ``Refused`` saying why not (expired, running, imported)."""
    staged = find(token)
    if staged is None:
        raise Refused(EXPIRED)
    now, mine = timezone.now(), uuid.uuid4()
    free = Q(claim__isnull=True) | Q(heartbeat_at__lt=now - LEASE)
    taken = (
        StagedUpload.objects.filter(pk=staged.pk, imported_at__isnull=True)
        .filter(free)
        .update(claim=mine, claimed_at=now, heartbeat_at=now)
    )
    staged = StagedUpload.objects.filter(pk=staged.pk).first()
    if staged is None:
        raise Refused(EXPIRED)
    if not taken:
        raise Refused(IMPORTED if staged.imported_at else RUNNING, staged)
    return Claim(staged=staged, mine=mine)


def abandoned(token: str) -> bool:
    """The preview is kept and not imported, and no confirm holds it (any more): its files wait for a confirm."""
    kept = StagedUpload.objects.filter(token=token, imported_at__isnull=True)
    return kept.exclude(claim__isnull=False, heartbeat_at__gte=timezone.now() - LEASE).exists()


def confirm(held: Claim, options: dict, *, user, progress=None) -> ImportReport:
    """Import the claimed files. A run that stops on the way gives the claim back, so confirming again resumes it."""
    try:
        report = run(held.staged.token, options, dry_run=False, user=user, progress=_Heartbeat(held, progress))
    except BaseException:
        release(held)
        raise
    finished = StagedUpload.objects.filter(pk=held.staged.pk, claim=held.mine).update(
        imported_at=timezone.now(), claim=None, heartbeat_at=timezone.now()
    )
    if finished:  # else a confirm that found this run stale took over: its end removes the files
        discard(held.staged.token)
    return report


def release(held: Claim) -> None:
    try:
        StagedUpload.objects.filter(pk=held.staged.pk, claim=held.mine).update(claim=None, heartbeat_at=None)
    except DatabaseError:  # the database went with the run: the claim goes stale after the lease instead
        logger.exception("could not give back the claim on import preview %s", held.staged.token)


class _Heartbeat:
    """The progress callback a confirm's run gets: passes each result on, and tells the claim the run is alive."""

    def __init__(self, held: Claim, progress=None):
        self.held, self.progress, self.beaten = held, progress, time.monotonic()

    def __call__(self, result: ItemResult) -> None:
        if self.progress is not None:
            self.progress(result)
        if time.monotonic() - self.beaten >= HEARTBEAT_EVERY:
            self.beaten = time.monotonic()
            StagedUpload.objects.filter(pk=self.held.staged.pk, claim=self.held.mine).update(
                heartbeat_at=timezone.now()
            )


def discard(token: str) -> None:
    """Remove a preview's files (and, on disk, its emptied folder)."""
    for name in stored_files(token):
        default_storage.delete(folder(token) + name)
    with contextlib.suppress(OSError):
        default_storage.delete(folder(token).rstrip("/"))


def sweep() -> int:
    """Remove previews older than a day, files and rows, unless a confirm is importing them right now."""
    now = timezone.now()
    swept = 0
    old = StagedUpload.objects.filter(created_at__lt=now - STALE)
    for staged in old.exclude(claim__isnull=False, heartbeat_at__gte=now - LEASE):
        discard(staged.token)
        staged.delete()
        swept += 1
    return swept


def _clock(moment) -> str:
    return f"{timezone.localtime(moment):%H:%M}" if moment else "now"
