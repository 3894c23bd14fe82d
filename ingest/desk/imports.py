"""The desk's "Import articles" page: upload or paste, read the dry-run report, confirm, read the final report.

The uploads wait between the two steps as ``ingest.staging`` keeps them (in media storage under the preview's token,
where every instance reads them; the confirm claims the preview's row, so any instance confirms any preview, once);
the session holds the preview's token and options. Copy pasted into the "Paste copy" box is kept as one
plain-text file (``pasted-copy.txt``) and read by the plain-text format, so it takes the same dry run, preview and
confirm as a file. The dry run shows a card per story with the regions, topics and section its copy suggests for a
story the run will write, each a checkbox ticked to begin with, and counts as if they were all kept; the session
keeps what was offered, and the confirm applies the ticked ones it finds among them. The rule (suggestions are the
desk's addition, never part of the copy's digest, so every route sees unchanged copy as unchanged) is
``ingest.importers.suggest``'s. Every confirmed run is recorded for the activity page (``ingest.runs``).

Uploads above ``NEWSROOM["IMPORT_BACKGROUND_BYTES"]`` are dry-run and imported by a worker (``ingest.uploads``,
holding the same claim); the page then shows the job's progress, items done of total, and its report at the end, or
that the job stopped (its worker died) and can be confirmed again.
"""

from __future__ import annotations

import hashlib
import re

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from unfold.widgets import (
    UnfoldAdminSelectWidget,
    UnfoldAdminTextareaWidget,
    UnfoldAdminTextInputWidget,
    UnfoldBooleanWidget,
)

from articles.admin.forms import MultipleFileField
from articles.models import Article, Section
from articles.permissions import may_add, may_publish
from ingest import staging, uploads
from ingest.importers.detect import FORMATS
from ingest.importers.formats.text import default_tz, parse_date_line
from ingest.importers.records import ImportReport, ItemResult
from ingest.models import UploadImport, UploadStatus
from ingest.tasks import import_upload

SESSION_KEY = "newsroom_pending_imports"
DONE_KEY = "newsroom_done_imports"
OFFERED_KEY = "newsroom_offered_suggestions"
PICKS = "picks"  # set by the confirm form: its suggestion checkboxes were on the page
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


