"""The synthetic archive behind ``bench_search``: stories with real-length text, bylines, agencies, places and
topics, kept apart by ``search-bench`` slugs and ``search-bench:`` source guids.

Stories go in through the database's own path: PostgreSQL's COPY with every trigger on, so each story's search
vector is made by the same trigger an editor's save runs (``articles_search_document``, migration 0016). Its links
(authors, places, topics) are copied first, in the same transaction (foreign keys are checked at commit), so the
trigger sees them when the story arrives, as it sees them after a save of a tagged story. ``check_vectors`` proves
the result: a sample re-saved through ``Article.save()`` keeps exactly its vector, and no sampled vector differs
from the document function's. SQLite (no vector) takes plain batched inserts.

The words follow Zipf's law over a news vocabulary and a long tail of made-up words, with stopwords between them at
about the rate English has them, so the archive has what search meets in a real one: a few words in most stories
("said" and "government" in well over half), thousands in a handful each, and set phrases ("prime minister").
Seeding is resumable: each chunk is committed on its own and made from its own random seed, so a run stopped
half-way carries on where it stopped and makes the same archive.
"""

from __future__ import annotations

import json
import multiprocessing
import random
import time
from dataclasses import dataclass
from datetime import timedelta
from itertools import accumulate

from django.db import connection, connections, transaction
from django.utils import timezone

from articles.management.commands._bench_seed import insert_rows
from articles.models import (
    Article,
    ArticleAuthor,
    Author,
    Region,
    Section,
    Source,
    Status,
    TaggedRegion,
    TaggedTopic,
    Topic,
)


def _words(text: str) -> list[str]:
    return text.split()


SLUG = "search-bench"
GUID = "search-bench:"
CHUNK = 5_000
YEARS = 10
TREE = (6, 15, 20)  # continents, countries in each, cities in each
TOPICS = 400
AUTHORS = 400
SECTIONS = ["News", "World", "Business", "Politics", "Sport", "Culture", "Science", "Opinion"]
AGENCIES = ["Press Association", "Reuters", "Associated Press", "Agence France-Presse"]

# The head of the vocabulary, most used first: the words a real news archive is full of.
NEWS_WORDS = _words(
    """
    said government people year police minister city week country report told officials state public million time
    day local council plan health service new last first two three president election party national children family
    company money market prices workers school water court police community support months former chief leader group
    hospital road energy food house housing rates bank cost economy crisis military forces security border talks
    deal agreement vote law rules change growth investment industry trade spending budget tax jobs staff union
    strike hours morning evening night area region centre river coast village town street building fire flood storm
    weather winter summer spring autumn season match team club league cup player coach goal win defeat victory
    record history music film theatre festival award book artist science research study university scientists data
    climate carbon emissions power electricity gas oil transport rail train bus airport flight ship port harbour
    bridge tunnel traffic accident injured killed died arrested charged trial judge prison sentence investigation
    evidence witness victims families residents protest campaign petition statement spokesperson interview announced
    confirmed warned expected reported
    """
)

STOPWORDS = _words(
    """
    the of and to a in that is was for on it with as he be at by this had not are but from or have an they which one
    you were her all she there would their we him been has when who will more no if out so up what about into than
    them can only other its also after over our could these two may
    """
)

PHRASES = [
    "prime minister",
    "interest rates",
    "climate change",
    "health service",
    "general election",
    "city council",
    "police said",
    "human rights",
    "peace talks",
    "energy prices",
]

FIRST_NAMES = _words(
    """
    Jane John Sam Ruth Amira Tom Lucy Omar Grace Daniel Chloe Ahmed Ella Marcus Nadia Oliver Priya Hugo Zara Felix
    Mei Jonas Isla Kwame Lena Pablo Ines Tariq Freya Dmitri Hana Leo Sofia Yusuf Maya Ivan Alice Rafael Nora Kenji
    """
)
SURNAMES = _words(
    """
    Marlowe Keel Harbour Okafor Lindqvist Moreau Castellano Whitfield Nakamura Brennan Abernathy Fairweather Osei
    Kowalski Delacroix Haddad Ashdown Petrov Quayle Rosenthal Sandoval Thorne Underhill Vasquez Winslow Yilmaz
    Zielinski Achebe Blackwood Carrington Dunmore Ellery Fontaine Galloway Hargreaves Ingram Jessop Kingsley
    Lockhart Merriweather
    """
)

