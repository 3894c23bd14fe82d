"""Sources in the admin: what each polls, its last run, success and error, counts by outcome, and "Run now"."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db import transaction
from django.utils.html import format_html, format_html_join

from desk.base import ModelAdmin

from .models import Source
from .tasks import poll_source


@admin.register(Source)
class SourceAdmin(ModelAdmin):
    list_display = (
        "name",
        "kind",
        "enabled",
        "last_run_at",
        "last_success_at",
        "last_error_at",
        "created_count",
        "updated_count",
        "unchanged_count",
        "held_count",
        "failed_count",
    )
    list_filter = ("kind", "enabled")
    search_fields = ("name", "url", "folder")
    actions = ["run_now"]
    readonly_fields = (
        "last_run_at",
        "last_success_at",
        "last_error_at",
        "last_error",
        "failures",
        "next_run_at",
        "created_count",
        "updated_count",
        "unchanged_count",
        "held_count",
        "failed_count",
        "recent_runs",
    )
    fieldsets = (
        (None, {"fields": ("name", "kind", "url", "folder", "poll_seconds", "enabled")}),
        ("Imported stories", {"fields": ("section", "agency", "publish")}),
        ("Last runs", {"fields": readonly_fields}),
    )
    RECENT_RUNS = 20

    @admin.display(description="recent runs")
    def recent_runs(self, obj):
        # The newest few only: a busy drop folder has a run per file.
        runs = obj.runs.all()[: self.RECENT_RUNS] if obj.pk else []
        rows = (
            (f"{run.started_at:%Y-%m-%d %H:%M:%S}", run.get_result_display(), run.what, run.error or _counts(run))
            for run in runs
        )
        return format_html('<ul class="source-runs">{}</ul>', format_html_join("", "<li>{} {} {} {}</li>", rows))

    @admin.action(description="Run now")
    def run_now(self, request, queryset):
        ids = list(queryset.values_list("pk", flat=True))

        def queue():  # the worker's scheduler polls them again when they are next due
            for source_id in ids:
                poll_source.enqueue(source_id)

        transaction.on_commit(queue)
        self.message_user(request, f"{len(ids)} source(s) queued to run now.", messages.SUCCESS)


def _counts(run) -> str:
    return ", ".join(f"{n} {name}" for name, n in run.counts.items() if n)
