from django.conf import settings

from articles.models import Section


def site(request):
    """Site name and the section navigation, on every page (one small query, sections are few)."""
    return {
        "site_name": settings.NEWSROOM["SITE_NAME"],
        "site_locale": settings.NEWSROOM["SITE_LOCALE"],
        "nav_sections": Section.objects.only("name", "slug").order_by("position", "name"),
    }
