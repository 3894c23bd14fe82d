"""The editors' desk's look and navigation: django-unfold's settings (read by settings.py as ``UNFOLD``).

Only lazy things here (reverse_lazy, dotted paths): settings import this module before any app is loaded.
The sidebar names what editors do, in the order they do it; everything else stays under "All applications".
"""

from django.templatetags.static import static
from django.urls import reverse_lazy


def _item(title: str, icon: str, url: str, perm: str) -> dict:
    """A sidebar link shown only to those who may open it. ``perm``: a model ("live.LiveCoverage"), whose ModelAdmin
    decides as it does for its own pages, or a permission ("articles.publish_article") for the desk's other pages."""
    return {"title": title, "icon": icon, "link": reverse_lazy(url), "permission": lambda request: _may(request, perm)}


def _may(request, perm: str) -> bool:
    app_label, name = perm.split(".")
    if not name[:1].isupper():
        return request.user.has_perm(perm)
    from django.apps import apps
    from django.contrib import admin

    model_admin = admin.site._registry.get(apps.get_model(app_label, name))
    return model_admin is not None and model_admin.has_view_or_change_permission(request)


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
        "DASHBOARD_CALLBACK": "articles.admin.dashboard.dashboard_callback",
        "STYLES": [
            lambda request: static("css/admin.css"),
            lambda request: static("css/desk.css"),
            # The body editor: its height, toolbar glyphs that need no font, embedded posts.
            lambda request: static("css/desk-editor.css"),
            # The picture library's grid of cards, the focal point picker and its crop previews.
            lambda request: static("css/desk-pictures.css"),
        ],
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
            "navigation": [
                {
                    "title": "Desk",
                    "items": [
                        {"title": "Dashboard", "icon": "dashboard", "link": reverse_lazy("admin:index")},
                        _item("Stories", "article", "admin:articles_article_changelist", "articles.Article"),
                        _item("Import", "upload_file", "admin:articles_article_import", "articles.add_article"),
                        _item("Fronts", "view_quilt", "admin:articles_front_changelist", "articles.publish_article"),
                        _item("Pictures", "photo_library", "admin:articles_image_changelist", "articles.Image"),
                        _item("Live blogs", "rss_feed", "admin:live_livecoverage_changelist", "live.LiveCoverage"),
                        _item(
                            "Breaking alerts",
                            "campaign",
                            "admin:live_breakingalert_changelist",
                            "live.BreakingAlert",
                        ),
                        _item("Activity", "history", "admin:articles_article_activity", "articles.publish_article"),
                    ],
                },
                {
                    "title": "Tags and people",
                    "collapsible": True,
                    "items": [
                        _item("Sections", "folder", "admin:articles_section_changelist", "articles.Section"),
                        _item("Regions", "public", "admin:articles_region_changelist", "articles.Region"),
                        _item("Topics", "sell", "admin:articles_topic_changelist", "articles.Topic"),
                        _item("Authors", "badge", "admin:articles_author_changelist", "articles.Author"),
                        _item("Sources", "source", "admin:articles_source_changelist", "articles.Source"),
                    ],
                },
                {
                    "title": "Site",
                    "collapsible": True,
                    "items": [
                        _item("Pages", "description", "admin:pages_page_changelist", "pages.Page"),
                        _item("Menus", "menu", "admin:pages_menuitem_changelist", "pages.MenuItem"),
                        _item(
                            "Logo and favicon",
                            "branding_watermark",
                            "admin:pages_sitesettings_changelist",
                            "pages.SiteSettings",
                        ),
                    ],
                },
                {
                    "title": "Syndication",
                    "collapsible": True,
                    "items": [
                        _item("Ingest sources", "cloud_download", "admin:ingest_source_changelist", "ingest.Source"),
                        _item("API keys", "key", "admin:api_apikey_changelist", "api.ApiKey"),
                        _item("Webhooks", "webhook", "admin:api_webhookendpoint_changelist", "api.WebhookEndpoint"),
                    ],
                },
                {
                    "title": "People",
                    "collapsible": True,
                    "items": [
                        _item("Users", "person", "admin:auth_user_changelist", "auth.User"),
                        _item("Groups", "group", "admin:auth_group_changelist", "auth.Group"),
                    ],
                },
            ],
        },
    }
