"""Ingest's part of the desk: the import page, import runs on the activity page, failing sources on the front page,
and their sidebar links."""

from django.urls import reverse

from articles.admin.activity import register_source
from articles.permissions import ADD_PERMISSION, may_add, may_publish
from desk import sidebar
from desk.dashboard import Panel, register_context, register_panels
from desk.pages import register_page

from .desk import activity, imports
from .models import Source

register_page("articles/article/import/", imports.import_articles_view, name="articles_article_import")
register_source(activity.SOURCE)
sidebar.register_item(sidebar.DESK, 20, "Import", "upload_file", "admin:articles_article_import", ADD_PERMISSION)
sidebar.register_item(
    sidebar.SYNDICATION, 10, "Ingest sources", "cloud_download", "admin:ingest_source_changelist", "ingest.Source"
)


def failing_sources(request) -> list[Panel]:
    if not may_publish(request.user) or not request.user.has_perm("articles.view_article"):
        return []
    panel = Panel(
        "failures",
        "Feeds and imports failing",
        "Every feed and drop folder is working.",
        template="ingest/desk_row_source.html",
        more_url=reverse("admin:ingest_source_changelist"),
    )
    failing = Source.objects.filter(failures__gt=0).only("name", "failures", "last_error", "last_error_at")
    return [panel.fill(failing.order_by("-last_error_at", "pk"))]


def import_button(request) -> dict:
    adds = request.user.has_perm("articles.view_article") and may_add(request.user)
    return {"desk_import_url": reverse("admin:articles_article_import")} if adds else {}


register_panels(20, failing_sources)
register_context(import_button)
