"""The site's pages, menus, logo and favicon in the desk's sidebar."""

from desk import sidebar

sidebar.register_item(sidebar.SITE, 10, "Pages", "description", "admin:pages_page_changelist", "pages.Page")
sidebar.register_item(sidebar.SITE, 20, "Menus", "menu", "admin:pages_menuitem_changelist", "pages.MenuItem")
sidebar.register_item(
    sidebar.SITE,
    30,
    "Logo and favicon",
    "branding_watermark",
    "admin:pages_sitesettings_changelist",
    "pages.SiteSettings",
)
