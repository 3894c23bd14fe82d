"""Benchmark search on a synthetic archive: ``manage.py bench_search --articles 1000000``.

Seeds (or finishes, or reuses) an archive of real-length stories with bylines, agencies, places and topics through
the database's own path (``_search_archive``: COPY with the search triggers on, links first), proves the vectors are
the ones a save makes (``--check``, run after every seed), then times the search page through the test client for
each kind of query, ``--samples`` distinct queries each, with the cache cleared before every request (so each is a
full search: window, count and facets), and prints p50/p95 per kind, the plan of each kind's search query
(``EXPLAIN (ANALYZE, BUFFERS)`` on PostgreSQL) and one JSON line.

The kinds: a rare word (about 0.1% of stories), a common word (at least half of them: the vocabulary follows Zipf's
law, so its head words are in most stories; the run counts the first exactly and says), a quoted phrase, ``a OR b``,
``word -word``, a writer's name, a common word in a country, on a topic, within a year, page 50 of a common word,
and a place alone. The article page is timed too, for scale.

The archive is kept apart (``search-bench`` slugs, ``search-bench:`` guids) and stays between runs; ``--clean``
deletes it. Use a database of its own (``DATABASE_URL=…/newsroom_search_bench``); run ``VACUUM ANALYZE`` after a
seed before quoting figures.
"""

from __future__ import annotations

import json
import math
import random
import re
import statistics
import time

from django.conf import settings
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.caching import public_set_stamp
from articles.management.commands import _search_archive as archive
from articles.models import Article, Author, Region, Topic
from articles.search import Criteria, SearchForm, backend, search_choices
from articles.search.backends.postgres import PostgresBackend


