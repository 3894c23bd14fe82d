"""Names and codes in imported copy -> rows: topics, regions, sections, agencies and authors.

One ``Lookups`` lives for a whole run and caches every name it has resolved, so a batch of ten
thousand stories tagged "politics" asks the database once, not ten thousand times. Rows created
while importing an item are remembered until the item's transaction ends: when it rolls back
(a failed item, or any dry-run item) they leave the cache too, so no later item points at a row
that no longer exists. A name not found is never cached: another worker (or an editor) may create
it at any moment, and the next story must find that row rather than a stale "not found".

Several workers import at once (polled sources, background uploads), and two stories by the same new
author may arrive together. A row is created inside a savepoint; when a unique constraint says another
import created it meanwhile, the savepoint rolls back and that row is read and used (on PostgreSQL the
insert waits for the other transaction, so the row is committed by then). Within one story, missing rows
are created in one order (sorted by name), so two imports each creating the same two new authors wait
for one another instead of deadlocking.
"""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.text import slugify

from articles.models import Author, Region, Section, Source, Topic

from . import mediatopics as iptc


def _policy(key: str, default: str) -> str:
    return str(settings.NEWSROOM.get(key, default)).lower()


def _unique_slug(model, name: str, limit: int = 100) -> str:
    """A free slug of at most ``limit`` characters: the base is shortened to make room for a "-2" suffix."""
    base = slugify(name)[:limit].strip("-") or "item"
    slug, n = base, 2
    while model.objects.filter(slug=slug).exists():
        suffix = f"-{n}"
        slug, n = f"{base[: limit - len(suffix)].rstrip('-')}{suffix}", n + 1
    return slug


class Lookups:
    def __init__(self):
        self._cache: dict[tuple[str, str], object] = {}
        self._new: list[tuple[str, str]] = []
        # Topics are an open vocabulary editors configure; regions are curated, so a typo in a feed
        # must not grow the region tree unless the site explicitly asks for it.
        self.unknown_topics = _policy("IMPORT_UNKNOWN_TAGS", "create")
        self.unknown_regions = _policy("IMPORT_UNKNOWN_REGIONS", "report")

    def item_committed(self) -> None:
        self._new.clear()

    def item_rolled_back(self) -> None:
        for key in self._new:
            self._cache.pop(key, None)
        self._new.clear()

    def _get(self, kind: str, name: str, find, create=None):
        key = (kind, name.strip().lower())
        row = self._cache.get(key)
        if row is not None:
            return row
        row, made = find(), False
        if row is None and create is not None:
            row, made = _create_or_find(create, find)
        if row is not None:
            self._cache[key] = row
            if made:
                self._new.append(key)
        return row

    def topics(self, codes: list[str], names: list[str], warnings: list[str]) -> list[Topic]:
        found: dict[int, Topic] = {}
        by_code = _in_lock_order(
            filter(None, (iptc.normalise(raw) for raw in codes)),
            lambda code: self._get(
                "code", code, lambda: Topic.objects.filter(iptc_code=code).first(), self._vocabulary_topic(code)
            ),
        )
        for raw in codes:
            topic = by_code.get(iptc.normalise(raw))
            if topic is None:
                warnings.append(f"IPTC code {raw!r} is not a known topic; ignored")
            else:
                found[topic.pk] = topic
        self._named(Topic, "topic", names, self.unknown_topics, found, warnings, missing="does not exist")
        return list(found.values())

    def _vocabulary_topic(self, code: str):
        name = iptc.MEDIA_TOPICS.get(iptc.top_level(code))
        if not name:
            return None
        # An editor may already have a topic of that name without the code: give it the code.
        return lambda: _adopt(Topic, name, code)

    def regions(self, names: list[str], warnings: list[str]) -> list[Region]:
        found: dict[int, Region] = {}
        self._named(Region, "region", names, self.unknown_regions, found, warnings, missing="is not in the region tree")
        return list(found.values())

    def _named(
        self, model, kind: str, names: list[str], policy: str, found: dict, warnings: list[str], *, missing: str
    ):
        """Tags by name into ``found``; unknown names are created or reported, as ``policy`` says."""
        create = policy == "create"
        names = [name for name in (_fit_name(n) for n in names) if name]
        tags = _in_lock_order(
            names,
            lambda name: self._get(
                kind, name, lambda: _by_name(model, name), (lambda: model.objects.create(name=name)) if create else None
            ),
        )
        for name in names:
            tag = tags[name]
            if tag is None:
                warnings.append(f"{kind} {name!r} {missing}; not tagged")
            else:
                found[tag.pk] = tag

    def section(self, hint: str, default: Section | None, warnings: list[str]) -> Section | None:
        if not hint.strip():
            return default
        section = self._get("section", hint, lambda: _by_name(Section, hint))
        if section is None:
            fallback = f"; filed under {default.name}" if default else ""
            warnings.append(f"section {hint!r} does not exist{fallback}")
            return default
        return section

    def source(self, name: str) -> Source | None:
        name = name.strip()[:200]
        if not name:
            return None
        return self._get(
            "source",
            name,
            lambda: _by_name(Source, name, short=True),
            lambda: Source.objects.create(name=name, slug=_unique_slug(Source, name, 200)),
        )

    def authors(self, names: list[str]) -> list[Author]:
        named = {}  # slug -> the first name spelled that way, in the byline's order
        for name in filter(None, (n.strip()[:200] for n in names)):
            named.setdefault(slugify(name)[:200].strip("-"), name)
        named.pop("", None)
        by_slug = _in_lock_order(
            named,
            lambda slug: self._get(
                "author",
                slug,
                lambda: Author.objects.filter(slug=slug).first(),
                lambda: Author.objects.create(name=named[slug], slug=slug),
            ),
        )
        found: dict[int, Author] = {}
        for slug in named:
            found.setdefault(by_slug[slug].pk, by_slug[slug])
        return list(found.values())


def _create_or_find(create, find) -> tuple[object, bool]:
    """``create()`` in a savepoint; if a unique constraint refuses it because another import made the same row
    meanwhile, that row (and False: not ours, so it stays cached if our item rolls back). A refusal with no such
    row to find is some other broken rule, raised as it is."""
    try:
        with transaction.atomic():
            return create(), True
    except IntegrityError:
        row = find()
        if row is None:
            raise
        return row, False


def _in_lock_order(names, resolve) -> dict:
    """``resolve(name)`` for each distinct name, in sorted order: the order rows are created in (see above)."""
    return {name: resolve(name) for name in sorted(set(names), key=lambda name: (name.lower(), name))}


def _fit_name(name: str, limit: int = 100) -> str:
    """A tag name as it is stored (cut to the field), so the look-up finds the row an earlier import made."""
    return name.strip()[:limit].strip()


def _by_name(model, name: str, *, short: bool = False):
    query = Q(name__iexact=name) | Q(slug=slugify(name))
    if short:
        query |= Q(short_name__iexact=name)
    return model.objects.filter(query).order_by("pk").first()


def _adopt(model, name: str, code: str):
    topic = _by_name(model, name)
    if topic is None:
        topic, made = _create_or_find(
            lambda: model.objects.create(name=name, iptc_code=code), lambda: _by_name(model, name)
        )
        if made:
            return topic
    if not topic.iptc_code:
        topic.iptc_code = code
        topic.save(update_fields=["iptc_code"])
    return topic
