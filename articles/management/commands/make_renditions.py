"""Make any missing picture renditions (they are normally made when a picture is saved)."""

from django.core.management.base import BaseCommand

from articles import renditions
from articles.models import Image


class Command(BaseCommand):
    help = "Write the named renditions (thumb, card, hero, social) that do not exist yet."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Remake every rendition, even existing ones.")

    def handle(self, *args, force=False, **options):
        written = failed = 0
        for image in Image.objects.order_by("pk").iterator(chunk_size=200):
            try:
                written += renditions.make_renditions(image, force=force)
            except OSError as exc:
                failed += 1
                self.stderr.write(self.style.ERROR(f"Image {image.pk} ({image.file.name}): {exc}"))
        self.stdout.write(self.style.SUCCESS(f"{written} rendition files written, {failed} pictures failed."))
        if failed:
            raise SystemExit(1)
