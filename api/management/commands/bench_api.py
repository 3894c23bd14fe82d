"""Requests a second for the content API's list and story against the article page, on the same synthetic
archive as ``bench_related`` (``articles.management.commands._bench_seed``): ``manage.py bench_api --articles 10000``.

Each request goes through the whole stack in process (Django's test client: middleware, views, JSON or templates),
one after another, over distinct sample stories; caches are cleared first, and no page cache is in front, so
every answer is built. Ends with one JSON line.
"""

import json
import random
import time

from django.conf import settings
from django.core.cache import cache
from django.core.management.base import BaseCommand
from django.test import Client, override_settings
from django.urls import reverse

from articles.management.commands._bench_seed import BENCH_GUID, clean_bench, seed_bench
from articles.models import Article


class Command(BaseCommand):
    help = "Time the content API's list and story endpoints against the article page (requests a second)."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=10_000, help="Seed this many if the archive differs.")
        parser.add_argument("--requests", type=int, default=200, help="Requests per kind.")
        parser.add_argument("--seed", type=int, default=4)

    def handle(self, *args, articles, requests, seed, **options):
        if Article.objects.filter(source_guid__startswith=BENCH_GUID).count() != articles:
            self.stdout.write("Seeding the synthetic archive (bench_related's)…")
            clean_bench()
            seed_bench(articles, seed=seed, log=self.stdout.write)
        ids = list(Article.objects.published().filter(source_guid__startswith=BENCH_GUID).values_list("pk", flat=True))
        sample = random.Random(seed).sample(ids, min(requests, len(ids)))
        pages = {
            pk: a.get_absolute_url() for pk, a in Article.objects.select_related("section").in_bulk(sample).items()
        }
        kinds = {
            "list_50": lambda pk: reverse("api:articles"),
            "list_200": lambda pk: reverse("api:articles") + "?limit=200",
            "list_50_ninjs": lambda pk: reverse("api:articles") + "?format=ninjs",
            "story": lambda pk: reverse("api:article", kwargs={"article_id": pk}),
            "story_ninjs": lambda pk: reverse("api:article", kwargs={"article_id": pk}) + "?format=ninjs",
            "article_page": lambda pk: pages[pk],
        }
        client = Client(HTTP_HOST=(settings.ALLOWED_HOSTS or ["localhost"])[0], raise_request_exception=False)
        plain_static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
        unlimited = {**settings.NEWSROOM, "API_RATE_ANONYMOUS": 10**9}
        result = {"articles": articles, "requests": len(sample)}
        with override_settings(STORAGES={**settings.STORAGES, "staticfiles": plain_static}, NEWSROOM=unlimited):
            for name, address in kinds.items():
                cache.clear()
                client.get(address(sample[0]), secure=True)  # warm the connection
                started = time.perf_counter()
                for pk in sample:
                    status = client.get(address(pk), secure=True).status_code
                    if status != 200:
                        raise SystemExit(f"{name}: {address(pk)} answered {status}")
                seconds = time.perf_counter() - started
                result[f"{name}_rps"] = round(len(sample) / seconds, 1)
                self.stdout.write(f"{name:>14}: {result[f'{name}_rps']:8.1f} req/s")
        self.stdout.write(json.dumps(result))
