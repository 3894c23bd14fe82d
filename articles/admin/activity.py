"""The desk's activity page: who published, scheduled, withdrew, corrected, saved pending changes, merged tags
or imported what, and when; stories that expired by themselves among them.

Read from django-reversion's revisions rather than a second store: every write of a story (the admin's saves,
the services, each imported story) already leaves one, with its user, time and a comment saying what happened,
and merges leave one too (``services.record_activity``). Expiry writes nothing, so it is read from the stories'
expiry times and placed among the revisions of the same period.
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
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from reversion.models import Revision, Version

from articles.admin import workflow
from articles.models import Article, Status

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


class ActivityFilter(forms.Form):
    user = forms.ModelChoiceField(queryset=get_user_model().objects.none(), required=False, empty_label="Anyone")
    action = forms.ChoiceField(required=False)
    since = forms.DateField(required=False, label="From", widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(required=False, label="To", widget=forms.DateInput(attrs={"type": "date"}))

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


def activity_view(request):
    if not workflow.can_publish(request.user):
        raise PermissionDenied("The activity page is for editors.")
    form = ActivityFilter(request.GET or None)
    chosen = form.cleaned_data if form.is_valid() else {}
    if chosen.get("action") == EXPIRY:
        page = Paginator(_expired(chosen), PER_PAGE).get_page(request.GET.get("page"))
        entries = [_expiry_entry(row) for row in page.object_list]
    else:
        page = Paginator(_revisions(chosen), PER_PAGE).get_page(request.GET.get("page"))
        entries = [_entry(revision) for revision in page.object_list]
    if _interleaves_expiry(chosen):
        # Expiries of this page's period, between its newest and oldest revision (the first page from now on,
        # the last down to the beginning): every expiry shows once, on the page of its time.
        newest = None if page.number == 1 else entries[0].when if entries else None
        oldest = entries[-1].when if entries and page.has_next() else None
        expiries = [_expiry_entry(row) for row in _expired(chosen, newest=newest, oldest=oldest)]
        entries = sorted([*entries, *expiries], key=lambda e: e.when, reverse=True)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        **site.each_context(request),
        "title": "Activity",
        "opts": Article._meta,
        "form": form,
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
    user = revision.user
    who = (user.get_full_name() or user.get_username()) if user else "Newsroom (automatic)"
    stories = [
        (version.object_repr, reverse("admin:articles_article_change", args=[version.object_id]))
        for version in revision.version_set.all()
    ]
    return Entry(revision.date_created, who, revision.get_comment() or "Changed", stories)


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
