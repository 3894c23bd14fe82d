"""Writes for live coverage: start and end it, post, correct and delete updates, set and clear the alert.

Keyword-only, one transaction each. Who may write: anyone who may edit the story (``may_edit_story``: writers on
drafts and copy in review, editors on anything), so a writer cannot add to what readers see of a live story. The
desk's forms write through these functions too, so the rule holds however a request was crafted.
Pages are purged by the receivers in ``articles.signals`` once the write commits, whatever path it took.
"""

from __future__ import annotations

import html

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags

from articles.models import Article
from articles.permissions import may_edit_story, may_publish
from articles.sanitize import clean_body
from live.models import BreakingAlert, CoverageState, LiveCoverage, LiveUpdate

EMPTY_UPDATE = "An update needs some text or a picture (to take one down, delete it)."


def _require_may_edit(user, article: Article) -> None:
    # Read from the database, not the instance: a form may have changed the story in hand.
    if not may_edit_story(user, article):
        raise PermissionDenied("Only editors can add to a story that is live, scheduled or withdrawn.")


def check_update_body(body: str) -> None:
    """Refuse a body with nothing for a reader: empty, spaces, or markup alone (``<p>&nbsp;</p>``, ``<p><br></p>``).

    Judged as it would be stored (sanitised: a script alone is nothing). The desk's forms call it as they
    validate, so the refusal is shown beside the field with the typing kept."""
    stored = clean_body(body)
    if not html.unescape(strip_tags(stored)).strip() and "<img" not in stored:
        raise ValidationError(EMPTY_UPDATE, code="empty")


@transaction.atomic
def start_coverage(*, article: Article, user=None) -> LiveCoverage:
    _require_may_edit(user, article)
    coverage, created = LiveCoverage.objects.get_or_create(article=article)
    if not created and not coverage.is_live:
        coverage.state, coverage.ended_at = CoverageState.LIVE, None
        coverage.save()
    return coverage


@transaction.atomic
def save_coverage(*, coverage: LiveCoverage, user=None) -> LiveCoverage:
    """The desk's coverage form, added or changed: the story it names must be one the user may edit."""
    _require_may_edit(user, coverage.article)
    if coverage.state == CoverageState.ENDED and not coverage.ended_at:
        coverage.ended_at = timezone.now()
    coverage.save()
    return coverage


@transaction.atomic
def end_coverage(*, coverage: LiveCoverage, user=None) -> LiveCoverage:
    _require_may_edit(user, coverage.article)
    coverage.state, coverage.ended_at = CoverageState.ENDED, coverage.ended_at or timezone.now()
    coverage.save()
    return coverage


@transaction.atomic
def post_live_update(
    *, article: Article, body: str, title: str = "", user=None, key_event: bool = False, authors=()
) -> LiveUpdate:
    """A new update on top of the story's live coverage (started if need be)."""
    _require_may_edit(user, article)
    check_update_body(body)
    coverage, _ = LiveCoverage.objects.get_or_create(article=article)
    update = LiveUpdate.objects.create(
        coverage=coverage, title=title.strip(), body=body, key_event=key_event, created_by=user
    )
    if authors:
        update.authors.set(authors)
    return update


@transaction.atomic
def correct_live_update(*, update: LiveUpdate, body: str, title: str = "", key_event: bool = False, user=None):
    _require_may_edit(user, update.coverage.article)
    check_update_body(body)
    update.title, update.body, update.key_event = title.strip(), body, key_event
    update.save()
    return update


@transaction.atomic
def delete_live_update(*, update: LiveUpdate, user=None) -> None:
    _require_may_edit(user, update.coverage.article)
    update.delete()


@transaction.atomic
def set_breaking_alert(*, text: str, article: Article | None = None, expires_at=None, user=None) -> BreakingAlert:
    """The new alert replaces any current one (one banner at a time)."""
    if user is not None and not may_publish(user):
        raise PermissionDenied("Only editors can set a breaking-news alert.")
    clear_breaking_alerts(user=user)
    return BreakingAlert.objects.create(text=text.strip(), article=article, expires_at=expires_at, created_by=user)


@transaction.atomic
def clear_breaking_alerts(*, user=None) -> int:
    if user is not None and not may_publish(user):
        raise PermissionDenied("Only editors can clear a breaking-news alert.")
    current = list(BreakingAlert.objects.filter(cleared_at__isnull=True))
    for alert in current:  # saved one by one, so the receiver purges the banner
        alert.cleared_at = timezone.now()
        alert.save(update_fields=["cleared_at", "updated_at"])
    return len(current)
