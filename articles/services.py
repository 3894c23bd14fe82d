"""Writes with consequences: publishing, scheduling, withdrawing, corrections, pending changes, the picture
library, tag merges.

Each service is keyword-only, runs in one transaction and raises ValidationError with a message an
editor can act on.
"""

from __future__ import annotations

from datetime import datetime

import reversion
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from reversion.models import Revision

from articles import body, pending, picture_checks, picture_metadata, purge_keys, renditions, subjects
from articles.models import (
    Article,
    ArticleImage,
    Correction,
    CorrectionKind,
    Image,
    PendingChange,
    Region,
    Status,
    TaggedRegion,
    TaggedTopic,
)
from articles.permissions import may_publish
from articles.related.index import forget_related_lists, recount_tags
from articles.tasks import make_image_renditions
from pagecache import purge


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


RETURNED = "Returned to the writer"


def mark_returned(article: Article) -> str:
    """An editor sends a story in review back to its writer, who finds it under "Came back to me" on the desk."""
    if article.status != Status.IN_REVIEW:
        raise ValidationError("Only a story in review can be returned to its writer.")
    article.status = Status.DRAFT
    return RETURNED


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


@transaction.atomic
def return_to_writer(*, article: Article, user=None) -> Article:
    _save_with_revision(article, user=user, comment=mark_returned(article))
    return article


def dismiss_held_imports(articles) -> int:
    """The editor's decision on held import updates: the desk's version stays, and the stories leave the queue.
    The next newer copy from the source is held again (the story still differs from what was imported)."""
    return articles.filter(import_held_at__isnull=False).update(import_held_at=None, import_held_note="")


def _save_with_revision(article: Article, *, user, comment: str) -> None:
    """One save and one revision (joined to the caller's revision when one is open)."""
    with reversion.create_revision():
        article.lock_version += 1
        article.save()
        if user:
            reversion.set_user(user)
        reversion.set_comment(comment)


def moves_updated_time(article: Article, *, minor: bool) -> bool:
    """A minor edit (a typo fix) of a live story keeps its public "Updated" time, and with it dateModified, the
    feeds' updated times and the validators built on them; every other save moves it on. The one rule for the
    admin's saves and for pending changes put live."""
    return not (minor and article.is_published)


def _require_editor(user, what: str) -> None:
    if not may_publish(user):
        raise PermissionDenied(f"Only editors can {what}.")


# --- Corrections: public once an editor says so; the story's "Updated" time moves with each one. ---


def add_correction(*, article: Article, text: str, kind: str = CorrectionKind.CORRECTION, user=None) -> Correction:
    """A correction (or clarification, or editor's note) to ``article``: public at once when an editor (or the
    system, ``user=None``) adds it, a draft for an editor to make public when a writer does."""
    correction = Correction(article=article, text=text, kind=kind, created_by=user)
    return save_correction(correction=correction, public=may_publish(user), user=user)


@transaction.atomic
def save_correction(*, correction: Correction, public: bool, user=None) -> Correction:
    """Save a new or edited correction, making it public when ``public`` (editors only). Public ones stay public."""
    if not strip_tags(correction.text or "").strip():
        raise ValidationError("A correction needs its text.")
    was_public = correction.pk is not None and correction.published_at is not None
    if (public and correction.published_at is None) or was_public:
        _require_editor(user, "make a correction public or change a public one")
    if public and correction.published_at is None:
        correction.published_at, correction.published_by = timezone.now(), user
    if correction.created_by_id is None and user is not None and correction.pk is None:
        correction.created_by = user
    correction.save()  # purges the story's pages once it commits (articles.signals)
    if correction.published_at is not None:
        # No save of the story (its words did not change): its edit time moves, and with it the "Updated" line,
        # dateModified, the feeds' updated times and every validator built on it.
        now = timezone.now()
        Article.objects.filter(pk=correction.article_id).update(updated_at=now, last_corrected_at=now)
        label = correction.get_kind_display()
        record_activity(user=user, article=correction.article, comment=f"{label} published: {_excerpt(correction)}")
    return correction


def _excerpt(correction: Correction) -> str:
    return Truncator(strip_tags(correction.text)).chars(120)


# --- Pending changes of a live story: saved without touching what readers see, put live by an editor. ---


@transaction.atomic
def save_pending_changes(*, article: Article, data: dict, user) -> PendingChange:
    """Keep ``data`` (the admin form's field values, tags included) as the story's next version; readers keep
    the live one. Writers may do this on a live story; only editors publish it."""
    if not article.is_published:
        raise ValidationError("Only a live story keeps pending changes; save this one as usual.")
    try:
        stored = pending.as_data(data)
    except ValueError as exc:
        raise ValidationError(str(exc)) from exc
    change, _ = PendingChange.objects.update_or_create(article=article, defaults={"data": stored, "updated_by": user})
    # Not a save: readers' page stays as it is. The version moves on, so a form opened before this is refused
    # (the stale-save check), and two people's pending changes never silently overwrite each other.
    Article.objects.filter(pk=article.pk).update(lock_version=F("lock_version") + 1)
    article.lock_version += 1
    draft = Article.objects.get(pk=article.pk)
    pending.lay_over(draft, stored)
    record_activity(user=user, article=draft, comment="Saved changes as draft (pending)")
    return change


