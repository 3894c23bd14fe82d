"""The stories' ModelAdmins in the desk: importing the modules registers them (the desk's shell is ``desk/``; this
app's panels, pages and sidebar links are registered in ``articles/desk_hooks.py``)."""

from articles.admin import accounts, articles, fronts, images, taxonomy

__all__ = ["accounts", "articles", "fronts", "images", "taxonomy"]
