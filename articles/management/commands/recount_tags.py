"""Repair the regions' and topics' stored story counts from their links (they are kept incrementally as stories are
published, withdrawn, retagged, merged and deleted; ``articles.related.index``). Offline work: each vocabulary's
counts in one statement, which holds every tag row it changes until it commits."""

from django.core.management.base import BaseCommand
from django.db import transaction

from articles.models import Region, Topic
from articles.related.index import count_drift, forget_related_lists, recount_tags


class Command(BaseCommand):
    help = "Recount every region's and topic's stories from the tag links, and say which counts were wrong."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only list the counts that are wrong.")

    def handle(self, *args, dry_run=False, **options):
        wrong = 0
        for tag_model in (Region, Topic):
            with transaction.atomic():
                drift = count_drift(tag_model)
                for pk, stored, actual in drift[:20]:
                    self.stdout.write(f"{tag_model._meta.verbose_name} {pk}: stored {stored}, counted {actual}")
                if len(drift) > 20:
                    self.stdout.write(f"... and {len(drift) - 20} more {tag_model._meta.verbose_name_plural}")
                if drift and not dry_run:
                    recount_tags(tag_model, [pk for pk, _stored, _actual in drift])
            wrong += len(drift)
        if wrong and not dry_run:
            forget_related_lists()
        verb = "would be" if dry_run else "were"
        self.stdout.write(self.style.SUCCESS(f"{wrong} tag counts {verb} corrected."))
