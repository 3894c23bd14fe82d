from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = "Site pages and menus"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from pages import signals

        signals.connect()
