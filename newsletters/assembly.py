"""Which stories an edition holds: chosen from the front or the followed listing, shown only while public.

Every list of stories here starts from ``Article.objects.published()``: an edition's items are the editor's choice,
but what a reader is mailed, and what the archive shows, is only those items that are public at that moment. A story
withdrawn after it was picked drops out of the editions still to go and out of the archive.
"""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from articles import fronts
from articles.models import Article
from newsletters.models import Edition, EditionItem, EditionKind, Kind, NewsletterList

MAX_STORIES = 12  # a digest's longest list: keeps the mail well under Gmail's 102 KB clipping


def public_stories(edition: Edition) -> list[Article]:
    """The edition's stories that readers may see, lead first, then in the editor's order. Two queries (the items,
    the cards' authors)."""
    order = {item.article_id: item.position for item in edition.items.all()}
    if edition.lead_id:
        order[edition.lead_id] = -1
    stories = Article.objects.published().for_listing().filter(pk__in=order).select_related("lead_image")
    return sorted(stories, key=lambda story: (order[story.pk], story.pk))


def candidates(newsletter: NewsletterList, *, since: datetime | None, count: int = MAX_STORIES) -> list[Article]:
    """What a new edition of ``newsletter`` would hold: the home front (pins first) for an editors' list, the newest
    stories of the followed section, region, topic or author otherwise; only stories published after ``since``
    (the last edition), except a front's pins, which editors put there to be seen."""
    if newsletter.kind in {Kind.EDITORIAL, Kind.ALERTS}:
        pinned = {story.pk for story in fronts.pinned_stories(None, with_cards=False)}
        stories = fronts.front_stories(None, count=count * 2)
        return [s for s in stories if since is None or s.pk in pinned or s.published_at > since][:count]
    subject = newsletter.subject()
    if subject is None:
        return []
    listed = newsletter.subject_kind.narrow(Article.objects.published(), subject).for_listing().latest_first()
    if since is not None:
        listed = listed.filter(published_at__gt=since)
    return list(listed[:count])


@transaction.atomic
def fill(edition: Edition, stories: list[Article]) -> None:
    """Replace the edition's items with ``stories`` in order; the first is the lead unless one was picked."""
    edition.items.all().delete()
    EditionItem.objects.bulk_create(
        EditionItem(edition=edition, article=story, position=n) for n, story in enumerate(stories, start=1)
    )
    if stories and not edition.lead_id:
        edition.lead = stories[0]
        edition.save(update_fields=["lead", "updated_at"])


def new_edition(
    *, newsletter: NewsletterList, subject: str, user=None, kind: str = EditionKind.DIGEST, **fields
) -> Edition:
    """A draft numbered after the day's others for the list."""
    edition = Edition(
        newsletter=newsletter,
        subject=subject,
        kind=kind,
        issue_date=fields.pop("issue_date", None) or timezone.localdate(),
        created_by=user,
        **fields,
    )
    return save_numbered(edition)


def save_numbered(edition: Edition) -> Edition:
    """Save ``edition`` as the next number of its list's day (its archive address, ``2026-12-07-2``), whoever made
    it: the desk's form, a writer's action, the worker. Two saved at once: the second takes the following number,
    so no form ever fails on the uniqueness of a number nobody typed."""
    for _ in range(5):
        others = Edition.objects.filter(newsletter=edition.newsletter_id, issue_date=edition.issue_date)
        edition.number = (others.exclude(pk=edition.pk).aggregate(n=Max("number"))["n"] or 0) + 1
        try:
            with transaction.atomic():
                edition.save()
            return edition
        except IntegrityError:
            continue
    raise IntegrityError("could not number the edition")


def draft_digest(*, newsletter: NewsletterList, user=None, subject: str = "") -> Edition:
    """A draft of what is new for the list since its last edition (the front's stories for an editors' list)."""
    stories = candidates(newsletter, since=newsletter.last_edition_at)
    today = timezone.localdate()
    edition = new_edition(newsletter=newsletter, subject=subject or f"{newsletter.name}: {today:%-d %B %Y}", user=user)
    fill(edition, stories)
    return edition
