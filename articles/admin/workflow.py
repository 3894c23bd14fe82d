"""Status changes from the admin: who may make them and how a button or action turns into a service call.

The rule (enforced here on the server, not only by hiding buttons): writers create and edit drafts and
send them for review; only holders of ``articles.publish_article`` (the Editor group) publish, schedule
and withdraw. A live, scheduled or withdrawn story is edited by editors only, so a writer cannot change
what readers see: on a live story a writer can only *save changes as draft* (pending changes), which an
editor publishes. Every status change goes through ``articles.services``.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.formats import date_format

from articles import services
from articles.models import Article, Status
from articles.permissions import may_publish

# The submit buttons on the change form, by POST name.
PUBLISH, SCHEDULE, WITHDRAW, REVIEW = "_publish", "_schedule", "_withdraw", "_submit_review"
RETURN = "_return"
BUTTONS = (PUBLISH, SCHEDULE, WITHDRAW, REVIEW, RETURN)
EDITOR_BUTTONS = {PUBLISH, SCHEDULE, WITHDRAW, RETURN}
# On a live story: keep the edits as its next version (anyone who may edit), or put them live (editors).
SAVE_PENDING, PUBLISH_PENDING = "_save_pending", "_publish_pending"


def requested_button(request) -> str | None:
    if request.method != "POST":
        return None
    return next((name for name in (*BUTTONS, SAVE_PENDING, PUBLISH_PENDING) if name in request.POST), None)


def saves_pending(request) -> bool:
    return requested_button(request) == SAVE_PENDING


def refuse_unless_allowed(request) -> None:
    """Called before a change form is processed: a writer's publish/schedule/withdraw POST never gets in."""
    if requested_button(request) in {*EDITOR_BUTTONS, PUBLISH_PENDING} and not may_publish(request.user):
        raise PermissionDenied("Only editors can publish, schedule or withdraw a story.")


def apply_button(request, article: Article, *, requested_at: datetime | None) -> str:
    """Make the change the pressed button asks for on the article in hand, before the form saves it, so the
    story is written once. Returns what its history should say ("Published"), or "" when nothing changed.

    ``requested_at`` is the publish time typed in the form (editors only). On a story that is already
    out, changing it with a plain Save reschedules it, through the same service.
    """
    button = requested_button(request)
    if button in {SAVE_PENDING, PUBLISH_PENDING}:
        return ""  # the admin's save handles these (articles.admin.articles)
    if button is None and _reschedules(request, article, requested_at):
        button = SCHEDULE
    if button is None:
        return ""
    try:
        return _run(request, article, button, requested_at)
    except ValidationError as exc:
        request.newsroom_transition_refused = True  # the admin's "changed successfully" would read as a yes
        messages.error(request, " ".join(exc.messages))
        return ""


def _reschedules(request, article: Article, requested_at: datetime | None) -> bool:
    if not (may_publish(request.user) and article.status == Status.PUBLISHED and requested_at and article.published_at):
        return False
    # The form shows whole seconds; the stored time may carry microseconds.
    return requested_at.replace(microsecond=0) != article.published_at.replace(microsecond=0)


def _run(request, article: Article, button: str, requested_at: datetime | None) -> str:
    if button in EDITOR_BUTTONS and not may_publish(request.user):
        raise PermissionDenied
    if button == PUBLISH:
        done = services.mark_published(article)
        messages.success(request, f"“{article}” is published.")
    elif button == SCHEDULE:
        done = _schedule(request, article, requested_at)
    elif button == WITHDRAW:
        done = services.mark_withdrawn(article)
        messages.success(request, f"“{article}” is withdrawn: readers now get “gone” at its address.")
    elif button == RETURN:
        done = services.mark_returned(article)
        messages.success(request, f"“{article}” is back with its writer, as a draft.")
    else:
        done = services.mark_in_review(article)
        messages.success(request, f"“{article}” is waiting for an editor’s review.")
    return done


def _schedule(request, article: Article, at: datetime | None) -> str:
    if at is None:
        raise ValidationError("Set a publish time before scheduling.")
    if at <= timezone.now():
        if article.status == Status.PUBLISHED:
            done = services.mark_published(article, at=at)
            messages.success(request, f"“{article}” now shows the publish time {_when(at)}.")
            return done
        raise ValidationError(f"{_when(at)} has passed: choose a time in the future, or press “Publish now”.")
    done = services.mark_published(article, at=at)
    messages.success(request, f"“{article}” is scheduled for {_when(at)}.")
    return done


def _when(at: datetime) -> str:
    return date_format(timezone.localtime(at), "j F Y, H:i")


def publish_each(request, queryset) -> None:
    """The bulk "publish now": stories already live keep their time; the rest are published or explained."""
    done, refused = 0, []
    for article in queryset:
        if article.is_published:
            continue
        try:
            services.publish_article(article=article, user=request.user)
            done += 1
        except ValidationError as exc:
            refused.append(" ".join(exc.messages))
    _report(request, done, "published", refused)


def schedule_each(request, queryset, at: datetime) -> None:
    done, refused = 0, []
    for article in queryset:
        try:
            services.publish_article(article=article, at=at, user=request.user)
            done += 1
        except ValidationError as exc:
            refused.append(" ".join(exc.messages))
    _report(request, done, f"scheduled for {_when(at)}", refused)


def withdraw_each(request, queryset) -> None:
    done = 0
    for article in queryset.exclude(status=Status.WITHDRAWN):
        services.withdraw_article(article=article, user=request.user)
        done += 1
    _report(request, done, "withdrawn", [])


def submit_each(request, queryset) -> None:
    done, refused = 0, []
    for article in queryset:
        try:
            services.submit_for_review(article=article, user=request.user)
            done += 1
        except ValidationError as exc:
            refused.append(f"“{article}”: {' '.join(exc.messages)}")
    _report(request, done, "sent for review", refused)


def _report(request, done: int, verb: str, refused: list[str]) -> None:
    if done:
        messages.success(request, f"{done} {'story' if done == 1 else 'stories'} {verb}.")
    for reason in refused:
        messages.error(request, reason)
    if not done and not refused:
        messages.info(request, f"Nothing to do: the selected stories were already {verb}.")
