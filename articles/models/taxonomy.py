"""Where a story belongs: its section, and its regions and topics (two django-taggit vocabularies with their own
tag tables).

Regions form a tree (Idlib › Syria › Middle East) stored as a materialised path of ids, so "this
region and everything under it" is one indexed prefix query, not a walk.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower, Trim
from django.urls import reverse
from taggit.models import TagBase, TaggedItemBase

from articles import subjects
from pagecache import keys as surrogate_keys

# Sections live at /<slug>/, beside these fixed addresses.
RESERVED_SECTION_SLUGS = frozenset(
    {
        "admin",
        "author",
        "corrections",
        "feeds",
        "healthz",
        "media",
        "news",
        "preview",
        "region",
        "search",
        "static",
        "topic",
    }
)


def _not_reserved(slug: str) -> None:
    if slug in RESERVED_SECTION_SLUGS or slug.startswith("sitemap"):
        raise ValidationError(f"“{slug}” is used by another part of the site; choose another address.")


class Section(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True, validators=[_not_reserved])
    position = models.PositiveSmallIntegerField(default=0)
    description = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        surrogate_keys.record(subjects.SECTION.name_key(self.pk))
        return reverse("articles:section", kwargs={"slug": self.slug})


class KeepsItsAddress(models.Model):
    """A tag's name is stored without surrounding spaces (names are unique regardless of case, see each Meta);
    a changed slug leaves a redirect behind, so old links and feed subscriptions keep working."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.name = (self.name or "").strip()
        old_slug = type(self).objects.filter(pk=self.pk).values_list("slug", flat=True).first() if self.pk else None
        super().save(*args, **kwargs)
        if old_slug and old_slug != self.slug:
            redirects = self.redirect_model.objects
            redirects.update_or_create(old_slug=old_slug, defaults={"tag": self})
            redirects.filter(old_slug=self.slug).delete()

    @property
    def redirect_model(self):
        return self.redirects.model

    @classmethod
    def moved_to(cls, slug: str):
        """The tag now answering for ``slug`` when no tag has it (merged away, or renamed); else None."""
        if not slug or cls.objects.filter(slug=slug).exists():
            return None
        moved = cls.redirects.rel.related_model.objects.filter(old_slug=slug).select_related("tag").first()
        return moved.tag if moved else None


def _unique_name(vocabulary: str) -> models.UniqueConstraint:
    return models.UniqueConstraint(
        Lower(Trim("name")),
        name=f"unique_{vocabulary}_name_any_case",
        violation_error_message=f"A {vocabulary} with this name already exists (names are compared regardless of case).",
    )


class Region(KeepsItsAddress, TagBase):
    parent = models.ForeignKey("self", null=True, blank=True, related_name="children", on_delete=models.PROTECT)
    # "/1/7/42/": ids from the root down to this region, itself included.
    path = models.CharField(max_length=255, blank=True, default="", db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    # Published stories carrying this region, kept by articles.related.index: the specificity weight.
    article_count = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "region"
        verbose_name_plural = "regions"
        ordering = ["name"]
        constraints = [_unique_name("region")]

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        old_path = self.path
        new_path = f"{self.parent.path if self.parent else '/'}{self.pk}/"
        if new_path != old_path:
            self._move_subtree(old_path, new_path)

    def _move_subtree(self, old_path: str, new_path: str) -> None:
        depth = new_path.count("/") - 2
        Region.objects.filter(pk=self.pk).update(path=new_path, depth=depth)
        self.path, self.depth = new_path, depth
        if old_path:
            for child in Region.objects.filter(path__startswith=old_path).exclude(pk=self.pk):
                child.path = new_path + child.path[len(old_path) :]
                child.depth = child.path.count("/") - 2
                Region.objects.filter(pk=child.pk).update(path=child.path, depth=child.depth)

    def clean(self):
        if self.pk and self.parent and f"/{self.pk}/" in self.parent.path:
            raise ValidationError({"parent": "A region cannot sit inside itself or one of its children."})

    def path_ids(self) -> list[int]:
        """Its own id and those of the regions above it, outermost first."""
        return [int(part) for part in self.path.strip("/").split("/") if part]

    @property
    def ancestor_ids(self) -> list[int]:
        return [int(part) for part in self.path.strip("/").split("/") if part][:-1]

    def ancestors(self):
        """Outermost first: Middle East, Syria (for Idlib)."""
        by_id = Region.objects.in_bulk(self.ancestor_ids)
        return [by_id[pk] for pk in self.ancestor_ids if pk in by_id]

    def get_absolute_url(self):
        surrogate_keys.record(subjects.REGION.name_key(self.pk))
        return reverse("articles:region", kwargs={"slug": self.slug})


class Topic(KeepsItsAddress, TagBase):
    iptc_code = models.CharField(
        "IPTC Media Topic code",
        max_length=40,
        blank=True,
        default="",
        db_index=True,
        help_text='For example "medtop:11000000" (politics). Imports map codes to topics with it.',
    )
    # Published stories carrying this topic, kept by articles.related.index: the specificity weight.
    article_count = models.PositiveIntegerField(default=0, editable=False)
    description = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "topic"
        verbose_name_plural = "topics"
        ordering = ["name"]
        constraints = [_unique_name("topic")]

    def get_absolute_url(self):
        surrogate_keys.record(subjects.TOPIC.name_key(self.pk))
        return reverse("articles:topic", kwargs={"slug": self.slug})


class TaggedRegion(TaggedItemBase):
    content_object = models.ForeignKey("articles.Article", on_delete=models.CASCADE)
    tag = models.ForeignKey(Region, related_name="tagged_items", on_delete=models.CASCADE)
    # The story's publish time while its status is published, else NULL (articles.related.index keeps it).
    published_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["content_object", "tag"], name="unique_region_per_article")]
        indexes = [
            models.Index(fields=["tag", "content_object"], name="taggedregion_tag_article"),
            models.Index(fields=["tag", "published_at", "content_object"], name="taggedregion_tag_published"),
        ]


class TaggedTopic(TaggedItemBase):
    content_object = models.ForeignKey("articles.Article", on_delete=models.CASCADE)
    tag = models.ForeignKey(Topic, related_name="tagged_items", on_delete=models.CASCADE)
    # The story's publish time while its status is published, else NULL (articles.related.index keeps it).
    published_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["content_object", "tag"], name="unique_topic_per_article")]
        indexes = [
            models.Index(fields=["tag", "content_object"], name="taggedtopic_tag_article"),
            models.Index(fields=["tag", "published_at", "content_object"], name="taggedtopic_tag_published"),
        ]


class TagRedirect(models.Model):
    """A tag's former slug (renamed, or merged into another tag), answered with a 301 to the tag's pages."""

    old_slug = models.SlugField(max_length=100, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class RegionRedirect(TagRedirect):
    tag = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="redirects")


class TopicRedirect(TagRedirect):
    tag = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="redirects")
