"""The listing subjects: what a story is filed under and readers can list by (section, region, topic, author).

One row each: the model, the cache-key prefix of its listing and of its name, the queryset method that narrows
stories to it, the page's title, and whether its page shows when nothing is filed there yet. Pages, feeds, the
surrogate keys and their purges, the API's filters and the menus read this table, so a new kind of listing is a
row here, its model with ``get_absolute_url`` recording ``name_key``, a queryset method, a template and a URL.

Models are named, not imported (``apps.get_model`` on use): the models' own querysets read the key prefixes here.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.db.models import Exists, OuterRef

from pagecache import keys


@dataclass(frozen=True)
class Subject:
    kind: str  # the URL names' last part: articles:<kind>, feeds:<kind>; the API's filter
    model_name: str
    key_prefix: str  # s4: section 4's stories are listed; sn4: its name is shown
    narrowing: str  # the Article queryset method narrowing to one subject
    title_format: str  # the listing page's title
    shown_when_empty: bool = False  # a section's page shows before anything is filed there; a tag's 404s
    tree: bool = False  # regions: a place's listing holds the places under it

    @property
    def model(self):
        return apps.get_model("articles", self.model_name)

    def narrow(self, queryset, subject):
        return getattr(queryset, self.narrowing)(subject)

    def listing_key(self, pk: int) -> str:
        return keys.listing(self.key_prefix, pk)

    def name_key(self, pk: int) -> str:
        return keys.name(self.key_prefix, pk)

    def listing_keys_of(self, subject) -> set[str]:
        """The listings a story filed under ``subject`` appears in: its own, and for a region the regions above."""
        if self.tree:
            return {self.listing_key(pk) for pk in subject.path_ids()}
        return {self.listing_key(subject.pk)}

    def carried(self):
        """The subjects at least one published story is filed under (a region: under it or a place below), so a
        public filter or list never confirms a name that only drafts carry."""
        article = apps.get_model("articles", "Article")
        if self.kind == "section":
            return self.model.objects.all()  # sections are the site's own structure: in the menu, never secret
        if self.tree:
            tagged = apps.get_model("articles", "TaggedRegion").objects.filter(
                tag__path__startswith=OuterRef("path"), content_object__in=article.objects.published()
            )
        elif self.kind == "topic":
            tagged = apps.get_model("articles", "TaggedTopic").objects.filter(
                tag=OuterRef("pk"), content_object__in=article.objects.published()
            )
        else:
            tagged = apps.get_model("articles", "ArticleAuthor").objects.filter(
                author=OuterRef("pk"), article__in=article.objects.published()
            )
        return self.model.objects.filter(Exists(tagged))


SECTION = Subject("section", "Section", "s", "in_section", "Latest {} News", shown_when_empty=True)
REGION = Subject("region", "Region", "r", "in_region", "{}", tree=True)
TOPIC = Subject("topic", "Topic", "t", "with_topic", "{}")
AUTHOR = Subject("author", "Author", "au", "by_author", "Stories by {}")

SUBJECTS: dict[str, Subject] = {subject.kind: subject for subject in (SECTION, REGION, TOPIC, AUTHOR)}


def for_model(model) -> Subject | None:
    return next((subject for subject in SUBJECTS.values() if subject.model_name == model.__name__), None)


def moved_to(model, slug: str | None):
    """Where a merged or renamed tag's old slug now points (None for other subjects and unknown slugs): its pages
    and feeds answer 301 there."""
    moved = getattr(model, "moved_to", None)
    return moved(slug) if moved and slug else None
