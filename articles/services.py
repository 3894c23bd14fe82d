"""Writes with consequences: publishing, scheduling, withdrawing, the picture library, tag merges.

Each service is keyword-only, runs in one transaction and raises ValidationError with a message an
editor can act on.
"""

from __future__ import annotations

import re
from datetime import datetime

import reversion
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from articles import renditions
from articles.models import Article, ArticleImage, Image, Region, Status, TaggedRegion, TaggedTopic
from articles.related.index import forget_related_lists, recount_tags

_FIGURE_IMAGE = re.compile(r'<figure[^>]*\bdata-image-id="(\d+)"[^>]*>(.*?)</figure>', re.S)
_IMG_ALT = re.compile(r'<img[^>]*\balt="([^"]*)"', re.S)
_CAPTION = re.compile(r"<figcaption>(.*?)</figcaption>", re.S)
_CREDIT = re.compile(r'<span class="credit">(.*?)</span>', re.S)
_TAGS = re.compile(r"<[^>]+>")


def missing_for_publication(article: Article) -> list[str]:
    """What stops this article from going out, in words an editor understands."""
    missing = []
    if not article.headline.strip():
        missing.append("a headline")
    if not _TAGS.sub("", article.body).strip() and "<img" not in article.body:
        missing.append("a body")
    if not article.section_id:
        missing.append("a section")
    if article.lead_image_id and not article.lead_alt.strip():
        missing.append("alt text on the lead image")
    if article.pk:
        without_alt = [use for use in article.inline_images.select_related("image") if not use.alt_text.strip()]
        if without_alt:
            missing.append(f"alt text on {len(without_alt)} image(s) in the body")
    return missing


def _require_publishable(article: Article) -> None:
    missing = missing_for_publication(article)
    if missing:
        raise ValidationError(f"“{article.headline or 'Untitled'}” cannot be published: it needs {_join(missing)}.")


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


@transaction.atomic
def publish_article(*, article: Article, at: datetime | None = None, user=None) -> Article:
    """Publish now, or schedule for ``at`` (a future time). Raises ValidationError naming what is missing."""
    _require_publishable(article)
    now = timezone.now()
    when = at or now
    article.status = Status.PUBLISHED
    article.published_at = when
    # The first time it is (or, when scheduled, will be) public; a story that already went out keeps its date.
    if article.first_published_at is None or article.first_published_at > now:
        article.first_published_at = when
    with reversion.create_revision():
        article.lock_version += 1
        article.save()
        if user:
            reversion.set_user(user)
        reversion.set_comment("Scheduled" if when > now else "Published")
    forget_related_lists()
    return article


@transaction.atomic
def withdraw_article(*, article: Article, user=None) -> Article:
    article.status = Status.WITHDRAWN
    with reversion.create_revision():
        article.lock_version += 1
        article.save()
        if user:
            reversion.set_user(user)
        reversion.set_comment("Withdrawn")
    forget_related_lists()
    return article


@transaction.atomic
def submit_for_review(*, article: Article, user=None) -> Article:
    if article.status not in {Status.DRAFT, Status.IN_REVIEW}:
        raise ValidationError("Only drafts can be sent for review.")
    article.status = Status.IN_REVIEW
    with reversion.create_revision():
        article.lock_version += 1
        article.save()
        if user:
            reversion.set_user(user)
        reversion.set_comment("Submitted for review")
    return article


def find_duplicate_image(data: bytes) -> Image | None:
    return Image.objects.filter(content_hash=renditions.content_hash(data)).first()


@transaction.atomic
def save_image(
    *, data: bytes, filename: str, alt_text: str = "", caption: str = "", credit: str = "", source: str = "", user=None
) -> tuple[Image, bool]:
    """Add a picture to the library, or return the existing copy of the same bytes.

    Returns (image, created). Raises ValidationError for non-images and oversized files.
    """
    width, height, _format = renditions.check_upload(data, name=filename)
    existing = find_duplicate_image(data)
    if existing:
        return existing, False
    image = Image(
        alt_text=alt_text,
        caption=caption,
        credit=credit,
        source=source,
        uploaded_by=user,
        content_hash=renditions.content_hash(data),
        file_size=len(data),
    )
    image.file.save(filename, ContentFile(data), save=False)
    image.width, image.height = width, height
    image.save()
    transaction.on_commit(lambda: renditions.make_renditions(image))
    return image, True


def sync_inline_images(*, article: Article) -> None:
    """Keep ArticleImage rows in step with the figures placed in the body (where-used, alt checks).

    Texts are read back from the body HTML, so they are unescaped once, and cut to the fields that keep them.
    """
    from html import unescape  # only this function reads HTML text back

    def fit(text: str, name: str) -> str:
        limit = ArticleImage._meta.get_field(name).max_length
        return unescape(text).strip()[:limit] if limit else unescape(text).strip()

    uses = []
    known = set(
        Image.objects.filter(pk__in=[int(m.group(1)) for m in _FIGURE_IMAGE.finditer(article.body)]).values_list(
            "pk", flat=True
        )
    )
    for position, match in enumerate(_FIGURE_IMAGE.finditer(article.body)):
        image_id, inner = int(match.group(1)), match.group(2)
        if image_id not in known:
            continue
        alt = _IMG_ALT.search(inner)
        caption = _CAPTION.search(inner)
        credit = _CREDIT.search(caption.group(1)) if caption else None
        caption_text = _TAGS.sub("", _CREDIT.sub("", caption.group(1))).strip() if caption else ""
        uses.append(
            ArticleImage(
                article=article,
                image_id=image_id,
                position=position,
                caption=fit(caption_text, "caption"),
                credit=fit(_TAGS.sub("", credit.group(1)).strip("() "), "credit") if credit else "",
                alt_text=fit(alt.group(1), "alt_text") if alt else "",
            )
        )
    with transaction.atomic():
        article.inline_images.all().delete()
        ArticleImage.objects.bulk_create(uses)


@transaction.atomic
def merge_tags(*, source, target) -> int:
    """Move every article from ``source`` to ``target`` (same vocabulary), then delete ``source``.

    Returns how many articles were moved. Articles already carrying both keep one link.
    """
    if type(source) is not type(target):
        raise ValidationError("Only tags of the same kind can be merged.")
    if source.pk == target.pk:
        raise ValidationError("Choose two different tags to merge.")
    through = TaggedRegion if isinstance(source, Region) else TaggedTopic
    if isinstance(source, Region):
        if source.path and target.path.startswith(source.path):
            raise ValidationError("A region cannot be merged into one of its own sub-regions.")
        Region.objects.filter(parent=source).update(parent=target)
        for child in Region.objects.filter(parent=target):
            child.save()  # recompute the tree paths under the target
    already = through.objects.filter(tag=target).values("content_object_id")
    through.objects.filter(tag=source, content_object_id__in=already).delete()
    moved = through.objects.filter(tag=source).update(tag=target)
    source.delete()
    recount_tags(type(target), [target.pk])
    transaction.on_commit(forget_related_lists)
    return moved
