"""Editors' writes on editions: schedule, send now, send a test copy (drafts are made by ``assembly``). Writers draft; sending and scheduling ask ``articles.permissions.may_publish`` (editors)."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from articles.permissions import may_publish
from newsletters import assembly, mail, render, sending, tasks
from newsletters.models import Edition, EditionStatus

EDITABLE = {EditionStatus.DRAFT, EditionStatus.SCHEDULED}


def _require_editor(user) -> None:
    if not may_publish(user):
        raise PermissionDenied("Only editors send or schedule newsletters.")


def _require_stories(edition: Edition) -> None:
    if not assembly.public_stories(edition):
        raise ValidationError("None of this edition's stories is public: add a published story first.")


def schedule(*, edition: Edition, at: datetime, user=None) -> Edition:
    _require_editor(user)
    if edition.status not in EDITABLE:
        raise ValidationError("Only a draft or scheduled edition can be scheduled.")
    if at <= timezone.now():
        raise ValidationError("Choose a time in the future, or send it now.")
    _require_stories(edition)
    edition.status, edition.scheduled_at, edition.sent_by = EditionStatus.SCHEDULED, at, user
    edition.save(update_fields=["status", "scheduled_at", "sent_by", "updated_at"])
    return edition


def unschedule(*, edition: Edition, user=None) -> Edition:
    _require_editor(user)
    Edition.objects.filter(pk=edition.pk, status=EditionStatus.SCHEDULED).update(
        status=EditionStatus.DRAFT, scheduled_at=None, updated_at=timezone.now()
    )
    edition.refresh_from_db()
    return edition


def send_now(*, edition: Edition, user=None) -> bool:
    """Start sending; the task queue hands the copies out (``tasks.send_edition``). False if it was not started."""
    _require_editor(user)
    if edition.status not in EDITABLE:
        return False
    _require_stories(edition)
    if not sending.start(edition, user=user):
        return False
    tasks.queue_send(edition)
    return True


def test_send(*, edition: Edition, to: str) -> None:
    """One copy to ``to`` as readers will get it, with links that point at nobody's subscription."""
    stories = assembly.public_stories(edition)
    if not stories:
        raise ValidationError("None of this edition's stories is public yet: nothing to send.")
    rendered = render.render(edition, stories)
    message = mail.plain(
        subject=f"[Test] {rendered.subject}",
        body=render.personalise(rendered.text, preferences="(your preferences link)", unsubscribe="(unsubscribe)"),
        html=render.personalise(rendered.html, preferences="#", unsubscribe="#"),
        to=to,
    )
    message.send()
