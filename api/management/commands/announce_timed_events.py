from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from api.webhooks import announce_timed_events


class Command(BaseCommand):
    help = (
        "Tell webhooks about scheduled stories that went live and stories that expired in the last minutes, for "
        "cron where no worker runs (the worker's scheduler does it every 10 s). Each event is claimed in the "
        "database first, so running this on several machines at once, or beside workers, tells each event once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--minutes", type=int, default=2, help="How far back to look (default 2).")

    def handle(self, *args, minutes, **options):
        count = announce_timed_events(since=timezone.now() - timedelta(minutes=minutes))
        self.stdout.write(self.style.SUCCESS(f"{count} event(s) announced"))
