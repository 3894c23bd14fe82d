"""The editors' admin: importing the modules registers their ModelAdmins (the desk's look: newsroom/desk.py)."""

from articles.admin import accounts, articles, images, taxonomy

__all__ = ["accounts", "articles", "images", "taxonomy"]
