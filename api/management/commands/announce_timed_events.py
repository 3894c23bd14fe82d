from django.core.management.base import BaseCommand

from api.webhooks import announce_timed_events


class Command(BaseCommand):
    help = "Tell webhooks about scheduled stories that went live and stories that expired (run from cron each minute)."

    def handle(self, *args, **options):
        count = announce_timed_events()
        self.stdout.write(self.style.SUCCESS(f"{count} event(s) announced"))
