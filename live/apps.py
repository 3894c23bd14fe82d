from django.apps import AppConfig


class LiveConfig(AppConfig):
    name = "live"
    verbose_name = "Live coverage"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from live import signals, story_page  # noqa: F401 (story_page registers the story page's live part)

        signals.connect()
