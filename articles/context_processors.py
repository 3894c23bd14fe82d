from django.conf import settings


def site(request):
    """The site's name and locale, on every page (its menus and footer: pages.context_processors)."""
    return {"site_name": settings.NEWSROOM["SITE_NAME"], "site_locale": settings.NEWSROOM["SITE_LOCALE"]}
