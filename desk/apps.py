from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class DeskConfig(AppConfig):
    name = "desk"
    verbose_name = "Desk"

    def ready(self):
        from django.contrib import admin

        from desk import pages, pickers

        # Each app's sidebar entries, dashboard panels and desk pages (its desk_hooks.py).
        autodiscover_modules("desk_hooks")
        # unfold's admin site puts these before the ModelAdmins' own URLs.
        admin.site.extra_urls = pages.urls
        # Every autocomplete answer carries what the chosen model's admin says of each result (desk.pickers).
        admin.site.autocomplete_view = pickers.autocomplete_view(admin.site)
        # The index is the desk's front page (desk.dashboard), not a list of applications.
        admin.site.index_title = "The desk"