class ImportForm(forms.Form):
    files = MultipleFileField(
        required=False, help_text="One or more files, or a zip holding stories and their pictures."
    )
    paste = forms.CharField(
        label="Paste copy",
        required=False,
        strip=False,
        widget=UnfoldAdminTextareaWidget(
            attrs={"rows": 12, "spellcheck": "false", "style": "font-family:ui-monospace,monospace;font-size:13px"}
        ),
        help_text="Or paste one story as text: headline first, then its date, standfirst, pictures' captions, "
        "body and “By …” line.",
    )
    format = forms.ChoiceField(
        choices=[(name, name) for name in FORMATS],
        initial="auto",
        widget=UnfoldAdminSelectWidget,
        help_text="Pasted copy is read as plain text.",
    )
    section = forms.ModelChoiceField(
        Section.objects.all(),
        required=False,
        to_field_name="slug",
        widget=UnfoldAdminSelectWidget,
        help_text="For stories that name no known section.",
    )
    source = forms.CharField(
        required=False,
        max_length=200,
        widget=UnfoldAdminTextInputWidget,
        help_text='Agency for stories that name none: "PA".',
    )
    publish = forms.BooleanField(
        required=False, widget=UnfoldBooleanWidget, help_text="Publish complete stories instead of leaving drafts."
    )

    def __init__(self, *args, can_publish: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_publish:
            del self.fields["publish"]  # writers' imports are always drafts

    def clean_paste(self) -> str:
        text = self.cleaned_data["paste"].replace("\r\n", "\n").strip("\n \t\ufeff")
        limit = settings.NEWSROOM["IMPORT_MAX_BODY_BYTES"]
        if len(text.encode("utf-8")) > limit:
            raise forms.ValidationError(
                f"The pasted copy is more than {limit / 1024**2:.1f} MB; upload it as a file instead."
            )
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if lines and parse_date_line(lines[0], default_tz()):
            raise forms.ValidationError("The first line of the pasted copy reads as a date: paste the headline first.")
        if len(lines) == 1:
            raise forms.ValidationError("The pasted copy has a headline but no story: paste the whole article.")
        return text

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("files") and cleaned.get("paste"):
            raise forms.ValidationError("Choose files or paste copy, not both.")
        if not cleaned.get("files") and not cleaned.get("paste") and not self.errors:
            raise forms.ValidationError("Choose a file to import or paste the copy of a story.")
        return cleaned


def import_articles_view(request):
    if not may_add(request.user):
        raise PermissionDenied
    can_publish = may_publish(request.user)
    if request.method == "POST" and request.POST.get("token"):
        return _confirm(request, request.POST["token"])
    if request.GET.get("job"):
        return _progress(request, request.GET["job"])
    form = ImportForm(request.POST or None, request.FILES or None, can_publish=can_publish)
    if request.method == "POST" and form.is_valid():
        return _preview(request, form)
    return _render(request, form=form)


def _preview(request, form: ImportForm):
    staging.sweep()
    pasted = form.cleaned_data["paste"]
    staged = staging.stage(user=request.user, uploads=form.cleaned_data["files"], pasted=pasted)
    token = staged.token
    options = {
        "format": "text" if pasted else form.cleaned_data["format"],
        "section": form.cleaned_data["section"].slug if form.cleaned_data["section"] else None,
        "source": form.cleaned_data["source"],
        "publish": bool(form.cleaned_data.get("publish")),
    }
    request.session[SESSION_KEY] = {**request.session.get(SESSION_KEY, {}), token: options}
    if staging.in_background(staged):
        return _to_worker(request, token=token, dry_run=True, options=options)
    report = staging.run(token, options, dry_run=True, user=request.user)
    _offer(request, token, report)
    return _render(request, report=report, token=token, options=options)


def _offer(request, token: str, report: ImportReport) -> None:
    """Keep what the dry run suggested, so the confirm applies only suggestions that were offered."""
    offered = {
        item.preview["key"]: item.preview["suggestions"]
        for item in report.items
        if item.preview and any(item.preview["suggestions"].values())
    }
    request.session[OFFERED_KEY] = {**request.session.get(OFFERED_KEY, {}), token: offered}


def _confirmed(request, token: str) -> dict[str, dict]:
    """The offered suggestions the editor left ticked, by story key; none when the form did not show them."""
    if not request.POST.get(PICKS):
        return {}
    ticked = set(request.POST.getlist("pick"))
    chosen = {}
    for key, offered in request.session.get(OFFERED_KEY, {}).get(token, {}).items():
        mark = _pick_value(key)
        chosen[key] = {
            "section": offered["section"] if mark("section", offered["section"]) in ticked else "",
            "regions": [name for name in offered["regions"] if mark("region", name) in ticked],
            "topics": [name for name in offered["topics"] if mark("topic", name) in ticked],
        }
    return chosen


def _pick_value(key: str):
    """A checkbox's value: the story's key (hashed short), the kind and the name."""
    story = hashlib.sha256(key.encode()).hexdigest()[:12]
    return lambda kind, name: f"{story}|{kind}|{name}"


def _confirm(request, token: str):
    options = request.session.get(SESSION_KEY, {}).get(token)
    staged = staging.find(token)
    if options is None or staged is None:
        imported = token in request.session.get(DONE_KEY, []) or (staged is not None and staged.imported_at)
        return _refuse(request, staging.Refused(staging.IMPORTED if imported else staging.EXPIRED))
    # Permissions are checked again: the preview may have been made before a role changed.
    options = {**options, "publish": options["publish"] and may_publish(request.user)}
    options["confirmed"] = _confirmed(request, token)
    if staging.in_background(staged):
        return _to_worker(request, token=token, dry_run=False, options=options)
    try:
        held = staging.claim(token)
        # A run that stops on the way gives its claim back and keeps the files, for a second confirm.
        report = staging.confirm(held, options, user=request.user)
    except staging.Refused as refusal:  # held by another confirm, imported already, or its files gone
        return _refuse(request, refusal, token=token)
    _forget_token(request, token)
    return _render(request, report=report, done=True)


def _refuse(request, refusal, token: str = ""):
    """The upload form again, saying truthfully why nothing was imported (and, while another confirm holds the files,
    a button to confirm again once it has stopped)."""
    form = ImportForm(can_publish=may_publish(request.user))
    retry = token if refusal.reason == staging.RUNNING else ""
    return _render(request, form=form, error=refusal.message, retry_token=retry)


def _to_worker(request, **job):
    started, queue = uploads.start(user=request.user, **job)
    if queue:
        transaction.on_commit(lambda: import_upload.enqueue(str(started.pk)))
    return redirect(f"{reverse('admin:articles_article_import')}?job={started.pk}")


def _progress(request, job_id: str):
    job = UploadImport.objects.filter(pk=job_id, user=request.user).first() if _UUID.match(job_id) else None
    if job is None:
        raise Http404("No such import.")
    if job.status != UploadStatus.FINISHED:
        stalled = uploads.stalled(job)
        return _render(request, job=job, stalled=stalled, template="admin/articles/import_progress.html")
    report = uploads.report_of(job)
    if job.dry_run:
        _offer(request, job.token, report)
        return _render(request, report=report, token=job.token, options=job.options)
    _forget_token(request, job.token)
    return _render(request, report=report, done=True)


def _forget_token(request, token: str) -> None:
    pending = request.session.get(SESSION_KEY, {})
    pending.pop(token, None)
    request.session[SESSION_KEY] = pending
    request.session[OFFERED_KEY] = {t: o for t, o in request.session.get(OFFERED_KEY, {}).items() if t in pending}
    request.session[DONE_KEY] = [*request.session.get(DONE_KEY, [])[-19:], token]


def _render(request, template: str = "admin/articles/import.html", **context):
    report = context.get("report")
    context["media"] = forms.Media()  # form_page.html prints it with the page's nonce
    if context.get("form") is not None:
        form = context["form"]
        context["adminform"] = helpers.AdminForm(form, [(None, {"fields": list(form.fields)})], {})
        context["media"] = form.media
    if report is not None:
        context["rows"] = _rows(report)
        context["summary"] = {name: n for name, n in report.summary().items() if n}
        context["cards"] = [_card(item) for item in report.items if item.preview] if report.dry_run else []
    return render(
        request,
        template,
        {
            **admin.site.each_context(request),
            "title": "Import articles",
            "opts": Article._meta,
            **context,
        },
    )


def _rows(report) -> list[dict]:
    return [
        {
            "item": item,
            "url": reverse("admin:articles_article_change", args=[item.article_id])
            if item.article_id and not report.dry_run
            else "",
        }
        for item in report.items
    ]


def _card(item: ItemResult) -> dict:
    """A story's preview with its suggestions as checkboxes (value, label) and its outcome."""
    card, offered = item.preview, item.preview["suggestions"]
    mark = _pick_value(card["key"])
    choices = [(mark("section", offered["section"]), f"{offered['section']} (section)")] if offered["section"] else []
    choices += [(mark("region", name), name) for name in offered["regions"]]
    choices += [(mark("topic", name), f"{name} (topic)") for name in offered["topics"]]
    return {**card, "item": item, "choices": choices}