class Command(BaseCommand):
    help = "Seed a synthetic archive and time the search page for each kind of query."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=100_000)
        parser.add_argument("--samples", type=int, default=20, help="Distinct queries timed per kind.")
        parser.add_argument("--seed", type=int, default=4)
        parser.add_argument("--workers", type=int, default=2, help="Seeding processes (PostgreSQL).")
        parser.add_argument("--check", action="store_true", help="Only prove the vectors, then stop.")
        parser.add_argument("--seed-only", action="store_true", help="Seed (or finish seeding), then stop.")
        parser.add_argument("--no-explain", action="store_true")
        parser.add_argument("--clean", action="store_true", help="Delete the synthetic archive and stop.")

    def handle(self, *args, articles, samples, seed, workers, check, seed_only, no_explain, clean, **options):
        if clean:
            archive.clean_archive()
            self.stdout.write(self.style.SUCCESS("Synthetic archive removed."))
            return
        if check:
            self._check()
            return
        archive.ensure_search_index(self.stdout.write)  # a seed stopped half-way may have left it aside
        seeded = self._ensure(articles, seed, workers)
        if seeded:
            self._check()
        if seed_only:
            return
        queries = Queries(seed, samples)
        result = {"articles": articles, "vendor": connection.vendor, "backend": backend().name, **(seeded or {})}
        result["load_before"] = _load()
        result["choices_ms"] = self._time_choices()
        query_counts = set()
        for kind, params in queries.kinds().items():
            pages, searches, counts, queries_made = self._time(params)
            query_counts |= queries_made
            result.update(_percentiles(kind, pages))
            result.update(_percentiles(f"{kind}_search", searches))
            result[f"{kind}_found"] = counts[0]
            result[f"{kind}_queries"] = sorted(queries_made)
            self.stdout.write(
                f"{kind:>14}: page p50 {result[f'{kind}_p50_ms']:7.1f} ms, p95 {result[f'{kind}_p95_ms']:7.1f} ms;"
                f" search p50 {result[f'{kind}_search_p50_ms']:6.1f}, p95 {result[f'{kind}_search_p95_ms']:6.1f};"
                f" queries {sorted(queries_made)}  (first: {params[0]} → {counts[0]})"
            )
        self.stdout.write(f"Queries a search page made, every kind and sample: {sorted(query_counts)}")
        article_page = self._time_article_pages(samples)
        result.update(_percentiles("article_page", article_page))
        self.stdout.write(f"  article page: p50 {result['article_page_p50_ms']:7.1f} ms")
        result["common_word"], result["common_word_share"] = self._common_share(queries)
        result["load_after"] = _load()
        if not no_explain and connection.vendor == "postgresql":
            for kind, params in queries.kinds().items():
                self._explain(kind, params[0])
        self.stdout.write(json.dumps(result))

    # --- the archive ---

    def _ensure(self, articles: int, seed: int, workers: int) -> dict | None:
        have, planned = archive.archive_size()
        if planned == articles and have == articles:
            self.stdout.write(f"Reusing the synthetic archive of {have:,} stories.")
            return None
        if planned not in {None, articles}:
            self.stdout.write(f"The archive was made for {planned:,} stories: removing it.")
            archive.clean_archive()
        elif have:
            self.stdout.write(f"Resuming the archive at {have:,} of {articles:,} stories.")
        done = archive.seed_archive(articles, seed=seed, workers=workers, log=self.stdout.write)
        self.stdout.write(self.style.SUCCESS(f"Seeded up to {articles:,} stories in {done['seconds']} s."))
        return {
            "seed_seconds": done["seconds"],
            "seed_index_seconds": done["index_seconds"],
            "seed_resumed_from": done["resumed_from"],
        }

    def _check(self) -> None:
        """The seeded vectors are exactly what the save path makes: a sample re-saved through ``Article.save()``
        (rolled back) keeps its vector, and no sampled vector differs from the document function's."""
        if connection.vendor != "postgresql":
            self.stdout.write("No stored vectors on this database: nothing to check.")
            return
        ids = list(
            Article.objects.filter(source_guid__startswith=archive.GUID)
            .order_by("?")
            .values_list("pk", flat=True)[:200]
        )
        differing = []
        with transaction.atomic():
            for story in Article.objects.filter(pk__in=ids).defer(None):
                before = _vector(story.pk)
                story.save()
                if _vector(story.pk) != before:
                    differing.append(story.pk)
            transaction.set_rollback(True)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT count(*) FROM {Article._meta.db_table} a WHERE a.id IN (SELECT id FROM {Article._meta.db_table}"
                " WHERE source_guid LIKE %s ORDER BY random() LIMIT 5000) AND a.search_vector IS DISTINCT FROM"
                " articles_search_document(a.id, a.headline, a.standfirst, a.body, a.source_id, a.section_id)",
                [f"{archive.GUID}%"],
            )
            (mismatched,) = cursor.fetchone()
        if differing or mismatched:
            raise CommandError(f"Vectors differ from the save path: {differing[:10]} re-saved, {mismatched} of 5,000")
        self.stdout.write(
            self.style.SUCCESS(
                f"Vectors checked: {len(ids)} stories re-saved through Article.save() kept theirs, and 5,000 sampled "
                "equal articles_search_document()."
            )
        )

    # --- timing ---

    def _time(self, params_list: list[dict]) -> tuple[list[float], list[float], list[str], set[int]]:
        """The whole page through the test client, and the backend's search alone (window, count, facets), each
        with the cache cleared first; the form's choices are cached again before each (they are kept per change
        of the public set, not per search: ``choices_ms`` in the JSON line is their own cost). Also the number
        of queries each page made: the same for every kind and size of result is the target."""
        client = _client()
        url = reverse("articles:search")
        pages, searches, counts, queries_made = [], [], [], set()
        with _plain_static():
            client.get(url, params_list[0])  # the connection, once
            for params in params_list:
                self._fresh_cache()
                with CaptureQueriesContext(connection) as made:
                    started = time.perf_counter()
                    response = client.get(url, params)
                    pages.append((time.perf_counter() - started) * 1000)
                queries_made.add(len(made))
                if response.status_code != 200:
                    raise CommandError(f"{params} answered {response.status_code}")
                heading = re.search(r'id="results-heading">([^<]*)<', response.content.decode())
                counts.append(heading.group(1) if heading else "-")
                self._fresh_cache()
                criteria, page = _criteria(params), int(params.get("page", 1))
                started = time.perf_counter()
                backend().search(criteria, page=page, per_page=settings.NEWSROOM["PAGE_SIZE"])
                searches.append((time.perf_counter() - started) * 1000)
        return pages, searches, counts, queries_made

    def _fresh_cache(self) -> None:
        cache.clear()
        search_choices(stamp=public_set_stamp())

    def _time_article_pages(self, samples: int) -> list[float]:
        client = _client()
        stories = list(
            Article.objects.published().filter(source_guid__startswith=archive.GUID).order_by("?")[: samples + 1]
        )
        timings = []
        with _plain_static():
            client.get(stories[0].get_absolute_url())
            for story in stories[1:]:
                cache.clear()
                started = time.perf_counter()
                client.get(story.get_absolute_url())
                timings.append((time.perf_counter() - started) * 1000)
        return timings

    def _time_choices(self) -> float:
        """The form's sections, places and topics worked out once (after any save), for scale."""
        cache.clear()
        started = time.perf_counter()
        search_choices(stamp=public_set_stamp())
        return round((time.perf_counter() - started) * 1000, 1)

    def _common_share(self, queries: Queries) -> tuple[str, float]:
        """The first common word's share of the public stories, counted exactly (once, not timed)."""
        word = queries.common[0]
        public = Article.objects.published().filter(source_guid__startswith=archive.GUID)
        total = public.count()
        if connection.vendor == "postgresql":
            matching = public.filter(search_vector=word).count()
        else:
            matching = public.filter(body__icontains=word).count()
        share = round(matching / max(total, 1), 3)
        self.stdout.write(f"'{word}' is in {matching:,} of {total:,} public stories ({share:.1%}).")
        return word, share

    def _explain(self, kind: str, params: dict) -> None:
        search = backend()
        if not isinstance(search, PostgresBackend):
            return
        criteria = _criteria(params)
        sql, values = search.window_sql(criteria, limit=search.window_size(criteria))
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, values)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        self.stdout.write(f"--- {kind}: {params}\n{plan}")