SYLLABLES = _words(
    """
    ka lo ri ven tor mi sa del an bor qui zel mar tun pe gra vo lin dus ce ho fen ta ru nix ol bri sem ack tho ur ga
    lef mo zan ip ker du vey
    """
)
TAIL_WORDS = 40_000


@dataclass
class Vocabulary:
    words: list[str]
    cumulative: list[float]

    @classmethod
    def build(cls, rng: random.Random) -> Vocabulary:
        made: set[str] = set(NEWS_WORDS) | set(STOPWORDS)
        tail: list[str] = []
        while len(tail) < TAIL_WORDS:
            word = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 3, 3, 4))))
            if word not in made:
                made.add(word)
                tail.append(word)
        words = list(dict.fromkeys(NEWS_WORDS)) + tail
        return cls(words, list(accumulate(1 / (rank + 2) ** 1.02 for rank in range(len(words)))))

    def rank_of(self, word: str) -> int:
        return self.words.index(word)

    def share(self, rank: int) -> float:
        """The chance one content word drawn is the word of this rank."""
        previous = self.cumulative[rank - 1] if rank else 0.0
        return (self.cumulative[rank] - previous) / self.cumulative[-1]


class Writer:
    """Text for one chunk of stories, from the chunk's own random seed: about 390 words a story."""

    def __init__(self, rng: random.Random, vocabulary: Vocabulary):
        self.rng, self.vocabulary = rng, vocabulary

    def story(self) -> tuple[str, str, str]:
        """(headline, standfirst, body HTML). Words are drawn in one go per story (drawing them one by one
        made the seeding Python-bound); stopwords alternate with them, as about half of English text is."""
        rng, vocabulary = self.rng, self.vocabulary
        head, stand = rng.randint(4, 7), rng.randint(9, 16)
        paragraphs = [[rng.randint(8, 18) for _ in range(rng.randint(1, 3))] for _ in range(rng.randint(3, 12))]
        total = head + stand + sum(map(sum, paragraphs))
        content = rng.choices(vocabulary.words, cum_weights=vocabulary.cumulative, k=total)
        stops = rng.choices(STOPWORDS, k=total)
        tokens = [word for pair in zip(stops, content, strict=True) for word in pair]
        at = 2 * head

        def sentence(count: int) -> str:
            nonlocal at
            words = " ".join(tokens[at : at + 2 * count]).capitalize()
            at += 2 * count
            return f"{words} {rng.choice(PHRASES)}." if rng.random() < 0.03 else f"{words}."

        headline = " ".join(content[:head]).capitalize()
        standfirst = sentence(stand)
        body = "".join(f"<p>{' '.join(sentence(count) for count in sentences)}</p>" for sentences in paragraphs)
        return headline, standfirst, body


@dataclass
class Cast:
    """The archive's named things, made once, found again on a resumed run by their slugs."""

    sections: list[int]
    cities: dict[int, list[int]]  # city id → [country id, continent id]
    topics: list[int]
    authors: list[int]
    agencies: list[int]
    meta: Section


def cast(rng: random.Random, vocabulary: Vocabulary, *, articles: int, seed: int) -> Cast:
    meta = Section.objects.filter(slug=f"{SLUG}-meta").first()
    if meta is None:
        return _make_cast(rng, vocabulary, articles=articles, seed=seed)
    regions = Region.objects.filter(slug__startswith=f"{SLUG}-").only("pk", "path", "depth")
    cities = {r.pk: [int(p) for p in r.path.strip("/").split("/")][:-1][::-1] for r in regions if r.depth == 2}
    return Cast(
        sections=list(
            Section.objects.filter(slug__startswith=f"{SLUG}-section-").order_by("pk").values_list("pk", flat=True)
        ),
        cities=dict(sorted(cities.items())),
        topics=list(Topic.objects.filter(slug__startswith=f"{SLUG}-").order_by("pk").values_list("pk", flat=True)),
        authors=list(Author.objects.filter(slug__startswith=f"{SLUG}-").order_by("pk").values_list("pk", flat=True)),
        agencies=[Source.objects.get(name=name).pk for name in AGENCIES],
        meta=meta,
    )


