"""When imported copy may reach readers: who may change a live story, and what the agency's status and embargo allow.

``persist`` asks ``held_for_editor`` before writing over an existing article and ``maybe_publish`` after
writing (or finding unchanged) a story. Agency statuses arrive as one lower-case word in
``ImportedStory.pub_status`` ("usable", "withheld", "canceled"...), embargoes as ``embargo_until``.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone

from articles import services
from articles.models import Article, Status

from .records import ImportedStory, ItemResult, Outcome

# What readers see (or are scheduled to see, or were shown and had taken away): only editors change these.
LIVE_STATUSES = {Status.PUBLISHED, Status.WITHDRAWN}
# Agency statuses that must never reach readers; the cancelled ones also mean "take it down".
CANCELLED = {"canceled", "cancelled", "kill", "killed"}
STOPPED = {"withheld"} | CANCELLED


def held_for_editor(article: Article, story: ImportedStory, result: ItemResult, *, can_publish: bool) -> bool:
    """A live story is changed only by someone who may publish, and an agency cancellation is an editor's call."""
    if article.status not in LIVE_STATUSES:
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


def maybe_publish(article: Article, story: ImportedStory, options, warnings: list[str]) -> None:
    """Publish (or schedule, under embargo) a draft when the run asks for it and the agency allows it."""
    if article.status not in {Status.DRAFT, Status.IN_REVIEW}:
        return
    if story.pub_status in STOPPED:
        warnings.append(f"left as a draft: the agency marks it {story.pub_status}")
        return
    if story.pub_status == "embargoed" and story.embargo_until is None:
        warnings.append("left as a draft: the agency marks it embargoed without saying until when")
        return
    now = timezone.now()
    embargoed = story.embargo_until is not None and story.embargo_until > now
    if not options.publish:
        if embargoed:
            warnings.append(f"embargoed until {story.embargo_until.isoformat()}")
        return
    if story.status == "draft":
        warnings.append("left as a draft: the source marks it as a draft")
        return
    if embargoed:
        at = story.embargo_until
    else:
        at = story.published_at if story.published_at and story.published_at <= now else now
    try:
        services.publish_article(article=article, at=at, user=options.user)
    except ValidationError as exc:
        warnings.append(f"left as a draft: {' '.join(exc.messages)}")
