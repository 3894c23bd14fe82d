"""Newsletters in the desk: sidebar links, the preview page, and the front page's panel of editions going out."""

from desk import sidebar
from desk.dashboard import Panel, register_panels
from desk.pages import register_page

from .desk import edition_preview_view, sending_now

sidebar.register_item(
    sidebar.DESK, 70, "Newsletters", "mail", "admin:newsletters_edition_changelist", "newsletters.Edition"
)
sidebar.register_item(
    sidebar.DESK, 75, "Email alerts", "notifications", "admin:newsletters_alert_changelist", "newsletters.Alert"
)
sidebar.register_item(
    sidebar.SYNDICATION, 40, "Newsletter lists", "list_alt", "admin:newsletters_newsletterlist_changelist",
    "newsletters.NewsletterList",
)  # fmt: skip
sidebar.register_item(
    sidebar.PEOPLE,
    40,
    "Subscribers",
    "contact_mail",
    "admin:newsletters_subscriber_changelist",
    "newsletters.Subscriber",
)
register_page("newsletters/edition/<int:edition_id>/preview/", edition_preview_view, name="newsletters_edition_preview")


def going_out_panel(request) -> list[Panel]:
    if not request.user.has_perm("newsletters.view_edition"):
        return []
    panel = Panel(
        "newsletters", "Newsletters going out", "No newsletter is scheduled or sending.", "newsletters/desk/row.html"
    )
    return [panel.fill(sending_now())]


register_panels(40, going_out_panel)