def _make_cast(rng: random.Random, vocabulary: Vocabulary, *, articles: int, seed: int) -> Cast:
    meta = Section.objects.create(
        name="Search bench",
        slug=f"{SLUG}-meta",
        position=999,
        description=json.dumps({"articles": articles, "seed": seed}),
    )
    sections = [
        Section.objects.create(name=f"{name} (bench)", slug=f"{SLUG}-section-{n}", position=100 + n).pk
        for n, name in enumerate(SECTIONS)
    ]
    place_names = iter(_names(rng, 2_000, 3))
    parents: list[Region | None] = [None]
    for level, fan_out in enumerate(TREE):
        made = []
        for parent in parents:
            for _ in range(fan_out):
                name = next(place_names).capitalize()
                made.append(Region.objects.create(name=name, slug=f"{SLUG}-{level}-{len(made)}-{name}", parent=parent))
        parents = made
    cities = {city.pk: [city.parent.pk, city.parent.parent.pk] for city in parents}
    topic_words = vocabulary.words[40:2_000]
    topic_names = sorted(
        {f"{rng.choice(topic_words)} {rng.choice(topic_words)}".capitalize() for _ in range(TOPICS * 2)}
    )
    rng.shuffle(topic_names)
    topics = [
        Topic.objects.create(name=name, slug=f"{SLUG}-topic-{n}").pk for n, name in enumerate(topic_names[:TOPICS])
    ]
    people = sorted({f"{first} {last}" for first in FIRST_NAMES for last in SURNAMES})
    rng.shuffle(people)
    authors = [
        Author.objects.create(name=name, slug=f"{SLUG}-author-{n}").pk for n, name in enumerate(people[:AUTHORS])
    ]
    agencies = [
        Source.objects.get_or_create(name=name, defaults={"slug": f"{SLUG}-agency-{n}"})[0].pk
        for n, name in enumerate(AGENCIES)
    ]
    return Cast(sections, cities, topics, authors, agencies, meta)


def _names(rng: random.Random, count: int, syllables: int) -> list[str]:
    names: set[str] = set()
    while len(names) < count:
        names.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, syllables))))
    return sorted(names)


class Picker:
    """Zipf-skewed choices: a few places, topics and writers carry most stories, as in a real archive."""

    def __init__(self, rng: random.Random, chosen: Cast):
        self.rng, self.cast = rng, chosen
        self.cities = list(chosen.cities)
        self.city_weights = _zipf(len(self.cities), 1.1)
        self.topic_weights = _zipf(len(chosen.topics), 1.0)
        self.author_weights = _zipf(len(chosen.authors), 0.8)
        self.section_weights = _zipf(len(chosen.sections), 1.0)

    def regions(self) -> list[int]:
        city = self.rng.choices(self.cities, cum_weights=self.city_weights)[0]
        country, continent = self.cast.cities[city]
        return (
            [city] + ([country] if self.rng.random() < 0.6 else []) + ([continent] if self.rng.random() < 0.3 else [])
        )

    def topics(self) -> list[int]:
        return list(dict.fromkeys(self.rng.choices(self.cast.topics, cum_weights=self.topic_weights, k=3)))

    def byline(self) -> tuple[list[int], int | None]:
        roll = self.rng.random()
        if roll < 0.2:
            return [], self.rng.choice(self.cast.agencies)
        count = 2 if roll > 0.9 else 1
        authors = self.rng.choices(self.cast.authors, cum_weights=self.author_weights, k=count)
        return list(dict.fromkeys(authors)), None

    def section(self) -> int:
        return self.rng.choices(self.cast.sections, cum_weights=self.section_weights)[0]

    def status(self) -> tuple[str, str]:
        """(status, timing): 2% drafts, 1% withdrawn, 0.5% scheduled ahead, 0.5% expired; the rest live."""
        roll = self.rng.random()
        if roll < 0.02:
            return Status.DRAFT.value, ""
        if roll < 0.03:
            return Status.WITHDRAWN.value, ""
        if roll < 0.035:
            return Status.PUBLISHED.value, "scheduled"
        if roll < 0.04:
            return Status.PUBLISHED.value, "expired"
        return Status.PUBLISHED.value, ""


def _zipf(count: int, exponent: float) -> list[float]:
    return list(accumulate(1 / (n + 1) ** exponent for n in range(count)))


