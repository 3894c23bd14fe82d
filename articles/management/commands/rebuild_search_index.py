"""Make every story's search index entry again, in batches that each commit: ``manage.py rebuild_search_index``.

On PostgreSQL each batch rewrites its stories' vectors (``articles_search_document``): after a restore that skipped
triggers, a bulk load done with them off, or to be sure. For an external engine it sends every story. A live site
keeps serving meanwhile: a save waits at most on the one batch holding its story.
"""

import time

from django.core.management.base import BaseCommand

from articles.models import Article
from articles.search import backend
from articles.search.indexing import BATCH, reindex


class Command(BaseCommand):
    help = "Make every story's search index entry again, in batches."

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=BATCH, help="Stories a transaction writes.")
        parser.add_argument("--dry-run", action="store_true", help="Say how many stories would be indexed.")

    def handle(self, *args, batch, dry_run, **options):
        stories = Article.objects.all()
        total = stories.count()
        name = backend().name
        if dry_run:
            self.stdout.write(f"{total:,} stories would be indexed again ({name}), {batch} a transaction.")
            return
        started = time.perf_counter()
        every = max(batch, total // 20)

        def progress(done: int) -> None:
            if self.stdout.isatty() or done % every < batch:
                self.stdout.write(f"  {done:,} / {total:,}", ending="\r" if self.stdout.isatty() else "\n")

        done = reindex(stories, batch=batch, log=progress if options["verbosity"] else None)
        seconds = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(f"{done:,} stories indexed again ({name}) in {seconds:.1f} s."))
