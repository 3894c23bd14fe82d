"""What a publish costs on a large archive, and how long it holds its tags' rows: the tag counts kept incrementally
against the per-publish recount they replaced.

``manage.py bench_publish --articles 100000`` seeds (or reuses) ``bench_related``'s synthetic archive, then publishes
``--samples`` drafts tagged with the archive's busiest regions and topics through ``services.publish_article``, in
two modes run interleaved (recount, incremental, incremental, recount):

- ``incremental``: what Newsroom does (``articles.related.index.mark_links``: each tag's count moved by the change);
- ``recount``: the previous code, put back for the run: the links updated, then every tag of the story recounted
  from its links (``COUNT(*)`` over the tag's links, in the publish's transaction).

For each publish: its time to commit, its queries, the time its tag-count statements took, and how long the
first tag row it wrote stayed locked (from that statement to the commit). The drafts are deleted afterwards and the
touched counts recounted, so the archive is left as found. Ends with one JSON line.
"""

from __future__ import annotations

import json
import statistics
import time
from contextlib import contextmanager
from unittest import mock

from django.core.management.base import BaseCommand
from django.db import connection
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from articles import services, signals
from articles.management.commands._bench_seed import BENCH_GUID, BENCH_SLUG, clean_bench, seed_bench
from articles.models import Article, Region, Section, Status, TaggedRegion, TaggedTopic, Topic
from articles.related.index import VOCABULARIES, forget_related_lists, recount_tags

MODES = ("recount", "incremental", "incremental", "recount")
TAG_TABLES = (Region._meta.db_table, Topic._meta.db_table)


class Command(BaseCommand):
    help = "Time publishing on a synthetic archive, tag counts kept incrementally against the per-publish recount."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=10_000)
        parser.add_argument("--samples", type=int, default=50, help="Publishes per mode and run.")
        parser.add_argument("--seed", type=int, default=4)

    def handle(self, *args, articles, samples, seed, **options):
        if Article.objects.filter(source_guid__startswith=BENCH_GUID).count() != articles:
            clean_bench()
            seed_bench(articles, seed=seed, log=self.stdout.write)
        regions = list(Region.objects.filter(slug__startswith=BENCH_SLUG).order_by("-article_count")[:3])
        topics = list(Topic.objects.filter(slug__startswith=BENCH_SLUG).order_by("-article_count")[:2])
        section = Section.objects.filter(slug__startswith=BENCH_SLUG).first()
        runs = []
        for mode in MODES:
            drafts = [_draft(section, regions, topics, n) for n in range(samples + 1)]
            try:
                with _mode(mode):
                    _publish(drafts[0])  # warm the connection and the statements
                    runs.append({"mode": mode, **_summary([_publish(draft) for draft in drafts[1:]])})
            finally:
                Article.objects.filter(pk__in=[draft.pk for draft in drafts]).delete()
                recount_tags(Region, [tag.pk for tag in regions])
                recount_tags(Topic, [tag.pk for tag in topics])
            self.stdout.write(f"{mode:<12} " + "  ".join(f"{k} {v}" for k, v in runs[-1].items() if k != "mode"))
        counts = {tag.name: tag.article_count for tag in [*regions, *topics]}
        self.stdout.write(json.dumps({"articles": articles, "vendor": connection.vendor, "tags": counts, "runs": runs}))


def _draft(section, regions, topics, n: int) -> Article:
    draft = Article.objects.create(
        headline=f"Bench publish {n}",
        slug=f"{BENCH_SLUG}publish-{n}-{time.time_ns()}",
        body="<p>A story to publish.</p>",
        section=section,
        status=Status.DRAFT,
    )
    draft.regions.add(*regions)
    draft.topics.add(*topics)
    return draft


def _publish(draft: Article) -> dict:
    statements: list[tuple[float, float, str]] = []

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            statements.append((started, time.perf_counter(), sql))

    started = time.perf_counter()
    with connection.execute_wrapper(timed):
        services.publish_article(article=draft)  # atomic: it has committed when this returns
    committed = time.perf_counter()
    tag_writes = [(begin, end) for begin, end, sql in statements if _writes_tags(sql)]
    return {
        "ms": (committed - started) * 1000,
        "queries": len(statements),
        "count_ms": sum(end - begin for begin, end in tag_writes) * 1000,
        "held_ms": (committed - tag_writes[0][0]) * 1000 if tag_writes else 0.0,
    }


def _writes_tags(sql: str) -> bool:
    return sql.startswith("UPDATE") and any(f'UPDATE "{table}"' in sql for table in TAG_TABLES)


def _summary(publishes: list[dict]) -> dict:
    def cut(name: str, q: int) -> float:
        values = sorted(p[name] for p in publishes)
        return round(statistics.quantiles(values, n=100, method="inclusive")[q - 1], 2)

    return {
        "publish_p50_ms": cut("ms", 50),
        "publish_p95_ms": cut("ms", 95),
        "count_p50_ms": cut("count_ms", 50),
        "held_p50_ms": cut("held_ms", 50),
        "queries": sorted({p["queries"] for p in publishes}),
    }


@contextmanager
def _mode(mode: str):
    if mode == "incremental":
        yield
        return
    with mock.patch.object(signals, "sync_article", _sync_and_recount):
        yield
    forget_related_lists()


def _sync_and_recount(article: Article) -> int:
    """The previous ``sync_article``: the links updated, then each tag of the story recounted from its links."""
    public_at = article.published_at if article.status == Status.PUBLISHED else None
    changed = 0
    for through, tag_model in VOCABULARIES:
        links = through.objects.filter(content_object_id=article.pk)
        updated = links.exclude(published_at=public_at).update(published_at=public_at)
        if updated:
            _old_recount(tag_model, list(links.values_list("tag_id", flat=True)))
        changed += updated
    return changed


def _old_recount(tag_model, tag_ids) -> None:
    through = TaggedRegion if tag_model is Region else TaggedTopic
    links = (
        through.objects.filter(tag=OuterRef("pk"), published_at__lte=timezone.now())
        .values("tag")
        .annotate(n=Count("*"))
        .values("n")
    )
    tag_model.objects.filter(pk__in=tag_ids).update(article_count=Coalesce(Subquery(links), 0))
