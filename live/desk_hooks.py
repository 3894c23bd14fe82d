"""Live coverage's part of the desk: its sidebar links and the front page's Most read panel."""

from articles.permissions import may_publish
from desk import sidebar
from desk.dashboard import SHOWN, Panel, register_panels

from .reads import most_read

sidebar.register_item(
    sidebar.DESK, 50, "Live blogs", "rss_feed", "admin:live_livecoverage_changelist", "live.LiveCoverage"
)
sidebar.register_item(
    sidebar.DESK, 60, "Breaking alerts", "campaign", "admin:live_breakingalert_changelist", "live.BreakingAlert"
)


def most_read_panel(request) -> list[Panel]:
    """Editors' "Most read now": from Redis's hourly counts, or the database's without it."""
    if not may_publish(request.user) or not request.user.has_perm("articles.view_article"):
        return []
    panel = Panel("most_read", "Most read now", "No reading figures yet.")
    panel.rows = most_read(limit=SHOWN)
    return [panel]


register_panels(30, most_read_panel)
