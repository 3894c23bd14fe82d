"""The picture library. Credit lives on the image; caption and alt can be overridden per use."""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from articles.renditions import EXTENSIONS, rendition


def original_upload_to(instance, filename: str) -> str:
    """Originals get unguessable names: a picture for an unpublished story must not be findable by its title.
    Readers only ever see renditions, which are named by content hash. The name given here comes from
    ``renditions.stored_name``; the uploaded name is kept in ``Image.original_name``, as data only."""
    extension = PurePosixPath(filename).suffix.lower()
    # Anything but a picture's extension would be served from the site's own origin as whatever the name says.
    if extension.removeprefix(".") not in EXTENSIONS.values():
        raise SuspiciousFileOperation(f"An original is stored as a picture, not as {extension or 'no extension'}.")
    return f"images/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{extension}"


class Image(models.Model):
    file = models.ImageField(upload_to=original_upload_to, width_field="width", height_field="height")
    original_name = models.CharField(
        max_length=255, blank=True, default="", editable=False, help_text="The file's name when it was uploaded."
    )
    alt_text = models.CharField(
        max_length=300,
        blank=True,
        default="",
        help_text="What the picture shows, for people who cannot see it. Required before publishing.",
    )
    caption = models.TextField("default caption", blank=True, default="")
    credit = models.CharField(
        max_length=200, blank=True, default="", help_text='Who took or supplied it: "PA", "AP Photo/Jane Roe".'
    )
    source = models.CharField(
        max_length=200, blank=True, default="", help_text="Where it came from: an agency, a feed, a URL."
    )
    width = models.PositiveIntegerField(default=0, editable=False)
    height = models.PositiveIntegerField(default=0, editable=False)
    focal_x = models.FloatField(default=0.5, validators=[MinValueValidator(0), MaxValueValidator(1)])
    focal_y = models.FloatField(default=0.5, validators=[MinValueValidator(0), MaxValueValidator(1)])
    content_hash = models.CharField(max_length=64, unique=True, editable=False)
    file_size = models.PositiveIntegerField(default=0, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.alt_text or self.caption[:60] or self.file.name

    def rendition(self, name: str):
        return rendition(self, name)
