"""The editors' admin: importing the modules registers their ModelAdmins."""

from articles.admin import articles, images, taxonomy

__all__ = ["articles", "images", "taxonomy"]
