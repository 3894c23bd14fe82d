"""What editors own at the edges of the reader's site: simple pages (About, Contact…), the header and footer
menus, and one row of site settings (logo, favicon).

Readers see them through ``pages.chrome`` (cached, one query when cold); a write to any of them retires that cache
and purges every cached page (``pages.signals``).
"""

import uuid
from pathlib import PurePosixPath

from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.db import models
from django.urls import Resolver404, resolve, reverse

from articles.models import Section
from articles.renditions import EXTENSIONS
from articles.sanitize import clean_body


class PageQuerySet(models.QuerySet):
    def published(self):
        """The pages readers may see: the editor ticked "published"."""
        return self.filter(published=True)


class Page(models.Model):
    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=100, unique=True, help_text="Its address: “about” is served at /about/. Not a section’s slug."
    )
    body = models.TextField(blank=True, default="")
    published = models.BooleanField(default=False, help_text="Readers see the page only once this is ticked.")
    seo_description = models.CharField("SEO description", max_length=300, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.slug and address_is_taken(self.slug):
            raise ValidationError({"slug": f"/{self.slug}/ is already a section or another part of the site."})

    def save(self, *args, **kwargs):
        self.body = clean_body(self.body)  # the article body's allow-list: one rule for what reader HTML may hold
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("pages:detail", kwargs={"slug": self.slug})


def address_is_taken(slug: str) -> bool:
    """Whether /<slug>/ already belongs to a section or to a route of its own (search, corrections, admin…): a page
    there would hide it, or never be reached."""
    if Section.objects.filter(slug=slug).exists():
        return True
    try:
        match = resolve(f"/{slug}/")
    except Resolver404:
        return False
    return match.view_name not in {"articles:section", "pages:detail"}


class MenuItem(models.Model):
    class Location(models.TextChoices):
        HEADER = "header", "Header menu"
        FOOTER = "footer", "Footer"

    location = models.CharField(max_length=10, choices=Location.choices, default=Location.HEADER)
    label = models.CharField(max_length=100, blank=True, default="", help_text="Empty: the page’s or section’s name.")
    page = models.ForeignKey(Page, null=True, blank=True, on_delete=models.CASCADE, related_name="menu_items")
    section = models.ForeignKey(Section, null=True, blank=True, on_delete=models.CASCADE, related_name="menu_items")
    url = models.CharField(
        "address",
        max_length=500,
        blank=True,
        default="",
        help_text="Instead of a page or section: a path on this site (/feeds/latest.rss) or a full https:// address.",
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers come first.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["location", "position", "id"]

    def __str__(self):
        return self.label or str(self.page or self.section or self.url)

    def clean(self):
        super().clean()
        targets = [bool(self.page_id), bool(self.section_id), bool(self.url)]
        if sum(targets) != 1:
            raise ValidationError("Choose one of: a page, a section or an address.")
        on_site = self.url.startswith("/") and not self.url.startswith("//")
        if self.url and not (on_site or self.url.startswith(("https://", "http://"))):
            raise ValidationError({"url": "Enter a path starting with / or a full address starting with https://."})
        if self.url and not self.label:
            raise ValidationError({"label": "An address needs a label."})


def site_upload_to(instance, filename: str) -> str:
    """The logo and favicon keep a picture's extension (the admin form checked the bytes are that picture), under a
    fresh name each upload, so browsers never keep showing the old one."""
    extension = PurePosixPath(filename).suffix.lower()
    if extension.removeprefix(".") not in EXTENSIONS.values():
        raise SuspiciousFileOperation(f"A site picture is stored as a picture, not as {extension or 'no extension'}.")
    return f"site/{uuid.uuid4().hex}{extension}"


class SiteSettings(models.Model):
    """One row (the admin offers no second one): what the site looks like beyond its name."""

    logo = models.ImageField(
        upload_to=site_upload_to,
        blank=True,
        width_field="logo_width",
        height_field="logo_height",
        help_text="Shown in the header instead of the site’s name (which stays its text alternative).",
    )
    logo_width = models.PositiveIntegerField(default=0, editable=False)
    logo_height = models.PositiveIntegerField(default=0, editable=False)
    favicon = models.ImageField(
        upload_to=site_upload_to, blank=True, help_text="A square PNG, 32×32 to 512×512. Empty: Newsroom’s own icon."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "site settings"

    def __str__(self):
        return "Site settings"
