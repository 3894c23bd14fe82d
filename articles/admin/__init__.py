"""The editors' admin: importing the modules registers their ModelAdmins."""

from django.conf import settings
from django.contrib import admin

from articles.admin import articles, images, taxonomy

admin.site.site_header = f"{settings.NEWSROOM['SITE_NAME']} · editors' desk"
admin.site.site_title = f"{settings.NEWSROOM['SITE_NAME']} admin"
admin.site.index_title = "Desk"

__all__ = ["articles", "images", "taxonomy"]
