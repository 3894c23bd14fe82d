"""Send every purge the outbox owes, now, in this process (what the worker's periodic sweep queues)."""

from django.core.management.base import BaseCommand

from pagecache import outbox, tasks


class Command(BaseCommand):
    help = "Send every cache target the purges the outbox owes it (retries still failing go back on the queue)."

    def handle(self, *args, **options):
        targets = sorted(outbox.due_targets())
        for target in targets:
            tasks.purge_target.call(target)
        owed = outbox.pending_count()
        self.stdout.write(self.style.SUCCESS(f"{len(targets)} targets sent their due purges; {owed} purges owed."))
