"""The editors' admin: importing the modules registers their ModelAdmins (the desk's look: newsroom/desk.py)."""

from django.contrib import admin

from articles.admin import accounts, articles, fronts, images, taxonomy

# The index is the desk's front page (articles.admin.dashboard), not a list of applications.
admin.site.index_title = "The desk"

__all__ = ["accounts", "articles", "fronts", "images", "taxonomy"]
