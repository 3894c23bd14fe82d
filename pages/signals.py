"""Receivers for the site chrome: a write to a page, a menu item or the settings retires the cached chrome and purges
the cached pages (``pages.chrome.chrome_changed``). A section's write retires the chrome only: the pages naming it are
purged by its name key as before (``articles.signals``; the menus record it, ``pages.chrome.record_names``)."""

from django.db.models.signals import post_delete, post_save

from articles.models import Section
from pages.chrome import chrome_changed
from pages.models import MenuItem, Page, SiteSettings


def connect() -> None:
    for model in (Page, MenuItem, SiteSettings, Section):
        uid = f"pages-chrome-{model.__name__}"
        post_save.connect(_changed, sender=model, dispatch_uid=f"{uid}-saved")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"{uid}-deleted")


def _changed(sender, raw=False, **kwargs):
    if not raw:
        chrome_changed(purge_pages=sender is not Section)
