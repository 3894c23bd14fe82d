from django.apps import AppConfig


class NewslettersConfig(AppConfig):
    name = "newsletters"
    verbose_name = "Newsletters"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The app's receivers: story events (alerts waiting for their story), the mail service's bounce and
        # complaint reports (anymail's tracking signal). Here, not in articles: the articles app does not know
        # newsletters exist.
        from newsletters import alerts, tracking

        alerts.connect()
        tracking.connect()
