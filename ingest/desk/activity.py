"""Import runs on the desk's activity page: a confirmed desk import, a ``manage.py import_articles`` run, an ingest
poll that changed something or failed, each an ``ImportRun`` linking to its stored report (``?run=ID``)."""

from __future__ import annotations

from datetime import datetime

from django import forms
from django.contrib.admin import site
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from articles.admin.activity import Entry, Source, bounds
from articles.models import Article
from ingest.importers import Outcome
from ingest.models import ImportRun, RunVia
from ingest.runs import report_of


def runs(chosen: dict, *, newest: datetime | None = None, oldest: datetime | None = None):
    rows = ImportRun.objects.select_related("user").defer("report")
    if chosen.get("user"):
        rows = rows.filter(user=chosen["user"])
    since, until = bounds(chosen)
    for bound in filter(None, (since, oldest)):
        rows = rows.filter(created_at__gte=bound)
    for bound in filter(None, (until, newest)):
        rows = rows.filter(created_at__lt=bound)
    return rows.order_by("-created_at", "-pk")


def run_entry(run: ImportRun) -> Entry:
    if run.user:
        who = run.user.get_full_name() or run.user.get_username()
    else:
        who = "manage.py import_articles" if run.via == RunVia.COMMAND else "Newsroom (automatic)"
    # In the report's order (PostgreSQL's jsonb keeps its own order of keys).
    counts = ", ".join(f"{run.counts[name]} {name}" for name in Outcome if run.counts.get(name)) or "nothing imported"
    what = f"Import run ({run.get_via_display()}) from {run.what or 'unnamed files'}: {counts}"
    if run.error:
        what += f"; failed: {run.error[:200]}"
    url = f"{reverse('admin:articles_article_activity')}?run={run.pk}"
    return Entry(run.created_at, who, what, [], report_url=url)


def run_report(request, run_id: str):
    run = ImportRun.objects.select_related("user").filter(pk=run_id).first() if run_id.isdigit() else None
    if run is None:
        raise Http404("No such import run.")
    report = report_of(run)
    context = {
        **site.each_context(request),
        "title": f"Import run of {timezone.localtime(run.created_at):%-d %b %Y, %H:%M}",
        "opts": Article._meta,
        "run": run,
        "media": forms.Media(),
        "entry": run_entry(run),
        "summary": {name: n for name, n in report.summary().items() if n},
        "rows": [
            {
                "item": item,
                "url": reverse("admin:articles_article_change", args=[item.article_id]) if item.article_id else "",
            }
            for item in report.items
        ],
    }
    return TemplateResponse(request, "admin/articles/import_run.html", context)


SOURCE = Source(
    key="import_run", label="Import runs", rows=runs, entry=run_entry, report_param="run", report=run_report
)
