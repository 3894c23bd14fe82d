"""The editors' admin: importing the modules registers their ModelAdmins (the desk's look: newsroom/desk.py)."""

from articles.admin import accounts, articles, fronts, images, taxonomy

__all__ = ["accounts", "articles", "fronts", "images", "taxonomy"]
