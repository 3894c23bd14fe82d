"""Names and codes in imported copy -> rows: topics, regions, sections, agencies and authors.

One ``Lookups`` lives for a whole run and caches every name it has resolved, so a batch of ten
thousand stories tagged "politics" asks the database once, not ten thousand times. Rows created
while importing an item are remembered until the item's transaction ends: when it rolls back
(a failed item, or any dry-run item) they leave the cache too, so no later item points at a row
that no longer exists.
"""

from __future__ import annotations

from django.conf import settings
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
        if key not in self._cache:
            self._cache[key] = find()
        if self._cache[key] is None and create is not None:
            self._cache[key] = create()
            self._new.append(key)
        return self._cache[key]

    def topics(self, codes: list[str], names: list[str], warnings: list[str]) -> list[Topic]:
        found: dict[int, Topic] = {}
        for raw in codes:
            code = iptc.normalise(raw)
            topic = (
                self._get(
                    "code", code, lambda c=code: Topic.objects.filter(iptc_code=c).first(), self._vocabulary_topic(code)
                )
                if code
                else None
            )
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
        for name in filter(None, (_fit_name(n) for n in names)):
            tag = self._get(
                kind,
                name,
                lambda n=name: _by_name(model, n),
                (lambda n=name: model.objects.create(name=n)) if create else None,
            )
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
        found: dict[int, Author] = {}
        for name in filter(None, (n.strip()[:200] for n in names)):
            slug = slugify(name)[:200].strip("-")
            if not slug:
                continue
            author = self._get(
                "author",
                slug,
                lambda s=slug: Author.objects.filter(slug=s).first(),
                lambda n=name, s=slug: Author.objects.create(name=n, slug=s),
            )
            found.setdefault(author.pk, author)
        return list(found.values())


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
        return model.objects.create(name=name, iptc_code=code)
    if not topic.iptc_code:
        topic.iptc_code = code
        topic.save(update_fields=["iptc_code"])
    return topic
