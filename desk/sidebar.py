"""The desk's look and navigation: django-unfold's settings (read by settings.py as ``UNFOLD``) and the sidebar.

The sidebar's groups are the shell's (what editors do, tags and people, the site, syndication, people); the links in
them are registered by the apps that own the pages (``register_item`` in each app's ``desk_hooks.py``), each shown
only to those allowed to open it. Only lazy things at import time: settings import this module before any app is
loaded.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.templatetags.static import static
from django.urls import reverse_lazy

DESK, TAGS, SITE, SYNDICATION, PEOPLE = "Desk", "Tags and people", "Site", "Syndication", "People"
GROUPS = (DESK, TAGS, SITE, SYNDICATION, PEOPLE)


@dataclass(frozen=True)
class Item:
    group: str
    order: int
    title: str
    icon: str
    url: str
    perm: str


_ITEMS: dict[str, Item] = {}


def register_item(group: str, order: int, title: str, icon: str, url: str, perm: str) -> None:
    """A sidebar link. ``perm``: a model ("live.LiveCoverage"), whose ModelAdmin decides as it does for its own pages,
    or a permission ("articles.publish_article") for the desk's other pages. ``order`` places it in its group."""
    if group not in GROUPS:
        raise ValueError(f"{group!r} is not one of the sidebar's groups {GROUPS}")
    _ITEMS[url] = Item(group, order, title, icon, url, perm)


def _may(request, perm: str) -> bool:
    app_label, name = perm.split(".")
    if not name[:1].isupper():
        return request.user.has_perm(perm)
    from django.apps import apps
    from django.contrib import admin

    model_admin = admin.site._registry.get(apps.get_model(app_label, name))
    return model_admin is not None and model_admin.has_view_or_change_permission(request)


def _link(item: Item) -> dict:
    return {
        "title": item.title,
        "icon": item.icon,
        "link": reverse_lazy(item.url),
        "permission": lambda request: _may(request, item.perm),
    }


def navigation(request) -> list[dict]:
    """unfold's SIDEBAR navigation (a dotted path to this function, called per request)."""
    groups = []
    for title in GROUPS:
        items = sorted((item for item in _ITEMS.values() if item.group == title), key=lambda item: item.order)
        links = [_link(item) for item in items]
        if title == DESK:
            links.insert(0, {"title": "Dashboard", "icon": "dashboard", "link": reverse_lazy("admin:index")})
        if links:
            groups.append({"title": title, "items": links, **({"collapsible": True} if title != DESK else {})})
    return groups


def settings(site_name: str) -> dict:
    return {
        "SITE_TITLE": f"{site_name} desk",
        "SITE_HEADER": site_name,
        "SITE_SUBHEADER": "Editors' desk",
        "SITE_URL": "/",
        "SITE_SYMBOL": "newspaper",
        "SITE_FAVICONS": [{"rel": "icon", "type": "image/svg+xml", "href": lambda request: static("favicon.svg")}],
        "SHOW_HISTORY": True,
        "SHOW_VIEW_ON_SITE": True,
        "BORDER_RADIUS": "4px",
        "DASHBOARD_CALLBACK": "desk.dashboard.dashboard_callback",
        "STYLES": [
            lambda request: static("css/admin.css"),
            lambda request: static("css/desk.css"),
            # The body editor: its height, toolbar glyphs that need no font, embedded posts.
            lambda request: static("css/desk-editor.css"),
            # The picture library's grid of cards, the focal point picker and its crop previews.
            lambda request: static("css/desk-pictures.css"),
            # The story form: bordered boxes, the button bar and its dialogs, locks and drafts, dropped pictures.
            lambda request: static("css/desk-form.css"),
        ],
        # The sidebar usable at every width (unfold's script and stylesheet disagree at exactly 1280 px).
        "SCRIPTS": [lambda request: static("js/desk-sidebar.js"), lambda request: static("js/desk-pickers.js")],
        # A news blue for buttons and links: white text on 600-700 passes WCAG AA.
        "COLORS": {
            "primary": {
                "50": "oklch(97% .014 254.604)",
                "100": "oklch(93.2% .032 255.585)",
                "200": "oklch(88.2% .059 254.128)",
                "300": "oklch(80.9% .105 251.813)",
                "400": "oklch(70.7% .165 254.624)",
                "500": "oklch(62.3% .214 259.815)",
                "600": "oklch(54.6% .245 262.881)",
                "700": "oklch(48.8% .243 264.376)",
                "800": "oklch(42.4% .199 265.638)",
                "900": "oklch(37.9% .146 265.522)",
                "950": "oklch(28.2% .091 267.935)",
            },
        },
        "SIDEBAR": {
            "show_search": True,
            "show_all_applications": True,
            "navigation": "desk.sidebar.navigation",
        },
    }
