"""A search engine outside the database, in this process's memory: what an Elasticsearch or Meilisearch backend
would be, without the server (none can be installed here: see README "Search"). It keeps documents it is sent,
applies the public rule at query time from the fields it was given, and answers ids, a total and facets, so the
tests exercise the interface and the hooks (story events, renames) an external engine relies on."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from articles.models import Article, Status
from articles.search.backends.base import Count, Criteria, Facets, Order, Results, SearchBackend
from articles.search.query import parse_query


@dataclass
class Document:
    id: int
    text: str
    status: str
    published_at: object
    expires_at: object
    section: int | None
    places: set[int]
    topics: set[int]
    authors: set[int]


class MemoryEngine(SearchBackend):
    name = "memory"
    keeps_itself_current = False
    documents: dict[int, Document] = {}
    calls: list[tuple[str, tuple[int, ...]]] = []

    @classmethod
    def reset(cls) -> None:
        cls.documents, cls.calls = {}, []

    def index(self, story_ids) -> None:
        type(self).calls.append(("index", tuple(story_ids)))
        found = {story.pk: story for story in Article.objects.filter(pk__in=story_ids).prefetch_related("authors")}
        for pk in story_ids:
            story = found.get(pk)
            if story is None:
                self.documents.pop(pk, None)  # deleted: forgotten
                continue
            names = [a.name for a in story.authors.all()] + [t.name for t in story.regions.all()]
            names += [t.name for t in story.topics.all()] + ([story.source.name] if story.source_id else [])
            places = {int(p) for region in story.regions.all() for p in region.path.strip("/").split("/") if p}
            self.documents[pk] = Document(
                pk,
                " ".join([story.headline, story.standfirst, story.body, *names]).lower(),
                story.status,
                story.published_at,
                story.expires_at,
                story.section_id,
                places,
                {t.pk for t in story.topics.all()},
                {a.pk for a in story.authors.all()},
            )

    def remove(self, story_ids) -> None:
        type(self).calls.append(("remove", tuple(story_ids)))
        for pk in story_ids:
            self.documents.pop(pk, None)

    def search(self, criteria: Criteria, *, page: int, per_page: int) -> Results:
        now = timezone.now()
        hits = [
            doc
            for doc in self.documents.values()
            if doc.status == Status.PUBLISHED
            and doc.published_at is not None
            and doc.published_at <= now
            and not (doc.expires_at and doc.expires_at <= now)
            and self._matches(doc, criteria)
        ]
        hits.sort(key=lambda doc: (doc.published_at, doc.id), reverse=True)
        if criteria.order == Order.RELEVANCE and criteria.text:
            hits.sort(
                key=lambda doc: -sum(doc.text.count(t.text.lower()) for g in parse_query(criteria.text) for t in g)
            )
        facets = Facets(over=len(hits))
        for doc in hits:
            if doc.section:
                facets.sections[doc.section] = facets.sections.get(doc.section, 0) + 1
            for kind, values in (("regions", doc.places), ("topics", doc.topics), ("authors", doc.authors)):
                counts = getattr(facets, kind)
                for value in values:
                    counts[value] = counts.get(value, 0) + 1
        start = (page - 1) * per_page
        return Results([doc.id for doc in hits[start : start + per_page]], len(hits), Count.EXACT, len(hits), facets)

    @staticmethod
    def _matches(doc: Document, criteria: Criteria) -> bool:
        if criteria.text:
            groups = parse_query(criteria.text)
            if not any(all((t.text.lower() in doc.text) != t.excluded for t in group) for group in groups):
                return False
        return (
            (criteria.section is None or doc.section == criteria.section)
            and (criteria.region is None or criteria.region in doc.places)
            and (criteria.topic is None or criteria.topic in doc.topics)
            and (criteria.author is None or criteria.author in doc.authors)
        )
