from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "Content API"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The API's own receivers (webhook events), here rather than in articles/signals.py: the articles app
        # does not know the API exists.
        from api import webhooks

        webhooks.connect()
