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

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time

from django import forms
from django.contrib.admin import site
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from reversion.models import Revision, Version
from unfold.widgets import INPUT_CLASSES, UnfoldAdminSelectWidget

from articles import history
from articles.models import Article, Status
from articles.permissions import may_publish

PER_PAGE = 50
EXPIRY = "expiry"
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
        self.fields["action"].choices = [
            ("", "Everything"),
            *((key, label) for key, (label, _) in ACTIONS.items()),
            *((source.key, source.label) for source in _SOURCES.values()),
        ]


@dataclass
class Entry:
    when: datetime
    who: str
    what: str
    stories: list[tuple[str, str]]  # (headline, admin URL)
    report_url: str = ""  # an import run's stored report


@dataclass(frozen=True)
class Source:
    """Entries another app adds: ``rows(chosen, newest=, oldest=)`` its rows in the chosen dates and bounds, newest
    first; ``entry(row)`` one Entry; a ``report`` view answers ``?<report_param>=ID``."""

    key: str
    label: str
    rows: Callable
    entry: Callable
    report_param: str = ""
    report: Callable | None = None


_SOURCES: dict[str, Source] = {}


def register_source(source: Source) -> None:
    _SOURCES[source.key] = source


def bounds(chosen: dict) -> tuple[datetime | None, datetime | None]:
    """The chosen dates as times: from the start of "From" to the end of "To"."""
    return _bounds(chosen)


def activity_view(request):
    if not may_publish(request.user):
        raise PermissionDenied("The activity page is for editors.")
    for source in _SOURCES.values():
        if source.report_param and source.report_param in request.GET:
            return source.report(request, request.GET[source.report_param])
    form = ActivityFilter(request.GET or None)
    chosen = form.cleaned_data if form.is_valid() else {}
    if chosen.get("action") == EXPIRY:
        page = Paginator(_expired(chosen), PER_PAGE).get_page(request.GET.get("page"))
        entries = [_expiry_entry(row) for row in page.object_list]
    elif chosen.get("action") in _SOURCES:
        source = _SOURCES[chosen["action"]]
        page = Paginator(source.rows(chosen), PER_PAGE).get_page(request.GET.get("page"))
        entries = [source.entry(row) for row in page.object_list]
    else:
        page = Paginator(_revisions(chosen), PER_PAGE).get_page(request.GET.get("page"))
        entries = [_entry(revision) for revision in page.object_list]
    if not chosen.get("action"):
        # Expiries and other apps' entries of this page's period, from the previous page's oldest revision (the
        # first page: from now on) down to this page's oldest (the last page: to the beginning), so each shows once,
        # on the page of its time. Those are capped per page; their own action lists them all.
        revisions = page.paginator.object_list
        newest = None if page.number == 1 else revisions.values_list("date_created", flat=True)[page.start_index() - 2]
        oldest = page.object_list[len(page.object_list) - 1].date_created if page.has_next() else None
        extra = [
            source.entry(row)
            for source in _SOURCES.values()
            for row in source.rows(chosen, newest=newest, oldest=oldest)[:PER_PAGE]
        ]
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


def _expiry_entry(row) -> Entry:
    pk, headline, at = row
    return Entry(
        at, "Newsroom (automatic)", "Expired", [(headline, reverse("admin:articles_article_change", args=[pk]))]
    )
