"""The synthetic archive behind ``bench_related``: kept apart by ``bench-`` slugs and ``bench:`` source guids."""

import random
from datetime import timedelta
from itertools import accumulate

from django.db import connection, transaction
from django.utils import timezone

from articles.models import Article, Region, Section, Status, TaggedRegion, TaggedTopic, Topic
from articles.related.index import forget_related_lists, recount_tags

BENCH_SLUG = "bench-"
BENCH_GUID = "bench:"
CHUNK = 50_000
YEARS = 10
TREE = (6, 15, 20)  # continents, countries in each, cities in each
TOPICS = 400
SECTIONS = 8


def seed_bench(articles: int, *, seed: int, log) -> None:
    rng = random.Random(seed)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            _try("SET LOCAL session_replication_role = replica")  # skips triggers and FK checks for bench rows
        sections = _sections()
        regions = _region_tree()
        topics = [
            t.pk
            for t in Topic.objects.bulk_create(
                Topic(name=f"Bench topic {n}", slug=f"{BENCH_SLUG}topic-{n}") for n in range(TOPICS)
            )
        ]
        picker = _Picker(rng, sections, regions, topics)
        first_id = (Article.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        for start in range(0, articles, CHUNK):
            ids = range(first_id + start, first_id + min(start + CHUNK, articles))
            _load_chunk(picker, ids, articles, first_id)
            log(f"  {start + len(ids)} / {articles} stories")
        recount_tags(Region, Region.objects.filter(slug__startswith=BENCH_SLUG).values("pk"))
        recount_tags(Topic, topics)
        _reset_sequence()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    forget_related_lists()


def _try(sql: str) -> None:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    except Exception:  # noqa: S110 - not a superuser: load with triggers on, only slower
        pass


def _sections() -> list[int]:
    made = Section.objects.bulk_create(
        Section(name=f"Bench section {n}", slug=f"{BENCH_SLUG}section-{n}", position=100 + n) for n in range(SECTIONS)
    )
    return [s.pk for s in made]


def _region_tree() -> dict[int, list[int]]:
    """City id → [country id, continent id], the tree built level by level with its materialised paths."""
    parents: list[Region | None] = [None]
    ancestry: dict[int, list[int]] = {}
    for level, fan_out in enumerate(TREE):
        made = Region.objects.bulk_create(
            Region(name=f"Bench region {level}-{p}-{n}", slug=f"{BENCH_SLUG}region-{level}-{p}-{n}", parent=parent)
            for p, parent in enumerate(parents)
            for n in range(fan_out)
        )
        for region in made:
            region.path = f"{region.parent.path if region.parent else '/'}{region.pk}/"
            region.depth = level
        Region.objects.bulk_update(made, ["path", "depth"])
        parents = made
    for city in parents:
        ancestry[city.pk] = [city.parent.pk, city.parent.parent.pk]
    return ancestry


class _Picker:
    """Zipf-skewed choices: a few regions and topics carry most stories, as in a real archive."""

    def __init__(self, rng, sections, regions, topics):
        self.rng, self.sections, self.ancestry = rng, sections, regions
        self.cities = list(regions)
        rng.shuffle(self.cities)
        self.topics = list(topics)
        rng.shuffle(self.topics)
        self.city_weights = list(accumulate(1 / (n + 1) ** 1.1 for n in range(len(self.cities))))
        self.topic_weights = list(accumulate(1 / (n + 1) for n in range(len(self.topics))))
        self.section_weights = list(accumulate(1 / (n + 1) for n in range(len(sections))))

    def region_tags(self) -> list[int]:
        city = self.rng.choices(self.cities, cum_weights=self.city_weights)[0]
        country, continent = self.ancestry[city]
        return (
            [city] + ([country] if self.rng.random() < 0.6 else []) + ([continent] if self.rng.random() < 0.3 else [])
        )

    def topic_tags(self) -> list[int]:
        return list(dict.fromkeys(self.rng.choices(self.topics, cum_weights=self.topic_weights, k=3)))

    def section(self) -> int:
        return self.rng.choices(self.sections, cum_weights=self.section_weights)[0]

    def status(self) -> str:
        roll = self.rng.random()
        status = Status.DRAFT if roll < 0.02 else Status.WITHDRAWN if roll < 0.03 else Status.PUBLISHED
        return status.value


def _load_chunk(picker: _Picker, ids: range, total: int, first_id: int) -> None:
    now = timezone.now()
    span = timedelta(days=365 * YEARS).total_seconds()
    stories, region_links, topic_links = [], [], []
    for pk in ids:
        # Publish times climb with the id across ten years, with jitter, like a real archive.
        offset = span * (pk - first_id) / total + picker.rng.uniform(-3600, 3600)
        published_at = now - timedelta(seconds=span - offset + 7200)
        status = picker.status()
        public_at = published_at if status == Status.PUBLISHED else None
        stories.append(_story(pk, picker.section(), status, published_at))
        region_links += [(pk, tag, public_at) for tag in picker.region_tags()]
        topic_links += [(pk, tag, public_at) for tag in picker.topic_tags()]
    insert_rows(Article._meta.db_table, list(stories[0]), [list(s.values()) for s in stories])
    for through, links in ((TaggedRegion, region_links), (TaggedTopic, topic_links)):
        insert_rows(through._meta.db_table, ["content_object_id", "tag_id", "published_at"], links)


def _story(pk: int, section: int, status: str, published_at) -> dict:
    values = {
        "id": pk,
        "headline": f"Bench story {pk}",
        "slug": f"{BENCH_SLUG}story-{pk}",
        "standfirst": "A synthetic story for the related-stories benchmark.",
        "body": "<p>Synthetic.</p>",
        "section_id": section,
        "status": status,
        "published_at": published_at,
        "first_published_at": published_at,
        "created_at": published_at,
        "updated_at": published_at,
        "source_guid": f"{BENCH_GUID}{pk}",
    }
    # Whatever else the model has (other features add columns) gets its default.
    for field in Article._meta.concrete_fields:
        if field.column not in values:
            values[field.column] = None if field.null else field.get_default()
    return values


def insert_rows(table: str, columns: list[str], rows: list) -> None:
    """Rows straight into a table: PostgreSQL's COPY (its triggers still run), or batched inserts on SQLite."""
    if not rows:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        adapt = connection.ops.adapt_datetimefield_value
        rows = [[adapt(v) if hasattr(v, "tzinfo") else v for v in row] for row in rows]
        marks = ", ".join(["%s"] * len(columns))
        cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)


def _reset_sequence() -> None:
    if connection.vendor != "postgresql":
        return
    table = Article._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))")


def clean_bench() -> None:
    """Delete every synthetic row, and only those: raw deletes, since the ORM would load a million stories."""
    bench = f"SELECT id FROM {Article._meta.db_table} WHERE source_guid LIKE %s"
    pattern = f"{BENCH_GUID}%"
    with transaction.atomic(), connection.cursor() as cursor:
        # Hidden relations too (pinned relations point here with related_name="+").
        for relation in Article._meta._get_fields(forward=False, reverse=True, include_hidden=True):
            if relation.many_to_many:
                continue
            table, column = relation.related_model._meta.db_table, relation.field.column
            cursor.execute(f"DELETE FROM {table} WHERE {column} IN ({bench})", [pattern])
        cursor.execute(f"DELETE FROM {Article._meta.db_table} WHERE source_guid LIKE %s", [pattern])
        for model in (Topic, Region, Section):
            cursor.execute(f"DELETE FROM {model._meta.db_table} WHERE slug LIKE %s", [f"{BENCH_SLUG}%"])
    forget_related_lists()
