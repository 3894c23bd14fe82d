"""The stories' panels on the desk's front page (``desk.dashboard``), registered in ``articles/desk_hooks.py``.

Each list is one query. Editors (who may publish) see the newsroom's queues; writers see their own stories: drafts,
what they submitted, and what an editor sent back. Other apps add their own panels (ingest's failing sources, live's
Most read).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, OuterRef, Subquery
from django.db.models.functions import Cast
from django.urls import reverse
from reversion.models import Version

from articles import services
from articles.models import Article, Status
from articles.permissions import may_add, may_publish
from desk.dashboard import Panel


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


def panels(request) -> list[Panel]:
    user = request.user
    if not user.has_perm("articles.view_article"):
        return []
    return editor_panels(user) if may_publish(user) else writer_panels(user)


def heading(request) -> dict | None:
    """The page's title and its "Write a story" button; None for someone who does not see stories."""
    user = request.user
    if not user.has_perm("articles.view_article"):
        return None
    return {
        "desk_is_editor": may_publish(user),
        "desk_add_url": reverse("admin:articles_article_add") if may_add(user) else "",
    }
