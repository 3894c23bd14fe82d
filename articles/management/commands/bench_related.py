"""Benchmark the related-stories engine on a synthetic archive: ``manage.py bench_related --articles 1000000``.

Seeds (or reuses) a synthetic archive on the current database: a three-level region tree, zipf-skewed use of
regions and topics (~5 tag links a story), ten years of publish times, a few drafts and withdrawn stories.
Then times, over distinct sample stories, the uncached related lookup and the whole article page, prints the
query plan (EXPLAIN ANALYZE on PostgreSQL) and ends with one JSON line.

The data is kept apart from real content: sections, regions and topics with slugs starting ``bench-`` and
stories whose ``source_guid`` starts ``bench:``. It stays between runs (a run with the same ``--articles``
reuses it); ``--clean`` deletes it. Best run on a database of its own (``DATABASE_URL=…/newsroom_bench``).
PostgreSQL loads with COPY in one session with ``session_replication_role = replica`` (superuser only, else
skipped), which skips the search-vector trigger and foreign-key checks for the bench rows; SQLite uses batches.
"""

import json
import random
import statistics
import time

from django.conf import settings
from django.core.cache import cache
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client, override_settings

from articles.management.commands._bench_seed import BENCH_GUID, clean_bench, seed_bench
from articles.models import Article
from articles.related.ranking import related_articles, related_ids, related_query


class Command(BaseCommand):
    help = "Seed a synthetic archive and time the related-stories query and the article page."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=10_000)
        parser.add_argument("--samples", type=int, default=200)
        parser.add_argument("--seed", type=int, default=4)
        parser.add_argument("--clean", action="store_true", help="Delete the synthetic archive and stop.")

    def handle(self, *args, articles, samples, seed, clean, **options):
        if clean:
            clean_bench()
            self.stdout.write(self.style.SUCCESS("Synthetic archive removed."))
            return
        seed_seconds = self._ensure_archive(articles, seed)
        sample = self._sample(samples, seed)
        related = self._time(sample, lambda a: related_ids(a, limit=settings.RELATED_STORIES["LIMIT"]))
        page, page_mode = self._time_pages(sample)
        self._explain(sample[0])
        links = self._count_links()
        result = {
            "articles": articles,
            "tag_links": links,
            "vendor": connection.vendor,
            "samples": len(sample),
            "seed_seconds": seed_seconds,
            **_percentiles("related", related),
            **_percentiles("page", page),
            "page_mode": page_mode,
        }
        self.stdout.write(
            f"related p50 {result['related_p50_ms']} ms, p95 {result['related_p95_ms']} ms; "
            f"page p50 {result['page_p50_ms']} ms, p95 {result['page_p95_ms']} ms ({page_mode})"
        )
        self.stdout.write(json.dumps(result))

    def _ensure_archive(self, articles: int, seed: int) -> float | None:
        existing = Article.objects.filter(source_guid__startswith=BENCH_GUID).count()
        if existing == articles:
            self.stdout.write(f"Reusing the synthetic archive of {existing} stories.")
            return None
        started = time.perf_counter()
        clean_bench()
        seed_bench(articles, seed=seed, log=self.stdout.write)
        seconds = round(time.perf_counter() - started, 1)
        self.stdout.write(self.style.SUCCESS(f"Seeded {articles} stories in {seconds} s."))
        return seconds

    def _sample(self, samples: int, seed: int) -> list[Article]:
        ids = list(Article.objects.published().filter(source_guid__startswith=BENCH_GUID).values_list("pk", flat=True))
        chosen = random.Random(seed).sample(ids, min(samples, len(ids)))
        by_id = Article.objects.select_related("section").in_bulk(chosen)
        return [by_id[pk] for pk in chosen]

    def _time(self, sample, work) -> list[float]:
        work(sample[0])  # warm the connection and the archive-size cache
        timings = []
        for article in sample:
            started = time.perf_counter()
            work(article)
            timings.append((time.perf_counter() - started) * 1000)
        return timings

    def _time_pages(self, sample) -> tuple[list[float], str]:
        """The real article page through the test client; if it does not render yet, what the page needs."""
        client = Client(HTTP_HOST=(settings.ALLOWED_HOSTS or ["localhost"])[0], raise_request_exception=False)
        # Plain static storage: the page must not depend on collectstatic having run on the bench machine.
        plain_static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
        with override_settings(STORAGES={**settings.STORAGES, "staticfiles": plain_static}):
            if client.get(sample[0].get_absolute_url(), secure=True).status_code == 200:
                cache.clear()
                return self._time(sample, lambda a: client.get(a.get_absolute_url(), secure=True)), "client"

        def stand_in(article):
            Article.objects.published().for_listing().get(pk=article.pk)
            related_articles(article)

        cache.clear()
        return self._time(sample, stand_in), "related_articles+for_listing"

    def _explain(self, article: Article) -> None:
        sql, params = related_query(article, limit=settings.RELATED_STORIES["LIMIT"])
        prefix = "EXPLAIN (ANALYZE, BUFFERS) " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN "
        with connection.cursor() as cursor:
            cursor.execute(prefix + sql, params)
            plan = [" ".join(str(part) for part in row) for row in cursor.fetchall()]
        self.stdout.write(f"Plan of the related query for story {article.pk}:")
        self.stdout.write("\n".join(plan))

    def _count_links(self) -> int:
        bench = Article.objects.filter(source_guid__startswith=BENCH_GUID).values("pk")
        return sum(
            through.objects.filter(content_object__in=bench).count()
            for through in (Article.regions.through, Article.topics.through)
        )


def _percentiles(name: str, timings: list[float]) -> dict:
    cuts = statistics.quantiles(timings, n=100, method="inclusive")
    return {f"{name}_p50_ms": round(statistics.median(timings), 2), f"{name}_p95_ms": round(cuts[94], 2)}
