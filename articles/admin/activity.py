"""The desk's activity page: who published, scheduled, withdrew, corrected, saved pending changes, merged tags
or imported what, and when; stories that expired by themselves among them.

Read from django-reversion's revisions rather than a second store: every write of a story (the admin's saves,
the services, each imported story) already leaves one, with its user, time and a comment saying what happened,
and merges leave one too (``services.record_activity``). Expiry writes nothing, so it is read from the stories'
expiry times and placed among the revisions of the same period. Import runs (a confirmed desk import, a
``manage.py import_articles`` run, an ingest poll that changed something or failed) are ``ingest.ImportRun`` rows,
placed among the revisions the same way, each linking to its stored report (``?run=ID``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from django import forms
from django.contrib.admin import site
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from reversion.models import Revision, Version
from unfold.widgets import INPUT_CLASSES, UnfoldAdminSelectWidget

from articles import history
from articles.admin import workflow
from articles.importers import Outcome
from articles.models import Article, Status

PER_PAGE = 50
EXPIRY = "expiry"
RUNS = "import_run"
# What each action's revisions say (the comments written by the admin, the services and the importer).
ACTIONS: dict[str, tuple[str, Q | None]] = {
    "publish": ("Published", Q(comment__startswith="Published") & ~Q(comment__startswith="Published pending")),
    "schedule": ("Scheduled", Q(comment__startswith="Scheduled")),
    "withdraw": ("Withdrawn", Q(comment__startswith="Withdrawn")),
    EXPIRY: ("Expired", None),
    "correction": (
        "Correction",
        Q(comment__startswith="Correction published")
        | Q(comment__startswith="Clarification published")
        | Q(comment__startswith="Editor’s note published"),
    ),
    "pending": (
        "Pending changes",
        Q(comment__startswith="Saved changes as draft") | Q(comment__startswith="Published pending"),
    ),
    "merge": ("Merge", Q(comment__startswith="Merged ")),
    "import": ("Import", Q(comment__startswith="Imported")),
    RUNS: ("Import runs", None),
}


_DATE = forms.DateInput(attrs={"type": "date", "class": " ".join(INPUT_CLASSES)})


class ActivityFilter(forms.Form):
    user = forms.ModelChoiceField(
        queryset=get_user_model().objects.none(), required=False, empty_label="Anyone", widget=UnfoldAdminSelectWidget
    )
    action = forms.ChoiceField(required=False, widget=UnfoldAdminSelectWidget)
    since = forms.DateField(required=False, label="From", widget=_DATE)
    until = forms.DateField(required=False, label="To", widget=_DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = get_user_model().objects.filter(is_staff=True).order_by("username")
        self.fields["action"].choices = [("", "Everything"), *((key, label) for key, (label, _) in ACTIONS.items())]


@dataclass
class Entry:
    when: datetime
    who: str
    what: str
    stories: list[tuple[str, str]]  # (headline, admin URL)
    report_url: str = ""  # an import run's stored report


def activity_view(request):
    if not workflow.can_publish(request.user):
        raise PermissionDenied("The activity page is for editors.")
    if "run" in request.GET:
        return _run_report(request, request.GET["run"])
    form = ActivityFilter(request.GET or None)
    chosen = form.cleaned_data if form.is_valid() else {}
    if chosen.get("action") == EXPIRY:
        page = Paginator(_expired(chosen), PER_PAGE).get_page(request.GET.get("page"))
        entries = [_expiry_entry(row) for row in page.object_list]
    elif chosen.get("action") == RUNS:
        page = Paginator(_runs(chosen), PER_PAGE).get_page(request.GET.get("page"))
        entries = [_run_entry(run) for run in page.object_list]
    else:
        page = Paginator(_revisions(chosen), PER_PAGE).get_page(request.GET.get("page"))
        entries = [_entry(revision) for revision in page.object_list]
    if not chosen.get("action"):
        # Expiries and import runs of this page's period, from the previous page's oldest revision (the first page:
        # from now on) down to this page's oldest (the last page: to the beginning), so each shows once, on the page
        # of its time. Runs are capped per page; "Import runs" lists them all.
        revisions = page.paginator.object_list
        newest = None if page.number == 1 else revisions.values_list("date_created", flat=True)[page.start_index() - 2]
        oldest = page.object_list[len(page.object_list) - 1].date_created if page.has_next() else None
        extra = [_run_entry(run) for run in _runs(chosen, newest=newest, oldest=oldest)[:PER_PAGE]]
        if _interleaves_expiry(chosen):
            extra += [_expiry_entry(row) for row in _expired(chosen, newest=newest, oldest=oldest)]
        entries = sorted([*entries, *extra], key=lambda e: e.when, reverse=True)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        **site.each_context(request),
        "title": "Activity",
        "opts": Article._meta,
        "form": form,
        "media": form.media,  # form_page.html prints it with the page's nonce
        "entries": entries,
        "page_obj": page,
        "query": query.urlencode(),
    }
    return TemplateResponse(request, "admin/articles/activity.html", context)


def _revisions(chosen: dict):
    stories = Version.objects.filter(content_type=ContentType.objects.get_for_model(Article)).order_by("pk")
    revisions = Revision.objects.select_related("user").prefetch_related(Prefetch("version_set", queryset=stories))
    action = chosen.get("action")
    if action:
        revisions = revisions.filter(ACTIONS[action][1])
    if chosen.get("user"):
        revisions = revisions.filter(user=chosen["user"])
    since, until = _bounds(chosen)
    if since:
        revisions = revisions.filter(date_created__gte=since)
    if until:
        revisions = revisions.filter(date_created__lt=until)
    return revisions.order_by("-date_created", "-pk")


def _bounds(chosen: dict) -> tuple[datetime | None, datetime | None]:
    def start_of(day):
        return timezone.make_aware(datetime.combine(day, time.min)) if day else None

    until = chosen.get("until")
    return start_of(chosen.get("since")), start_of(until and until.fromordinal(until.toordinal() + 1))


def _entry(revision: Revision) -> Entry:
    versions = list(revision.version_set.all())
    event = history.describe(revision, versions[0] if versions else None)  # the History page's words too
    stories = [
        (version.object_repr, reverse("admin:articles_article_change", args=[version.object_id]))
        for version in versions
    ]
    return Entry(revision.date_created, event.who, event.summary, stories)


def _interleaves_expiry(chosen: dict) -> bool:
    return not chosen.get("action") and not chosen.get("user")  # expiry is nobody's doing


def _expired(chosen: dict, *, newest: datetime | None = None, oldest: datetime | None = None):
    """Stories that left the site at their expiry time, newest first, within the chosen dates."""
    expired = Article.objects.filter(status=Status.PUBLISHED, expires_at__lte=timezone.now())
    since, until = _bounds(chosen)
    for bound in filter(None, (since, oldest)):
        expired = expired.filter(expires_at__gte=bound)
    for bound in filter(None, (until, newest)):
        expired = expired.filter(expires_at__lt=bound)
    return expired.order_by("-expires_at", "-pk").values_list("pk", "headline", "expires_at")


def _runs(chosen: dict, *, newest: datetime | None = None, oldest: datetime | None = None):
    from ingest.models import ImportRun

    runs = ImportRun.objects.select_related("user").defer("report")
    if chosen.get("user"):
        runs = runs.filter(user=chosen["user"])
    since, until = _bounds(chosen)
    for bound in filter(None, (since, oldest)):
        runs = runs.filter(created_at__gte=bound)
    for bound in filter(None, (until, newest)):
        runs = runs.filter(created_at__lt=bound)
    return runs.order_by("-created_at", "-pk")


def _run_entry(run) -> Entry:
    from ingest.models import RunVia

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


def _run_report(request, run_id: str):
    from ingest.models import ImportRun
    from ingest.runs import report_of

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
        "entry": _run_entry(run),
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


def _expiry_entry(row) -> Entry:
    pk, headline, at = row
    return Entry(
        at, "Newsroom (automatic)", "Expired", [(headline, reverse("admin:articles_article_change", args=[pk]))]
    )
