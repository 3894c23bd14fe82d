"""The desk's front page: what needs this editor (or writer) now.

Each list is one query, newest or most urgent first, cut at ``SHOWN`` rows with a link to the full list when there
are more; an empty list says so in words. Editors (who may publish) see the newsroom's queues; writers see their own
stories: drafts, what they submitted, and what an editor sent back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, OuterRef, Subquery
from django.db.models.functions import Cast
from django.urls import reverse
from reversion.models import Version

from articles import services
from articles.admin.workflow import can_publish
from articles.models import Article, Status

SHOWN = 8


@dataclass
class Panel:
    """One list on the dashboard: its rows (``Article``s, or sources for failures) and where the whole list is."""

    key: str
    title: str
    empty: str
    rows: list = field(default_factory=list)
    more_url: str = ""
    has_more: bool = False
    kind: str = "stories"  # "stories", or "sources" for ingest failures

    def fill(self, rows) -> Panel:
        rows = list(rows[: SHOWN + 1])
        self.rows, self.has_more = rows[:SHOWN], len(rows) > SHOWN
        return self


def _stories():
    return Article.objects.select_related("section", "created_by").only(
        "headline",
        "status",
        "published_at",
        "updated_at",
        "expires_at",
        "import_held_at",
        "import_held_note",
        "section__name",
        "created_by__username",
        "created_by__first_name",
        "created_by__last_name",
    )


def _changelist(**filters) -> str:
    return reverse("admin:articles_article_changelist") + ("?" + urlencode(filters) if filters else "")


def _last_revision_comment():
    """The comment of the story's latest revision, for "came back to me" (the editor's Return to writer)."""
    versions = Version.objects.filter(
        content_type=ContentType.objects.get_for_model(Article),
        object_id=Cast(OuterRef("pk"), output_field=CharField()),
    )
    return Subquery(versions.order_by("-revision__date_created", "-pk").values("revision__comment")[:1])


def editor_panels(user) -> list[Panel]:
    stories = _stories()
    panels = [
        Panel(
            "review",
            "Waiting for review",
            "Nothing is waiting for review.",
            more_url=_changelist(status__exact=Status.IN_REVIEW),
        ).fill(stories.filter(status=Status.IN_REVIEW).order_by("updated_at", "pk")),
        Panel(
            "held",
            "Held by imports",
            "No import is waiting for a decision.",
            more_url=_changelist(held="yes"),
        ).fill(stories.filter(import_held_at__isnull=False).order_by("import_held_at", "pk")),
        Panel(
            "scheduled",
            "Scheduled",
            "Nothing is scheduled.",
            more_url=_changelist(state="scheduled"),
        ).fill(stories.scheduled().order_by("published_at", "pk")),
        _my_drafts(stories.filter(created_by=user)),
        Panel(
            "live",
            "Live now, latest first",
            "Nothing is published yet.",
            more_url=_changelist(state="live"),
        ).fill(stories.published().order_by("-published_at", "-pk")),
    ]
    panels.append(_ingest_failures())
    panels.append(_most_read())
    return panels


def writer_panels(user) -> list[Panel]:
    mine = _stories().filter(created_by=user)
    returned = services.RETURNED
    return [
        Panel(
            "returned",
            "Came back to me",
            "Nothing has come back from the editors.",
            more_url=_changelist(status__exact=Status.DRAFT, mine="yes"),
        ).fill(
            mine.filter(status=Status.DRAFT)
            .annotate(last_comment=_last_revision_comment())
            .filter(last_comment=returned)
            .order_by("-updated_at", "-pk")
        ),
        _my_drafts(mine),
        Panel(
            "submitted",
            "Submitted for review",
            "Nothing of yours is waiting for review.",
            more_url=_changelist(status__exact=Status.IN_REVIEW, mine="yes"),
        ).fill(mine.filter(status=Status.IN_REVIEW).order_by("updated_at", "pk")),
    ]


def _my_drafts(mine) -> Panel:
    return Panel(
        "mine", "My drafts", "You have no drafts.", more_url=_changelist(status__exact=Status.DRAFT, mine="yes")
    ).fill(mine.filter(status=Status.DRAFT).order_by("-updated_at", "-pk"))


def _ingest_failures() -> Panel:
    from ingest.models import Source  # the ingest app builds on articles

    panel = Panel(
        "failures",
        "Feeds and imports failing",
        "Every feed and drop folder is working.",
        more_url=reverse("admin:ingest_source_changelist"),
        kind="sources",
    )
    return panel.fill(
        Source.objects.filter(failures__gt=0)
        .only("name", "failures", "last_error", "last_error_at")
        .order_by("-last_error_at", "pk")
    )


def _most_read() -> Panel:
    from live.reads import most_read  # Most read lives with live coverage; it reads Redis, or nothing without it

    panel = Panel("most_read", "Most read now", "No reading figures yet.")
    panel.rows = most_read(limit=SHOWN)
    return panel


def dashboard_callback(request, context):
    """unfold's DASHBOARD_CALLBACK: the admin index's context, with the panels for whoever is looking."""
    user = request.user
    if not user.has_perm("articles.view_article"):
        return context
    editor = can_publish(user)
    context.update(
        desk_panels=editor_panels(user) if editor else writer_panels(user),
        desk_is_editor=editor,
        desk_add_url=reverse("admin:articles_article_add") if user.has_perm("articles.add_article") else "",
        desk_import_url=reverse("admin:articles_article_import") if user.has_perm("articles.add_article") else "",
    )
    return context