class Queries:
    """The queries of each kind, drawn from the archive's own vocabulary and cast."""

    def __init__(self, seed: int, samples: int):
        rng = random.Random(seed + 99)
        vocabulary = archive.Vocabulary.build(random.Random(seed))
        words_a_story = 210  # content words: headline, standfirst and body (archive.Writer)
        share = {rank: 1 - (1 - vocabulary.share(rank)) ** words_a_story for rank in range(len(vocabulary.words))}
        by_share = lambda low, high: [vocabulary.words[r] for r, s in share.items() if low <= s <= high]  # noqa: E731
        self.samples = samples
        self.common = by_share(0.5, 0.97)[:samples] or vocabulary.words[:samples]
        self.rare = rng.sample(by_share(0.0005, 0.002), samples)
        middling = by_share(0.01, 0.05)
        self.either = [
            f"{a} OR {b}" for a, b in zip(rng.sample(middling, samples), rng.sample(middling, samples), strict=True)
        ]
        tenth = by_share(0.1, 0.3)
        self.without = [f"{rng.choice(self.common)} -{rng.choice(tenth)}" for _ in range(samples)]
        self.phrases = [f'"{phrase}"' for phrase in (archive.PHRASES * samples)[:samples]]
        authors = list(Author.objects.filter(slug__startswith=archive.SLUG).values_list("name", flat=True))
        self.names = rng.sample(authors, min(samples, len(authors)))
        regions = Region.objects.filter(slug__startswith=f"{archive.SLUG}-1-")  # countries
        self.countries = rng.sample(list(regions.values_list("slug", flat=True)), min(samples, regions.count()))
        topics = Topic.objects.filter(slug__startswith=archive.SLUG).order_by("pk")
        self.topics = rng.sample(list(topics.values_list("slug", flat=True)), samples)
        today = timezone.localdate()
        self.years = [
            {"since": f"{today.year - n}-01-01", "until": f"{today.year - n}-12-31"} for n in range(1, samples + 1)
        ]
        self.rng = rng

    def kinds(self) -> dict[str, list[dict]]:
        n, rng = self.samples, self.rng
        return {
            "rare_word": [{"q": word} for word in self.rare],
            "common_word": [{"q": word} for word in self.common[:n]],
            "phrase": [{"q": phrase} for phrase in self.phrases],
            "or": [{"q": query} for query in self.either],
            "minus_word": [{"q": query} for query in self.without],
            "byline": [{"q": name} for name in self.names],
            "word_in_place": [{"q": rng.choice(self.common), "region": slug} for slug in self.countries[:n]],
            "word_on_topic": [{"q": rng.choice(self.common), "topic": slug} for slug in self.topics],
            "word_in_year": [{"q": rng.choice(self.common), **years} for years in self.years[: min(n, 9)]],
            "page_50": [{"q": word, "page": "50"} for word in self.common[:n]],
            "place_only": [{"region": slug} for slug in self.countries[:n]],
        }


def _criteria(params: dict) -> Criteria:
    form = SearchForm(params, choices=search_choices(stamp=public_set_stamp()))
    if not form.is_valid():
        raise CommandError(f"{params}: {form.errors.as_text()}")
    return form.criteria()


def _vector(pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT search_vector::text FROM {Article._meta.db_table} WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def _client() -> Client:
    return Client(HTTP_HOST=(settings.ALLOWED_HOSTS or ["localhost"])[0], raise_request_exception=True)


def _plain_static():
    # Plain static storage: the page must not depend on collectstatic having run on the bench machine.
    plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    return override_settings(STORAGES={**settings.STORAGES, "staticfiles": plain})


def _load() -> str:
    with open("/proc/loadavg") as loadavg:
        return " ".join(loadavg.read().split()[:3])


def _percentiles(name: str, timings: list[float]) -> dict:
    ordered = sorted(timings)
    p95 = ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]
    return {f"{name}_p50_ms": round(statistics.median(timings), 1), f"{name}_p95_ms": round(p95, 1)}