def seed_archive(articles: int, *, seed: int, workers: int, log) -> dict:
    """Make (or finish) an archive of ``articles`` stories with ``workers`` processes; returns what it did."""
    started = time.perf_counter()
    vocabulary = Vocabulary.build(random.Random(seed))
    with transaction.atomic():
        chosen = cast(random.Random(seed + 1), vocabulary, articles=articles, seed=seed)
    done = _chunks_done()
    todo = [number for number in range(-(-articles // CHUNK)) if number not in done]
    plan = _Plan(articles, seed, vocabulary, chosen)
    made = 0
    without_index = bool(todo) and _set_index_aside(log)
    try:
        if connection.vendor == "postgresql" and workers > 1 and len(todo) > 1:
            # One process per core: each generates its chunks' text while the database indexes another's.
            connections.close_all()
            context = multiprocessing.get_context("fork")
            with context.Pool(workers, initializer=_start_worker, initargs=(plan,)) as pool:
                for count in pool.imap_unordered(_load_in_worker, todo):
                    made += count
                    _progress(log, made, len(done) * CHUNK, articles, started)
        else:
            for number in todo:
                made += _load_chunk(plan, number)
                _progress(log, made, len(done) * CHUNK, articles, started)
    finally:
        index_seconds = ensure_search_index(log) if without_index else 0.0
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {
        "resumed_from": min(len(done) * CHUNK, articles),
        "seconds": round(time.perf_counter() - started, 1),
        "index_seconds": index_seconds,
    }


# The GIN index over the vectors (migration 0003). Built once after a bulk load rather than kept up row by row
# during it (which doubled the load's time): the vectors are the same either way, and so is the index.
SEARCH_INDEX = "article_search_vector_gin"
OTHER_STORIES_LIMIT = 5_000  # more stories than this outside the archive: not a bench database, leave it be


def _set_index_aside(log) -> bool:
    if connection.vendor != "postgresql":
        return False
    others = Article.objects.exclude(source_guid__startswith=GUID)[: OTHER_STORIES_LIMIT + 1].count()
    if others > OTHER_STORIES_LIMIT:
        log("  the database holds other stories: the search index stays in place while seeding (slower)")
        return False
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX IF EXISTS {SEARCH_INDEX}")
    log(f"  {SEARCH_INDEX} set aside while seeding; built again at the end")
    return True


def ensure_search_index(log) -> float:
    """Build the search index if it is missing (a seed set it aside, and may have stopped half-way)."""
    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_class WHERE relname = %s AND relkind = 'i'", [SEARCH_INDEX])
        if cursor.fetchone():
            return 0.0
        started = time.perf_counter()
        cursor.execute("SET maintenance_work_mem = '512MB'")
        cursor.execute(f"CREATE INDEX {SEARCH_INDEX} ON {Article._meta.db_table} USING gin (search_vector)")
        cursor.execute("RESET maintenance_work_mem")
    seconds = round(time.perf_counter() - started, 1)
    log(f"  {SEARCH_INDEX} built in {seconds} s")
    return seconds


@dataclass
class _Plan:
    articles: int
    seed: int
    vocabulary: Vocabulary
    cast: Cast


_plan: _Plan | None = None


def _start_worker(plan: _Plan) -> None:
    global _plan
    _plan = plan


def _load_in_worker(number: int) -> int:
    return _load_chunk(_plan, number)


def _progress(log, made: int, before: int, articles: int, started: float) -> None:
    rate = made / max(time.perf_counter() - started, 1e-9)
    log(f"  {before + made:,} / {articles:,} stories ({rate:,.0f}/s)")


def _chunks_done() -> set[int]:
    """Chunks already in the database: each was committed whole, and its stories' guids carry its number."""
    offset = len(GUID) + 1
    if connection.vendor == "postgresql":
        number = "split_part(source_guid, ':', 2)"
    else:
        number = f"substr(source_guid, {offset}, instr(substr(source_guid, {offset}), ':') - 1)"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT DISTINCT {number} FROM {Article._meta.db_table} WHERE source_guid LIKE %s", [f"{GUID}%"]
        )
        return {int(value) for (value,) in cursor.fetchall()}


def archive_size() -> tuple[int, int | None]:
    """(stories now in the archive, the size it was made for)."""
    meta = Section.objects.filter(slug=f"{SLUG}-meta").values_list("description", flat=True).first()
    planned = json.loads(meta)["articles"] if meta else None
    return Article.objects.filter(source_guid__startswith=GUID).count(), planned


def _load_chunk(plan: _Plan, number: int) -> int:
    count = min(CHUNK, plan.articles - number * CHUNK)
    rng = random.Random(f"{plan.seed}:{number}")
    writer, picker = Writer(rng, plan.vocabulary), Picker(rng, plan.cast)
    now = timezone.now()
    span = timedelta(days=365 * YEARS).total_seconds()
    stories, authors, regions, topics = [], [], [], []
    with transaction.atomic():
        ids = _reserve_ids(count)
        for index, pk in enumerate(ids, start=number * CHUNK):
            # Publish times climb with the story's place in the archive across ten years, with jitter.
            published_at = now - timedelta(seconds=span * (1 - index / plan.articles) + 7200 + rng.uniform(-3600, 3600))
            status, timing = picker.status()
            expires_at = None
            if timing == "scheduled":
                published_at = now + timedelta(days=rng.randint(1, 30))
            elif timing == "expired":
                expires_at = published_at + timedelta(days=rng.randint(1, 60))
            public_at = published_at if status == Status.PUBLISHED.value else None
            byline, agency = picker.byline()
            stories.append(_story(pk, number, writer, picker.section(), agency, status, published_at, expires_at))
            authors += [(pk, author, position) for position, author in enumerate(byline)]
            regions += [(pk, tag, public_at) for tag in picker.regions()]
            topics += [(pk, tag, public_at) for tag in picker.topics()]
        # Links first: the story's trigger then finds them (foreign keys are deferred to the commit).
        insert_rows(ArticleAuthor._meta.db_table, ["article_id", "author_id", "position"], authors)
        insert_rows(TaggedRegion._meta.db_table, ["content_object_id", "tag_id", "published_at"], regions)
        insert_rows(TaggedTopic._meta.db_table, ["content_object_id", "tag_id", "published_at"], topics)
        insert_rows(Article._meta.db_table, list(stories[0]), [list(story.values()) for story in stories])
    return count


def _reserve_ids(count: int) -> list[int]:
    if connection.vendor != "postgresql":
        first = (Article.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        return list(range(first, first + count))
    table = Article._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) FROM generate_series(1, %s)", [count])
        return [pk for (pk,) in cursor.fetchall()]


def _story(pk, number, writer: Writer, section, agency, status, published_at, expires_at) -> dict:
    headline, standfirst, body = writer.story()
    values = {
        "id": pk,
        "headline": headline,
        "slug": f"{SLUG}-{pk}",
        "standfirst": standfirst,
        "body": body,
        "section_id": section,
        "source_id": agency,
        "status": status,
        "published_at": published_at,
        "first_published_at": published_at if status != Status.DRAFT.value else None,
        "expires_at": expires_at,
        "created_at": published_at,
        "updated_at": published_at,
        "source_guid": f"{GUID}{number}:{pk}",
    }
    # Whatever else the model has (other features add columns) gets its default; the vector is the trigger's.
    for field in Article._meta.concrete_fields:
        if field.column not in values and field.name != "search_vector":
            values[field.column] = None if field.null else field.get_default()
    return values


def clean_archive() -> None:
    """Delete the synthetic archive, and only it (raw deletes: the ORM would load every story). The stories go
    first and their links after (foreign keys are checked at the commit), so the link triggers find no story left
    to make a vector for."""
    table = Article._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE search_bench_ids AS SELECT id FROM " + table + " WHERE source_guid LIKE %s", [f"{GUID}%"]
        )
        cursor.execute(f"DELETE FROM {table} WHERE id IN (SELECT id FROM search_bench_ids)")
        # Hidden relations too (pinned relations point here with related_name="+").
        for relation in Article._meta._get_fields(forward=False, reverse=True, include_hidden=True):
            if relation.many_to_many:
                continue
            related, column = relation.related_model._meta.db_table, relation.field.column
            cursor.execute(f"DELETE FROM {related} WHERE {column} IN (SELECT id FROM search_bench_ids)")
        cursor.execute("DROP TABLE search_bench_ids")
        for model in (Topic, Author, Section):
            cursor.execute(f"DELETE FROM {model._meta.db_table} WHERE slug LIKE %s", [f"{SLUG}-%"])
        cursor.execute(f"DELETE FROM {Source._meta.db_table} WHERE slug LIKE %s", [f"{SLUG}-%"])
        # Regions form a tree (PROTECT on parent): the deepest first.
        for depth in (2, 1, 0):
            cursor.execute(
                f"DELETE FROM {Region._meta.db_table} WHERE slug LIKE %s AND depth = %s", [f"{SLUG}-%", depth]
            )
