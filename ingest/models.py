"""Sources polled for copy, each poll's record, the import page's staged previews and uploads imported by a worker."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models

OUTCOME_COUNTS = ("created", "updated", "unchanged", "held", "failed")


class Kind(models.TextChoices):
    FEED = "feed", "RSS, Atom or JSON Feed URL"
    NINJS = "ninjs", "ninjs HTTP endpoint"
    NEWSML = "newsml", "NewsML-G2 HTTP endpoint"
    FOLDER = "folder", "Drop folder on disk"


class Source(models.Model):
    name = models.CharField(max_length=100, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.FEED)
    url = models.URLField("address", max_length=1000, blank=True, help_text="For feeds and HTTP endpoints.")
    folder = models.CharField(
        max_length=500, blank=True, help_text="For drop folders: an absolute path the workers can write to."
    )
    poll_seconds = models.PositiveIntegerField("poll every (seconds)", default=300, validators=[MinValueValidator(5)])
    section = models.ForeignKey(
        "articles.Section", null=True, blank=True, on_delete=models.SET_NULL, help_text="For stories naming none."
    )
    agency = models.CharField(max_length=200, blank=True, help_text='Agency for stories that name none: "PA".')
    publish = models.BooleanField(default=False, help_text="Publish complete stories instead of leaving drafts.")
    enabled = models.BooleanField(default=True)

    # Conditional GET: what the server said last time, so an unchanged feed costs one 304.
    etag = models.CharField(max_length=500, blank=True, editable=False)
    last_modified = models.CharField(max_length=100, blank=True, editable=False)

    # Scheduling: due when next_run_at has passed (or is empty); a run holds the source until claimed_until.
    next_run_at = models.DateTimeField(null=True, blank=True, editable=False)
    claimed_until = models.DateTimeField(null=True, blank=True, editable=False)
    failures = models.PositiveIntegerField(default=0, editable=False, help_text="Failed runs in a row.")

    last_run_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_success_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_error_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_error = models.TextField(blank=True, editable=False)

    # Items over every run, by outcome.
    created_count = models.PositiveIntegerField("created", default=0, editable=False)
    updated_count = models.PositiveIntegerField("updated", default=0, editable=False)
    unchanged_count = models.PositiveIntegerField("unchanged", default=0, editable=False)
    held_count = models.PositiveIntegerField("held", default=0, editable=False)
    failed_count = models.PositiveIntegerField("failed", default=0, editable=False)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["enabled", "next_run_at"], name="source_due")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.kind == Kind.FOLDER and not self.folder:
            raise ValidationError({"folder": "A drop folder needs its path."})
        if self.kind != Kind.FOLDER and not self.url:
            raise ValidationError({"url": "A feed or endpoint needs its address."})


class RunResult(models.TextChoices):
    RUNNING = "running", "Running"
    IMPORTED = "imported", "Imported"
    NOT_MODIFIED = "not_modified", "Not modified"
    FAILED = "failed", "Failed"


class SourceRun(models.Model):
    """One poll of a source (for a drop folder, one file)."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="runs")
    result = models.CharField(max_length=20, choices=RunResult.choices, default=RunResult.RUNNING)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    what = models.CharField(max_length=500, blank=True, help_text="The file, for a drop folder.")
    counts = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["source", "-started_at"], name="sourcerun_latest")]

    def __str__(self) -> str:
        return f"{self.source} at {self.started_at:%Y-%m-%d %H:%M:%S}"


class StagedUpload(models.Model):
    """A preview on the desk's import page: its files wait in media storage under ``imports/<token>/`` (where every
    instance reads them) until a confirm imports them or the sweep removes them after a day. The row is the confirm's
    claim (``ingest.staging``): taken by a compare-and-set on ``claim``, kept alive by ``heartbeat_at`` while the
    run makes progress, and marked ``imported_at`` when it finishes, so any instance tells a second confirm the truth.
    """

    token = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    size = models.PositiveBigIntegerField(default=0, help_text="Bytes uploaded (or pasted) for the preview.")
    claim = models.UUIDField(null=True, blank=True, help_text="The confirm importing these files now.")
    claimed_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True, help_text="The importing confirm's latest progress.")
    imported_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"Import preview {self.token}"


class UploadStatus(models.TextChoices):
    QUEUED = "queued", "Waiting for a worker"
    RUNNING = "running", "Running"
    FINISHED = "finished", "Finished"


class UploadImport(models.Model):
    """A dry run or a confirmed import of an admin upload, run by a worker; the progress page reads it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    token = models.CharField(max_length=64, help_text="The preview's token (its StagedUpload).")
    folder = models.CharField(max_length=1000, help_text="Where its files wait in media storage.")
    dry_run = models.BooleanField()
    options = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=UploadStatus.choices, default=UploadStatus.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(null=True, blank=True, help_text="Known for a confirm: the dry run's items.")
    report = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            # A double-submitted confirm finds the first one's job instead of importing the files twice.
            models.UniqueConstraint(
                fields=["token"], condition=models.Q(dry_run=False), name="one_confirmed_import_per_preview"
            )
        ]


class RunVia(models.TextChoices):
    DESK = "desk", "Import page"
    COMMAND = "command", "manage.py import_articles"
    INGEST = "ingest", "Ingest poll"


class ImportRun(models.Model):
    """One import that wrote (or tried to write) stories: a confirmed desk import, a command run, an ingest poll
    that imported or failed. The activity page lists them, each with its stored per-item report."""

    via = models.CharField(max_length=10, choices=RunVia.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    what = models.CharField(max_length=500, blank=True, help_text="The files, or the polled source's name.")
    counts = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True, help_text="Why a poll failed before any story was read.")
    report = models.JSONField(default=list, blank=True, help_text="The per-item report (ItemResult fields).")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"], name="importrun_by_user")]

    def __str__(self) -> str:
        return f"{self.get_via_display()} at {self.created_at:%Y-%m-%d %H:%M:%S}"

    @property
    def failed(self) -> bool:
        return bool(self.error) or bool(self.counts.get("failed"))
