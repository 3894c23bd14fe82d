"""The admin's large uploads, dry-run or imported by a worker; the import page shows the job's progress and report.

Where the files wait and the claim a confirm holds are ``ingest.staging``'s (any instance's worker reads them); a
job only says which preview, with which options, and records items done and the per-item report for the page to
read. A job that will not finish by itself is ``stalled``: a confirm whose claim was given back (its run stopped on
an error) or went stale (its worker died), or a job that made no progress for ``STALLED``. The page says so, and
confirming again queues the same job once more, which picks the import up where it ended.
"""

from __future__ import annotations

import dataclasses
import time

from django.db import IntegrityError, transaction
from django.utils import timezone

from ingest.importers import ImportReport, ItemResult, Outcome

from . import staging
from .models import UploadImport, UploadStatus

STALLED = staging.LEASE  # a job with no progress for this long died with its worker
PROGRESS_EVERY = 0.5  # seconds between progress writes
GONE = "the uploaded files are gone (previews are kept for a day); upload them again"


def start(*, user, token: str, dry_run: bool, options: dict) -> tuple[UploadImport, bool]:
    """The job for this upload, and whether it must be queued now (a confirm's second submit gets the first's job;
    a stalled one is queued again). The caller queues it (``ingest.tasks.import_upload``) once this commits."""
    total = None
    if not dry_run:
        preview = UploadImport.objects.filter(token=token, dry_run=True, status=UploadStatus.FINISHED).first()
        total = len(preview.report or []) if preview else None
    try:
        with transaction.atomic():
            job = UploadImport.objects.create(
                user=user, token=token, folder=staging.folder(token), dry_run=dry_run, options=options, total=total
            )
    except IntegrityError:
        job = UploadImport.objects.get(token=token, dry_run=False)
        if not stalled(job):
            return job, False
        # Compare-and-set: of two confirms finding it stalled at once, one queues it again.
        requeued = UploadImport.objects.filter(pk=job.pk, updated_at=job.updated_at).update(
            status=UploadStatus.QUEUED, updated_at=timezone.now()
        )
        return job, bool(requeued)
    return job, True


def stalled(job: UploadImport) -> bool:
    """True when the job will not finish by itself, so confirming again should queue it once more."""
    if job.status == UploadStatus.FINISHED:
        return False
    if job.status == UploadStatus.RUNNING and not job.dry_run and staging.abandoned(job.token):
        return True  # its run gave the claim back (it stopped on an error), or the claim went stale
    return timezone.now() - job.updated_at >= STALLED


def run(job_id: str) -> None:
    job = UploadImport.objects.select_related("user").filter(pk=job_id).first()
    if job is None or job.status == UploadStatus.FINISHED:
        return
    progress = _Progress(job)
    try:
        if job.dry_run:
            _running(job)
            report = staging.run(job.token, job.options, dry_run=True, user=job.user, progress=progress)
        else:
            held = staging.claim(job.token)
            _running(job)
            report = staging.confirm(held, job.options, user=job.user, progress=progress)
    except staging.Refused as refusal:
        if refusal.reason == staging.RUNNING:
            return  # another run of this job holds the files and writes its end
        report = ImportReport(dry_run=job.dry_run)
        if refusal.reason == staging.IMPORTED:
            report.add(ItemResult(where="import", outcome=Outcome.SKIPPED, reason="these files were imported already"))
        else:
            report.add(ItemResult(where="import", outcome=Outcome.FAILED, reason=GONE))
    UploadImport.objects.filter(pk=job.pk).update(
        status=UploadStatus.FINISHED,
        done=len(report.items),
        report=[dataclasses.asdict(item) for item in report.items],
        updated_at=timezone.now(),
    )


def _running(job: UploadImport) -> None:
    UploadImport.objects.filter(pk=job.pk).update(status=UploadStatus.RUNNING, done=0, updated_at=timezone.now())


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
