"""Status changes from the admin: who may make them and how a button or action turns into a service call.

The rule (enforced here on the server, not only by hiding buttons): writers create and edit drafts and
send them for review; only holders of ``articles.publish_article`` (the Editor group) publish, schedule
and withdraw. A live, scheduled or withdrawn story is edited by editors only, so a writer cannot change
what readers see: on a live story a writer can only *save changes as draft* (pending changes), which an
editor publishes. Every status change goes through ``articles.services``.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html

from articles import services
from articles.body import MISSING_PICTURE
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


def never_plain_save_live(request, article: Article) -> None:
    """A plain save of a live story (the Enter key, an old form's "Save") keeps its edits as pending changes: only
    "Publish changes" puts them before readers. Editors only: a writer's is refused with their words kept."""
    if article.is_published and requested_button(request) is None and may_publish(request.user):
        posted = request.POST.copy()
        posted[SAVE_PENDING] = "1"
        request.POST = posted


def no_longer_yours(article: Article) -> str:
    """Why a writer's save of a story that became an editor's while they typed is refused (their words are kept)."""
    if article.is_scheduled:
        what = f"scheduled it for {_when(article.published_at)}"
    elif article.is_published:
        what = "published it"
    else:
        what = "withdrew it" if article.status == Status.WITHDRAWN else "took it"
    return (
        f"While you were writing, an editor {what}: only editors change it now, so your changes have not been "
        "saved. They are still in the form below and kept as your draft: copy them, or send them to the editor."
    )


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
    if button == SAVE_PENDING:
        return ""  # the admin's save handles it (articles.admin.articles)
    if button in {None, PUBLISH_PENDING} and _reschedules(request, article, requested_at):
        button = SCHEDULE  # "Publish changes" with a new publish time (a live story backdated) moves it too
    if button in {None, PUBLISH_PENDING}:
        return ""  # the admin's save puts the changes live
    try:
        if button in {PUBLISH, SCHEDULE} and not _confirmed(request, article, button):
            return ""
        return _run(request, article, button, requested_at)
    except ValidationError as exc:
        request.newsroom_transition_refused = True  # the admin's "changed successfully" would read as a yes
        messages.error(request, " ".join(exc.messages))
        return ""


CONFIRMED = "anyway"  # the button's value once the editor has read the warnings


def publication_warnings(article: Article) -> list[str]:
    """What an editor is asked to confirm before the story goes out (it may go out all the same): an imported
    story's "Picture missing" placeholders left in its body. The form asks the same in the browser before it posts,
    with one more question (no lead picture: static/js/desk-editing.js), which a story may well go out without."""
    placeholders = article.body.count(f"<strong>{MISSING_PICTURE}</strong>")
    if not placeholders:
        return []
    plural = "s" if placeholders > 1 else ""
    return [f"its body still holds {placeholders} “Picture missing” placeholder{plural} (readers see nothing there)"]


def _confirmed(request, article: Article, button: str) -> bool:
    """True when nothing needs confirming, or the editor confirmed; else says what, with the button to go on."""
    warnings = publication_warnings(article)
    if not warnings or request.POST.get(button) == CONFIRMED:
        return True
    request.newsroom_transition_refused = True
    label = {PUBLISH: "Publish anyway", SCHEDULE: "Schedule anyway"}
    messages.warning(
        request,
        format_html(
            "Not published yet: {}. Your changes are saved. "
            '<button type="submit" form="article_form" name="{}" value="{}" class="desk-confirm-button">{}</button>',
            " and ".join(warnings).capitalize(),
            button,
            CONFIRMED,
            label[button],
        ),
    )
    return False


def _reschedules(request, article: Article, requested_at: datetime | None) -> bool:
    if not (may_publish(request.user) and article.status == Status.PUBLISHED and requested_at and article.published_at):
        return False
    # The form shows whole seconds; the stored time may carry microseconds.
    return requested_at.replace(microsecond=0) != article.published_at.replace(microsecond=0)


def _run(request, article: Article, button: str, requested_at: datetime | None) -> str:
    if button in EDITOR_BUTTONS and not may_publish(request.user):
        raise PermissionDenied
    if button == PUBLISH:
        at = publish_time(article, requested_at)
        done = services.mark_published(article, at=at)
        dated = f" with the date {_when(at)}" if at and at < timezone.now() - KEPT_DATE_SLACK else ""
        messages.success(request, f"“{article}” is published{dated}.")
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


KEPT_DATE_SLACK = timedelta(minutes=5)


def publish_time(article: Article, requested_at: datetime | None) -> datetime | None:
    """When "Publish" puts a story out: a past time the editor typed (backdating); else, for a story that never went
    out, the date it already carries (an imported story's copy is dated by its agency); else now (None). A withdrawn
    story published again goes out now."""
    now = timezone.now()
    kept = article.published_at  # as stored: save_model put back what the form opened with
    if requested_at and requested_at <= now and (kept is None or requested_at != kept):
        return requested_at
    never_out = article.status in {Status.DRAFT, Status.IN_REVIEW} and article.first_published_at is None
    if never_out and kept and kept <= now:
        return kept
    return None


# The story's words: readers are told "Updated" only when these changed after it went out.
WORDS = frozenset({"headline", "standfirst", "body", "lead_image_caption"})


def keeps_updated_time(article: Article, before: tuple, *, changed: list[str]) -> bool:
    """Whether this save leaves the story's "Updated" time alone, and sets it where no "Updated" line shows.

    ``before``: (status, was live, publish time, updated time) as the story stood. Going out (published now,
    backdated, or with an imported copy's date) is its first version, not an update; nor is moving a live
    story's publish time alone. Any change of its words after it went out is (and moves the time, as before)."""
    status, was_live, published_at, updated_at = before
    if article.status != Status.PUBLISHED or article.published_at is None:
        return False
    if status != Status.PUBLISHED:  # going out now: its first version
        article.updated_at = min(article.published_at, timezone.now())
        return True
    if not was_live or WORDS & set(changed) or article.published_at == published_at:
        return False
    # A live story's publish time moved, and nothing else readers read: an "Updated" line it had stays; one it did
    # not have does not appear.
    if updated_at and published_at and updated_at - published_at <= KEPT_DATE_SLACK:
        article.updated_at = article.published_at
    return True


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
