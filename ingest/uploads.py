"""The admin's large uploads, dry-run or imported by a worker; the import page shows the job's progress and report.

The folder rules (where uploads wait, the lock a confirm holds) are ``ingest.staging``'s; a job only
says which folder, with which options, and records items done and the per-item report for the page to read.
"""

from __future__ import annotations

import dataclasses
import time
from datetime import timedelta
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils import timezone

from ingest.importers import ImportReport, ItemResult, Outcome

from . import staging
from .models import UploadImport, UploadStatus

STALLED = timedelta(minutes=10)  # a running job with no progress for this long died with its worker
PROGRESS_EVERY = 0.5  # seconds between progress writes


def start(*, user, token: str, folder: Path, dry_run: bool, options: dict) -> tuple[UploadImport, bool]:
    """The job for this upload, and whether it must be queued now (a confirm's second submit gets the first's job;
    a stalled one is queued again). The caller queues it (``ingest.tasks.import_upload``) once this commits."""
    total = None
    if not dry_run:
        preview = UploadImport.objects.filter(token=token, dry_run=True, status=UploadStatus.FINISHED).first()
        total = len(preview.report or []) if preview else None
    try:
        with transaction.atomic():
            job = UploadImport.objects.create(
                user=user, token=token, folder=str(folder), dry_run=dry_run, options=options, total=total
            )
    except IntegrityError:
        job = UploadImport.objects.get(token=token, dry_run=False)
        if job.status == UploadStatus.FINISHED or timezone.now() - job.updated_at < STALLED:
            return job, False
        UploadImport.objects.filter(pk=job.pk).update(status=UploadStatus.QUEUED, updated_at=timezone.now())
    return job, True


def run(job_id: str) -> None:
    job = UploadImport.objects.select_related("user").filter(pk=job_id).first()
    if job is None or job.status == UploadStatus.FINISHED:
        return
    UploadImport.objects.filter(pk=job.pk).update(status=UploadStatus.RUNNING, done=0, updated_at=timezone.now())
    progress = _Progress(job)
    report = staging.import_folder(Path(job.folder), job.options, dry_run=job.dry_run, user=job.user, progress=progress)
    if report is None:  # another confirm holds the folder, or it is gone: that one's report is the one to read
        report = ImportReport(dry_run=job.dry_run)
        report.add(ItemResult(where="import", outcome=Outcome.SKIPPED, reason="these files were imported already"))
    UploadImport.objects.filter(pk=job.pk).update(
        status=UploadStatus.FINISHED,
        done=len(report.items),
        report=[dataclasses.asdict(item) for item in report.items],
        updated_at=timezone.now(),
    )


def report_of(job: UploadImport) -> ImportReport:
    report = ImportReport(dry_run=job.dry_run)
    for item in job.report or []:
        report.add(ItemResult(**{**item, "outcome": Outcome(item["outcome"])}))
    return report


class _Progress:
    def __init__(self, job: UploadImport):
        self.job, self.done, self.written_at = job, 0, 0.0

    def __call__(self, result: ItemResult) -> None:
        self.done += 1
        if time.monotonic() - self.written_at >= PROGRESS_EVERY:
            self.written_at = time.monotonic()
            UploadImport.objects.filter(pk=self.job.pk).update(done=self.done, updated_at=timezone.now())
