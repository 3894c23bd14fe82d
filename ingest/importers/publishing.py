"""When imported copy may reach readers: who may change a live story, and what the agency's status and embargo allow.

``write`` asks ``held_for_editor`` before writing over an existing article, ``mark_for_publication`` while
writing one (so a published import is saved once) and ``maybe_publish`` for a story it found unchanged. Agency statuses arrive as one lower-case word in
``ImportedStory.pub_status`` ("usable", "withheld", "canceled"...), embargoes as ``embargo_until``.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from articles import services
from articles.models import EDITOR_ONLY_STATUSES, Article, Status

from .records import ImportedStory, ItemResult, Outcome

# Agency statuses that must never reach readers; the cancelled ones also mean "take it down".
CANCELLED = {"canceled", "cancelled", "kill", "killed"}
STOPPED = {"withheld"} | CANCELLED


# IPTC signal NewsCodes: a version that adds to the previous one, rather than replacing it. Of the formats read,
# only NewsML-G2 can say so (itemMeta/signal); ninjs, NITF, RSS/Atom and WordPress exports cannot.
ADDS_TO_PREVIOUS = {"sig:update", "http://cv.iptc.org/newscodes/signal/update"}


def adds_to_live_coverage(article: Article, story: ImportedStory) -> bool:
    """A live story's new version that says it updates the last: it is posted on the live blog instead."""
    coverage = getattr(article, "live_coverage", None)  # None when the story has no live coverage
    return bool(ADDS_TO_PREVIOUS & set(story.signals)) and coverage is not None and coverage.is_live


def held_for_editor(article: Article, story: ImportedStory, result: ItemResult, *, can_publish: bool) -> bool:
    """A live story is changed only by someone who may publish, and an agency cancellation is an editor's call."""
    if article.status not in EDITOR_ONLY_STATUSES:
        return False
    if story.pub_status in CANCELLED:
        result.reason = "agency cancelled this story: an editor must withdraw it"
    elif story.pub_status in STOPPED:
        result.reason = "agency withheld this story: an editor must decide whether to withdraw it"
    elif not can_publish:
        result.reason = "live story: an editor must import this update"
    else:
        return False
    result.outcome = Outcome.HELD
    return True


def publication_time(article: Article, story: ImportedStory, options, warnings: list[str]) -> datetime | None:
    """When this run should publish (or schedule, under embargo) a draft, if the run asks for it and the agency
    allows it; None otherwise, with the reason among the warnings."""
    if article.status not in {Status.DRAFT, Status.IN_REVIEW}:
        return None
    if story.pub_status in STOPPED:
        warnings.append(f"left as a draft: the agency marks it {story.pub_status}")
        return None
    if story.pub_status == "embargoed" and story.embargo_until is None:
        warnings.append("left as a draft: the agency marks it embargoed without saying until when")
        return None
    now = timezone.now()
    embargoed = story.embargo_until is not None and story.embargo_until > now
    if not options.publish:
        if embargoed:
            warnings.append(f"embargoed until {story.embargo_until.isoformat()}")
        return None
    if story.status == "draft":
        warnings.append("left as a draft: the source marks it as a draft")
        return None
    if embargoed:
        return story.embargo_until
    return story.published_at if story.published_at and story.published_at <= now else now


def mark_for_publication(article: Article, story: ImportedStory, options, warnings: list[str]) -> str:
    """For a story this run is writing anyway: publish it in hand, so it is saved once. Returns what its history
    should add ("Published", "Scheduled"), or "" when it stays as it is."""
    at = publication_time(article, story, options, warnings)
    if at is None:
        return ""
    try:
        return services.mark_published(article, at=at)
    except ValidationError as exc:
        warnings.append(f"left as a draft: {' '.join(exc.messages)}")
        return ""


def maybe_publish(article: Article, story: ImportedStory, options, warnings: list[str]) -> None:
    """For a story this run leaves as it is (unchanged): an earlier run without --publish may have left it a draft."""
    at = publication_time(article, story, options, warnings)
    if at is None:
        return
    try:
        services.publish_article(article=article, at=at, user=options.user)
    except ValidationError as exc:
        warnings.append(f"left as a draft: {' '.join(exc.messages)}")
