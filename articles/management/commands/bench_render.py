"""Time every public page type in process: ``manage.py bench_render [--samples 20] [--profile home]``.

Runs on the current database and settings (run it with production settings: ``DEBUG=0``, PostgreSQL, Redis as
deployed), through the whole stack with Django's test client, with the page cache off so the views themselves are
measured. Each URL is requested once to warm the process (templates, renditions, fragments), then measured. The
related-stories cache is off unless ``--related-cache`` (Wagtail, the comparison's anchor, has none). Prints per
page type the queries, database ms, wall ms p50/p95, CPU ms p50 (this process only: the figure other load on the
machine disturbs least) and bytes, with the load average, and ends with a JSON line. ``--profile KIND`` adds a
CPU-time cProfile of that page type (the functions of this project and Django's ORM, templates and feeds).
"""

import cProfile
import io
import json
import pstats
import random
import statistics
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article, Author, Region, Section, Topic

KINDS = ("home", "article", "section", "region", "topic", "author", "search", "feed", "feed_full", "feed_json")
PROFILED = r"(articles|pages|pagecache|live|newsroom)/|django/(template|db/models|contrib/syndication|utils/feed)"


class Command(BaseCommand):
    help = "Time every public page type in process (queries, DB ms, wall and CPU ms, bytes) on this database."

    def add_arguments(self, parser):
        parser.add_argument("--samples", type=int, default=20, help="URLs measured per page type.")
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--kinds", default=",".join(KINDS), help=f"Comma-separated, of {', '.join(KINDS)}.")
        parser.add_argument("--related-cache", action="store_true", help="Keep the related-stories cache on.")
        parser.add_argument("--profile", choices=KINDS, help="Also print a CPU profile of this page type.")

    def handle(self, *args, samples, seed, kinds, related_cache, profile, **options):
        wanted = [kind for kind in kinds.split(",") if kind]
        if unknown := set(wanted) - set(KINDS):
            raise CommandError(f"Unknown page types: {', '.join(sorted(unknown))}")
        if not Article.objects.published().exists():
            raise CommandError("No published stories: seed some first (bench_related, import_articles).")
        settings.NEWSROOM["PAGE_CACHE"] = False  # the views, not Django's page cache
        if not related_cache:
            settings.RELATED_STORIES = {**settings.RELATED_STORIES, "CACHE_SECONDS": 0}
        client = Client(HTTP_HOST=_host(), raise_request_exception=True)
        urls = _urls(samples, random.Random(seed))
        self.stdout.write(
            f"{Article.objects.published().count():,} published stories, {connection.vendor}, DEBUG={settings.DEBUG}, "
            f"cache {settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]}, related cache "
            f"{'on' if related_cache else 'off'}; load average {_load()}"
        )
        self.stdout.write(
            f"{'page':<10} {'n':>3} {'queries':>7} {'db ms':>6} {'p50 ms':>7} {'p95 ms':>7} {'cpu ms':>7} {'bytes':>8}"
        )
        results = {}
        for kind in wanted:
            rows = [_measure(client, url) for url in urls[kind]]
            results[kind] = summary = _summarise(rows)
            self.stdout.write(
                f"{kind:<10} {summary['n']:>3} {summary['queries']:>7} {summary['db_ms']:>6} {summary['p50_ms']:>7} "
                f"{summary['p95_ms']:>7} {summary['cpu_ms']:>7} {summary['bytes']:>8}"
            )
        if profile:
            self._profile(client, urls[profile], profile)
        self.stdout.write(json.dumps({"load_average": _load(), "vendor": connection.vendor, "pages": results}))

    def _profile(self, client, urls, kind) -> None:
        profiler = cProfile.Profile(time.process_time)
        profiler.enable()
        for url in urls:
            client.get(url)
        profiler.disable()
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("cumulative").print_stats(PROFILED, 40)
        self.stdout.write(f"CPU profile of {len(urls)} {kind} pages (cumulative; cProfile's own cost included):")
        self.stdout.write(out.getvalue())


def _host() -> str:
    return next((host for host in settings.ALLOWED_HOSTS if host and not host.startswith((".", "*"))), "localhost")


def _load() -> str:
    path = Path("/proc/loadavg")
    return " ".join(path.read_text().split()[:3]) if path.exists() else "n/a"


def _urls(samples: int, rng: random.Random) -> dict[str, list[str]]:
    published = list(Article.objects.published().values_list("pk", flat=True))
    chosen = Article.objects.select_related("section").in_bulk(rng.sample(published, min(samples, len(published))))
    stories = list(chosen.values())
    # Subjects that have published stories (the others answer 404, sections excepted).
    live = Article.objects.published()
    regions = list(Region.objects.filter(tagged_items__content_object__in=live).distinct().order_by("pk")[:samples])
    topics = list(Topic.objects.filter(tagged_items__content_object__in=live).distinct().order_by("pk")[:samples])
    authors = list(Author.objects.filter(article_links__article__in=live).distinct().order_by("pk")[:samples])
    words = [word for story in stories for word in story.headline.split() if len(word) > 4] or ["news"]

    def cycle(items, make):
        return [make(items[n % len(items)]) for n in range(samples)] if items else []

    return {
        "home": [reverse("articles:home")] * samples,
        "article": [story.get_absolute_url() for story in stories],
        "section": cycle(list(Section.objects.order_by("pk")), lambda item: item.get_absolute_url()),
        "region": cycle(regions, lambda item: item.get_absolute_url()),
        "topic": cycle(topics, lambda item: item.get_absolute_url()),
        "author": cycle(authors, lambda item: item.get_absolute_url()),
        "search": [f"{reverse('articles:search')}?q={rng.choice(words).lower()}" for _ in range(samples)],
        "feed": [reverse("feeds:latest", kwargs={"fmt": "rss"})] * samples,
        "feed_full": [reverse("feeds:latest", kwargs={"fmt": "rss"}) + "?full=1"] * samples,
        "feed_json": [reverse("feeds:latest", kwargs={"fmt": "json"})] * samples,
    }


def _measure(client, url: str) -> dict:
    client.get(url)  # warm: templates, renditions, fragments, the connection
    with CaptureQueriesContext(connection) as queries:
        cpu, wall = time.process_time(), time.perf_counter()
        response = client.get(url)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    if response.status_code != 200:
        raise CommandError(f"{url} answered {response.status_code}")
    return {
        "queries": len(queries.captured_queries),
        "db_ms": sum(float(query["time"]) for query in queries.captured_queries) * 1000,
        "wall_ms": wall * 1000,
        "cpu_ms": cpu * 1000,
        "bytes": len(response.content),
    }


def _summarise(rows: list[dict]) -> dict:
    def median(name):
        return round(statistics.median(row[name] for row in rows), 1)

    walls = sorted(row["wall_ms"] for row in rows)
    p95 = statistics.quantiles(walls, n=100, method="inclusive")[94] if len(walls) > 1 else walls[0]
    return {
        "n": len(rows),
        "queries": max(row["queries"] for row in rows),
        "db_ms": median("db_ms"),
        "p50_ms": round(statistics.median(walls), 1),
        "p95_ms": round(p95, 1),
        "cpu_ms": median("cpu_ms"),
        "bytes": int(median("bytes")),
    }