@transaction.atomic
def publish_pending_changes(*, article: Article, user, minor: bool = False) -> Article:
    """Put a live story's pending changes live, in one save with one revision (``minor``: a typo fix, which keeps
    the story's public "Updated" time)."""
    _require_editor(user, "publish pending changes")
    change = PendingChange.objects.filter(article=article).first()
    if change is None:
        raise ValidationError(f"“{article}” has no pending changes.")
    tags = pending.lay_over(article, change.data)
    _require_publishable(article)
    with reversion.create_revision():
        article.lock_version += 1
        article.save(touch=moves_updated_time(article, minor=minor))
        for name, pks in tags.items():
            vocabulary = Article._meta.get_field(name).related_model
            getattr(article, name).set(list(vocabulary.objects.filter(pk__in=pks)))
        if user:
            reversion.set_user(user)
        reversion.set_comment("Published pending changes (minor edit)" if minor else "Published pending changes")
    change.delete()
    return article


def record_activity(*, user, article: Article | None, comment: str) -> None:
    """An entry in the admin's activity page (django-reversion's revisions): with the story's version when there
    is a story, else (a merge) the revision alone."""
    if article is None:
        Revision.objects.create(date_created=timezone.now(), user=user, comment=comment)
        return
    with reversion.create_revision():
        reversion.add_to_revision(article)
        if user:
            reversion.set_user(user)
        reversion.set_comment(comment)


def free_slug(slug: str, *, article: Article | None = None) -> str:
    """``slug`` if no other story has it, else the first free ``slug-2``, ``slug-3``… (a second story with an
    existing headline is saved, not refused for its address)."""
    base = slug[:200].strip("-") or "story"
    taken = Article.objects.exclude(pk=article.pk if article and article.pk else None)
    candidate, number = base, 2
    while taken.filter(slug=candidate).exists():
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def find_duplicate_image(data: bytes) -> Image | None:
    return Image.objects.filter(content_hash=renditions.content_hash(data)).first()


@transaction.atomic
def save_image(
    *, data: bytes, filename: str, alt_text: str = "", caption: str = "", credit: str = "", source: str = "", user=None
) -> tuple[Image, bool]:
    """Add a picture to the library, or return the existing copy of the same bytes.

    Blank caption, credit and alt text are taken from what the file says about itself (IPTC, XMP, EXIF:
    ``articles.picture_metadata``). Returns (image, created). Raises ValidationError for non-images, oversized,
    damaged or cut-short files, and when the media storage refuses the write (nothing is then left behind).
    """
    existing = find_duplicate_image(data)
    if existing:
        return existing, False
    width, height, fmt = picture_checks.check_picture(data, name=filename)
    embedded = picture_metadata.read(data)
    image = Image(
        original_name=filename[-255:],  # data only: the stored name and extension come from the detected format
        alt_text=alt_text or embedded.alt,
        caption=caption or embedded.caption,
        credit=(credit or embedded.library_credit)[: Image._meta.get_field("credit").max_length],
        source=source,
        uploaded_by=user,
        content_hash=renditions.content_hash(data),
        file_size=len(data),
    )
    try:
        picture_checks.save_file(image.file, renditions.stored_name(fmt), ContentFile(data), shown_name=filename)
    except picture_checks.StorageFailed as exc:
        raise ValidationError(exc.message, code="storage") from exc
    image.width, image.height = width, height
    try:
        with transaction.atomic():  # a savepoint: another import may be adding the same bytes at this moment
            image.save()
    except IntegrityError:
        image.file.storage.delete(image.file.name)  # this copy's file; the other's row and file stay
        raced = find_duplicate_image(data)
        if raced is None:
            raise
        return raced, False
    # The desk's uploads and imports make the renditions before they answer (no page links a missing one); this
    # run is the backstop for every other caller and for a failed write, and finds nothing to do otherwise.
    transaction.on_commit(lambda: make_image_renditions.enqueue(image.pk))
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
def merge_tags(*, source, target, user=None) -> int:
    """Move every article from ``source`` to ``target`` (same vocabulary), then delete ``source``; its address
    (and any that already redirected to it) then redirects to ``target``'s.

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
    redirects, old_slug, old_name = source.redirect_model.objects, source.slug, source.name
    redirects.filter(tag=source).update(tag=target)
    source.delete()  # purges the pages listing or naming the source (articles.signals)
    redirects.update_or_create(old_slug=old_slug, defaults={"tag": target})
    kind = target._meta.verbose_name
    record_activity(user=user, article=None, comment=f"Merged {kind} “{old_name}” into “{target.name}” ({moved} moved)")
    recount_tags(type(target), [target.pk])
    transaction.on_commit(forget_related_lists)
    # The links moved in bulk, without signals: the target's pages now list (and stories now name) it.
    purge.purge(purge_keys.subject_keys(subjects.for_model(type(target)), target.pk))
    return moved
