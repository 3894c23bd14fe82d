"""Articles and what they hang on: authors, agencies, inline pictures, pinned relations."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch
from django.db.models.query import ModelIterable
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from taggit.managers import TaggableManager

from articles import subjects
from articles.models.media import Image
from articles.models.taxonomy import Section, TaggedRegion, TaggedTopic
from articles.sanitize import clean_body
from pagecache import keys as surrogate_keys


class Author(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    bio = models.TextField("short bio", blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        surrogate_keys.record(subjects.AUTHOR.name_key(self.pk))
        return reverse("articles:author", kwargs={"slug": self.slug})


class Source(models.Model):
    """An agency or origin of copy: Press Association, AP, Reuters, staff."""

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=50, blank=True, default="", help_text='As in credits: "PA".')
    slug = models.SlugField(max_length=200, unique=True)
    url = models.URLField(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "review", "In review"
    PUBLISHED = "published", "Published"
    WITHDRAWN = "withdrawn", "Withdrawn"


# What readers see (or are scheduled to see, or were shown and had taken away): only editors change these.
EDITOR_ONLY_STATUSES = frozenset({Status.PUBLISHED, Status.WITHDRAWN})


def published_sql(alias: str) -> str:
    """``published()`` for the raw SQL that cannot use the ORM (the related-stories query): the same rule, with
    ``alias`` naming the article table. Its parameters come from ``published_sql_params()``."""
    return (
        f"{alias}.status = %(public_status)s AND {alias}.published_at <= %(public_now)s"
        f" AND ({alias}.expires_at IS NULL OR {alias}.expires_at > %(public_now)s)"
    )


def published_sql_params(now) -> dict:
    """``now`` already adapted for the database (``connection.ops.adapt_datetimefield_value``)."""
    return {"public_status": Status.PUBLISHED.value, "public_now": now}


def is_absolute_http_url(value: str) -> bool:
    """An address a page may name as its original: absolute, http or https (never ``javascript:`` or a path)."""
    parts = urlsplit(value)
    return parts.scheme in {"http", "https"} and bool(parts.netloc)


def validate_absolute_http_url(value: str) -> None:
    if value and not is_absolute_http_url(value):
        raise ValidationError("Enter the original's full address, starting with https:// or http://.")


class ArticleQuerySet(models.QuerySet):
    # What a page built from this queryset depends on, for the cache keys (pagecache.keys): the
    # listings it was narrowed to, and whether it lists the newest public stories.
    _listing_keys: frozenset[str] = frozenset()
    _lists_public = False

    def _clone(self):
        clone = super()._clone()
        clone._listing_keys, clone._lists_public = self._listing_keys, self._lists_public
        return clone

    def _fetch_all(self):
        fetched = self._result_cache is not None
        super()._fetch_all()
        if fetched or not surrogate_keys.is_collecting():
            return
        rows_are_stories = issubclass(self._iterable_class, ModelIterable)
        if rows_are_stories:
            surrogate_keys.record_stories(article.pk for article in self._result_cache)
        if self._lists_public and (self.query.order_by or not rows_are_stories):
            # A list of public stories (or figures drawn from them): new ones change it.
            surrogate_keys.record(*(self._listing_keys or {surrogate_keys.LATEST}))

    def _narrowed(self, queryset, subject: subjects.Subject, pk: int):
        queryset._listing_keys = self._listing_keys | {subject.listing_key(pk)}
        return queryset

    def published(self):
        """The one definition of what the public may see. Scheduled stories pass once their time comes; stories
        with an expiry time leave once it passes (both without any job running)."""
        now = timezone.now()
        queryset = self.filter(status=Status.PUBLISHED, published_at__lte=now).exclude(expires_at__lte=now)
        queryset._lists_public = True
        return queryset

    def scheduled(self):
        return self.filter(status=Status.PUBLISHED, published_at__gt=timezone.now())

    def expiring(self):
        """Published stories whose expiry time is still ahead: each will leave the public surfaces by itself."""
        return self.filter(status=Status.PUBLISHED, expires_at__gt=timezone.now())

    def expired(self):
        """Published stories whose expiry time has passed: gone from the public surfaces, as if withdrawn."""
        return self.filter(status=Status.PUBLISHED, expires_at__lte=timezone.now())

    def latest_first(self):
        return self.order_by("-published_at", "-id")

    def for_listing(self):
        """What a story card needs, in a fixed number of queries whatever the list's length. Cards never show
        the body or the search vector, the two large columns: they are left out (``defer(None)`` to read them)."""
        return (
            self.select_related("section", "source", "lead_image")
            .prefetch_related(Prefetch("article_authors", queryset=ArticleAuthor.objects.select_related("author")))
            .defer("body", "search_vector")
        )

    def in_section(self, section):
        return self._narrowed(self.filter(section=section), subjects.SECTION, section.pk)

    def in_region(self, region):
        """Stories tagged with this region or any region under it."""
        queryset = self.filter(
            pk__in=TaggedRegion.objects.filter(tag__path__startswith=region.path).values("content_object_id")
        )
        return self._narrowed(queryset, subjects.REGION, region.pk)

    def with_topic(self, topic):
        queryset = self.filter(pk__in=TaggedTopic.objects.filter(tag=topic).values("content_object_id"))
        return self._narrowed(queryset, subjects.TOPIC, topic.pk)

    def by_author(self, author):
        queryset = self.filter(pk__in=ArticleAuthor.objects.filter(author=author).values("article_id"))
        return self._narrowed(queryset, subjects.AUTHOR, author.pk)


class Article(models.Model):
    headline = models.CharField(max_length=300)
    slug = models.SlugField(max_length=255, unique=True, blank=True, help_text="Made from the headline if empty.")
    standfirst = models.TextField(blank=True, default="", help_text="The one-paragraph summary under the headline.")
    body = models.TextField(blank=True, default="")
    section = models.ForeignKey(Section, null=True, blank=True, on_delete=models.PROTECT, related_name="articles")
    authors = models.ManyToManyField(Author, through="ArticleAuthor", blank=True, related_name="articles")
    source = models.ForeignKey(
        Source,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="articles",
        help_text="The agency for agency copy: the byline then reads “By Press Association”.",
    )
    lead_image = models.ForeignKey(Image, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    lead_image_caption = models.TextField(blank=True, default="", help_text="Overrides the image's caption here.")
    lead_image_alt = models.CharField(
        max_length=300, blank=True, default="", help_text="Overrides the image's alt text here."
    )
    regions = TaggableManager(through=TaggedRegion, blank=True, related_name="region_articles")
    topics = TaggableManager(through=TaggedTopic, blank=True, related_name="topic_articles")
    language = models.CharField(
        max_length=35,
        blank=True,
        default="",
        help_text="The story's language as a BCP 47 tag (“en-GB”, “fr”), when it differs from the site's.",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        "publish time", null=True, blank=True, help_text="A time in the future schedules the story."
    )
    first_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    # When its latest correction was made public (articles.services.save_correction): pages and feeds read the
    # corrections only for stories that have some, so a story without any costs no query for them.
    last_corrected_at = models.DateTimeField(null=True, blank=True, editable=False)
    expires_at = models.DateTimeField(
        "expires at",
        null=True,
        blank=True,
        help_text="Rights-limited copy or pictures: the story leaves the site by itself at this time (410 Gone).",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Moved on by every save, except where an import keeps its source's date (``save(touch=False)``).
    updated_at = models.DateTimeField(default=timezone.now, editable=False)
    seo_title = models.CharField("SEO title", max_length=200, blank=True, default="")
    seo_description = models.CharField("SEO description", max_length=300, blank=True, default="")
    canonical_url = models.URLField(
        max_length=500,
        blank=True,
        default="",
        validators=[validate_absolute_http_url],
        help_text="For syndicated copy: the original's address.",
    )
    source_guid = models.CharField(max_length=500, blank=True, default="", editable=False)
    source_version = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # Fingerprint of the fields as last imported: a later import compares it with the live fields to tell
    # whether an editor has changed the story since (then the update is held, not applied).
    import_fingerprint = models.CharField(max_length=64, blank=True, default="", editable=False)
    # Optimistic concurrency: each save bumps it; a save based on an older value is refused.
    lock_version = models.PositiveIntegerField(default=0, editable=False)
    # An import found a newer copy of this story but held it back (an editor had changed the story): when, and why.
    # The desk lists these for an editor's decision; the next applied import or the editor's dismissal clears it.
    import_held_at = models.DateTimeField(null=True, blank=True, editable=False)
    import_held_note = models.CharField(max_length=500, blank=True, default="", editable=False)
    pinned_related = models.ManyToManyField(
        "self", through="PinnedRelation", symmetrical=False, blank=True, related_name="pinned_by"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, editable=False, related_name="+"
    )
    # Kept current by a PostgreSQL trigger (migration 0003) with its GIN index; unused on SQLite.
    search_vector = SearchVectorField(null=True, blank=True, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_status_published"),
            models.Index(fields=["section", "status", "-published_at"], name="article_section_published"),
            models.Index(fields=["source_guid"], name="article_source_guid"),
            models.Index(fields=["-updated_at"], name="article_updated"),
            models.Index(fields=["expires_at"], name="article_expires"),
            models.Index(
                fields=["import_held_at"], name="article_import_held", condition=models.Q(import_held_at__isnull=False)
            ),
        ]
        constraints = [
            # One article per imported story: two imports racing on one guid cannot both create it.
            models.UniqueConstraint(
                fields=["source_guid"], condition=~models.Q(source_guid=""), name="unique_article_source_guid"
            ),
        ]
        permissions = [
            ("publish_article", "Can publish, schedule and withdraw articles"),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, touch: bool = True, **kwargs):
        if touch:
            self.updated_at = timezone.now()
        self.body = clean_body(self.body)
        if not self.slug:
            self.slug = self._unique_slug()
        if self.pk:
            self._remember_old_slug()
        super().save(*args, **kwargs)

    @staticmethod
    def first_slug_for(headline: str) -> str:
        """The slug a story with this headline gets when it is free (a number is added when it is not)."""
        return slugify(headline)[:200].strip("-") or "story"

    def _unique_slug(self) -> str:
        base = self.first_slug_for(self.headline)
        slug, n = base, 2
        while Article.objects.filter(slug=slug).exclude(pk=self.pk).exists():
            slug, n = f"{base}-{n}", n + 1
        return slug

    def _remember_old_slug(self) -> None:
        old = Article.objects.filter(pk=self.pk).values_list("slug", flat=True).first()
        if old and old != self.slug:
            SlugRedirect.objects.update_or_create(old_slug=old, defaults={"article": self})
            SlugRedirect.objects.filter(old_slug=self.slug).delete()

    def get_absolute_url(self):
        section = self.section.slug if self.section_id else "news"
        return reverse("articles:detail", kwargs={"section": section, "slug": self.slug})

    @property
    def ordered_authors(self) -> list[Author]:
        return [link.author for link in sorted(self.article_authors.all(), key=lambda link: link.position)]

    @property
    def byline(self) -> str:
        """Display text without "By ": "Press Association", "Jane Doe and John Roe"."""
        authors = self.ordered_authors
        surrogate_keys.record(*(subjects.AUTHOR.name_key(author.pk) for author in authors))
        names = [author.name for author in authors]
        if not names:
            return self.source.name if self.source_id else ""
        if len(names) == 1:
            return names[0]
        return f"{', '.join(names[:-1])} and {names[-1]}"

    # The two below mirror published() and scheduled() for an article in hand (tested against them).
    @property
    def is_published(self) -> bool:
        now = timezone.now()
        return (
            self.status == Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= now
            and not (self.expires_at is not None and self.expires_at <= now)
        )

    @property
    def is_scheduled(self) -> bool:
        return self.status == Status.PUBLISHED and self.published_at is not None and self.published_at > timezone.now()

    @property
    def next_change_by_itself(self):
        """When readers' view of it next changes without anyone saving: its scheduled publish time, else its expiry
        time while it is live (None when neither is ahead). Caches are not kept past it (``articles.caching``)."""
        if self.is_scheduled:
            return self.published_at
        return self.expires_at if self.is_published and self.expires_at else None

    @property
    def is_expired(self) -> bool:
        """Published, and its expiry time has passed: readers get "gone", as for a withdrawal."""
        return self.status == Status.PUBLISHED and self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def editors_only(self) -> bool:
        """Live, scheduled or withdrawn: what readers see or saw, changed by editors only."""
        return self.status in EDITOR_ONLY_STATUSES

    @property
    def was_ever_public(self) -> bool:
        """It went out at some point (a withdrawn story that never did is answered as unknown, not as gone)."""
        return self.first_published_at is not None and self.first_published_at <= timezone.now()

    @property
    def is_gone(self) -> bool:
        """Withdrawn (or expired) after it was public: its address answers 410 Gone. One that never went out answers
        404 like a draft, so an address that was never published is not confirmed."""
        return (self.status == Status.WITHDRAWN or self.is_expired) and self.was_ever_public

    @property
    def was_updated(self) -> bool:
        """Edited after it went out: readers are shown the "Updated" time."""
        return bool(
            self.published_at and self.updated_at and (self.updated_at - self.published_at).total_seconds() > 300
        )

    @property
    def language_tag(self) -> str:
        """The page's ``lang``: the story's own language, else the site's."""
        return self.language or settings.NEWSROOM["SITE_LOCALE"]

    @property
    def lead_caption(self) -> str:
        return self.lead_image_caption or (self.lead_image.caption if self.lead_image_id else "")

    @property
    def lead_alt(self) -> str:
        return self.lead_image_alt or (self.lead_image.alt_text if self.lead_image_id else "")


class ArticleAuthor(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="article_authors")
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="article_links")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["article", "author"], name="unique_author_per_article")]
        indexes = [models.Index(fields=["author", "article"], name="articleauthor_author_article")]


class ArticleImage(models.Model):
    """A picture placed inside an article's body, kept in step with the body on save (where-used, alt checks)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="inline_images")
    image = models.ForeignKey(Image, on_delete=models.PROTECT, related_name="inline_uses")
    position = models.PositiveSmallIntegerField(default=0)
    caption = models.TextField(blank=True, default="")
    credit = models.CharField(max_length=200, blank=True, default="")
    alt_text = models.CharField(max_length=300, blank=True, default="")

    class Meta:
        ordering = ["position", "id"]


class PinnedRelation(models.Model):
    """An editor's choice of related story, shown first in the sidebar, in this order."""

    from_article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="pinned_relations")
    to_article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["from_article", "to_article"], name="unique_pinned_relation"),
        ]


class SlugRedirect(models.Model):
    """An article's former slug, answered with a 301 to its current address."""

    old_slug = models.SlugField(max_length=255, unique=True)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="slug_redirects")
    created_at = models.DateTimeField(auto_now_add=True)
