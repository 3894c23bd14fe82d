"""Writes with consequences: publishing, scheduling, withdrawing, the picture library, tag merges.

Each service is keyword-only, runs in one transaction and raises ValidationError with a message an
editor can act on.
"""

from __future__ import annotations

from datetime import datetime

import reversion
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from articles import body, renditions
from articles.models import Article, ArticleImage, Image, Region, Status, TaggedRegion, TaggedTopic
from articles.related.index import forget_related_lists, recount_tags


def missing_for_publication(article: Article) -> list[str]:
    """What stops this article from going out, in words an editor understands. Reads the article as it stands,
    saved or not: the pictures in the body are read from the body itself."""
    missing = []
    if not article.headline.strip():
        missing.append("a headline")
    if not body.has_content(article.body):
        missing.append("a body")
    if not article.section_id:
        missing.append("a section")
    if article.lead_image_id and not article.lead_alt.strip():
        missing.append("alt text on the lead image")
    without_alt = [figure for figure in body.library_figures(article.body) if not figure.alt.strip()]
    if without_alt:
        missing.append(f"alt text on {len(without_alt)} image(s) in the body")
    return missing


def _require_publishable(article: Article) -> None:
    missing = missing_for_publication(article)
    if missing:
        raise ValidationError(f"“{article.headline or 'Untitled'}” cannot be published: it needs {_join(missing)}.")


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


# The transitions below change an article in hand without saving it, and return what its history should say,
# so a caller that is saving the article anyway (the admin's form, an import) writes it once. The services
# after them are the same transitions for a caller that only changes the status: they save, with a revision.


def mark_published(article: Article, *, at: datetime | None = None) -> str:
    """Publish now, or schedule for ``at`` (a future time). Raises ValidationError naming what is missing."""
    _require_publishable(article)
    now = timezone.now()
    when = at or now
    article.status = Status.PUBLISHED
    article.published_at = when
    # The first time it is (or, when scheduled, will be) public; a story that already went out keeps its date.
    if article.first_published_at is None or article.first_published_at > now:
        article.first_published_at = when
    forget_related_lists()  # once the caller's save commits; nothing if it rolls back
    return "Scheduled" if when > now else "Published"


def mark_withdrawn(article: Article) -> str:
    article.status = Status.WITHDRAWN
    forget_related_lists()
    return "Withdrawn"


def mark_in_review(article: Article) -> str:
    if article.status not in {Status.DRAFT, Status.IN_REVIEW}:
        raise ValidationError("Only drafts can be sent for review.")
    article.status = Status.IN_REVIEW
    return "Submitted for review"


@transaction.atomic
def publish_article(*, article: Article, at: datetime | None = None, user=None) -> Article:
    """Publish now, or schedule for ``at`` (a future time). Raises ValidationError naming what is missing."""
    _save_with_revision(article, user=user, comment=mark_published(article, at=at))
    return article


@transaction.atomic
def withdraw_article(*, article: Article, user=None) -> Article:
    _save_with_revision(article, user=user, comment=mark_withdrawn(article))
    return article


@transaction.atomic
def submit_for_review(*, article: Article, user=None) -> Article:
    _save_with_revision(article, user=user, comment=mark_in_review(article))
    return article


def _save_with_revision(article: Article, *, user, comment: str) -> None:
    """One save and one revision (joined to the caller's revision when one is open)."""
    with reversion.create_revision():
        article.lock_version += 1
        article.save()
        if user:
            reversion.set_user(user)
        reversion.set_comment(comment)


def find_duplicate_image(data: bytes) -> Image | None:
    return Image.objects.filter(content_hash=renditions.content_hash(data)).first()


@transaction.atomic
def save_image(
    *, data: bytes, filename: str, alt_text: str = "", caption: str = "", credit: str = "", source: str = "", user=None
) -> tuple[Image, bool]:
    """Add a picture to the library, or return the existing copy of the same bytes.

    Returns (image, created). Raises ValidationError for non-images and oversized files.
    """
    width, height, fmt = renditions.check_upload(data, name=filename)
    existing = find_duplicate_image(data)
    if existing:
        return existing, False
    image = Image(
        original_name=filename[-255:],  # data only: the stored name and extension come from the detected format
        alt_text=alt_text,
        caption=caption,
        credit=credit,
        source=source,
        uploaded_by=user,
        content_hash=renditions.content_hash(data),
        file_size=len(data),
    )
    image.file.save(renditions.stored_name(fmt), ContentFile(data), save=False)
    image.width, image.height = width, height
    image.save()
    transaction.on_commit(lambda: renditions.make_renditions(image))
    return image, True


def sync_inline_images(*, article: Article) -> None:
    """Keep ArticleImage rows in step with the library pictures placed in the body (where-used, alt checks)."""

    def fit(text: str, name: str) -> str:
        limit = ArticleImage._meta.get_field(name).max_length
        return text[:limit] if limit else text

    figures = body.library_figures(article.body)
    known = set(Image.objects.filter(pk__in=[f.image_id for f in figures]).values_list("pk", flat=True))
    uses = [
        ArticleImage(
            article=article,
            image_id=figure.image_id,
            position=position,
            caption=fit(figure.caption, "caption"),
            credit=fit(figure.credit, "credit"),
            alt_text=fit(figure.alt, "alt_text"),
        )
        for position, figure in enumerate(figures)
        if figure.image_id in known
    ]
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
