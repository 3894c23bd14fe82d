"""Who is editing a story, and the words nobody has saved yet: the story form's lock, heartbeat and autosave.

The lock is WordPress's post lock (``articles.models.StoryLock``): opening a story nobody holds takes it; the open form
beats every ``HEARTBEAT_SECONDS`` (static/js/desk-editing.js), which renews it; it lapses a minute after the beats stop.
Opening a story someone else holds says who and since when, with *Take over*; the editor whose story was taken is
told at their next beat, and a save of theirs after that is refused and kept as their draft, never written over the
other's work.

Autosave (``articles.models.StoryDraft``): the form posts its fields a few seconds after the typing stops, and when
the tab is hidden or closed; every refused save keeps the refused form the same way. Reopening the story (or the
add form, for a story not yet created) offers the text back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format

from articles import body as body_markup
from articles import pending
from articles.models import Article, DraftReason, StoryDraft, StoryLock
from articles.models.locks import HEARTBEAT_SECONDS

# Seconds of no typing before the form autosaves (static/js/desk-editing.js), and whether the open form works in
# the background at all (heartbeats, autosaves, the closing tab's beacons): the browser tests turn it off where
# they do not test it, since SQLite's in-memory test database refuses a session write that meets another request.
AUTOSAVE_IDLE_SECONDS = 3
BACKGROUND = True

__all__ = ["HEARTBEAT_SECONDS", "LockState", "discard_draft", "draft_for", "keep_draft", "lock_state", "open_story"]


def person(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else "Someone"


def clock(moment: datetime) -> str:
    """ "14:05", or "3 Mar, 14:05" when not today."""
    local = timezone.localtime(moment)
    if local.date() == timezone.localdate():
        return date_format(local, "H:i")
    return date_format(local, "j M, H:i")


@dataclass(frozen=True)
class LockState:
    mine: bool
    holder: str = ""
    since: datetime | None = None
    taken_from_me: bool = False  # someone took it over from this editor

    def as_json(self) -> dict:
        return {
            "mine": self.mine,
            "holder": self.holder,
            "since": self.since.isoformat() if self.since else "",
            "since_text": clock(self.since) if self.since else "",
            "taken_over": self.taken_from_me,
        }


def _state(lock: StoryLock | None, user) -> LockState:
    if lock is None or not lock.is_held:
        return LockState(mine=False)
    if lock.user_id == user.pk:
        return LockState(mine=True, holder=person(lock.user), since=lock.since)
    return LockState(
        mine=False, holder=person(lock.user), since=lock.since, taken_from_me=lock.taken_from_id == user.pk
    )


def holder_other_than(article: Article, user) -> StoryLock | None:
    """The live lock on ``article`` of someone other than ``user`` (what stops their save), or None."""
    return StoryLock.objects.held().filter(article=article).exclude(user=user).select_related("user").first()


def lock_state(article: Article, user) -> LockState:
    return _state(StoryLock.objects.filter(article=article).select_related("user").first(), user)


def _loaded_lock(article: Article) -> StoryLock | None:
    """The story's lock row: from the admin's own join (``edit_lock__user``, no query), else read."""
    try:
        return article.edit_lock
    except StoryLock.DoesNotExist:
        return None


def open_story(article: Article, user, *, take: bool = False) -> LockState:
    """Take the story when nobody (else) holds it, or when ``take``; renew it when this editor holds it. Returns who
    holds it after that. One write, each conditional on the row as it was read, so two tabs at once cannot both
    believe they hold it (the loser hears the truth at its next heartbeat)."""
    now = timezone.now()
    lock = _loaded_lock(article)
    if lock is None:
        fresh = StoryLock(article=article, user=user, since=now, renewed_at=now)
        StoryLock.objects.bulk_create([fresh], ignore_conflicts=True)  # another tab's insert wins
        return LockState(mine=True, holder=person(user), since=now)
    if lock.user_id == user.pk and lock.is_held:
        StoryLock.objects.filter(pk=lock.pk, user=user).update(renewed_at=now)
        lock.renewed_at = now
    elif take or not lock.is_held:
        taken_from = lock.user if lock.is_held and lock.user_id != user.pk else None
        moved = StoryLock.objects.filter(pk=lock.pk, user_id=lock.user_id, renewed_at=lock.renewed_at).update(
            user=user, since=now, renewed_at=now, taken_from=taken_from
        )
        if not moved:  # someone else moved it this instant: say who holds it now
            return lock_state(article, user)
        lock.user, lock.since, lock.renewed_at, lock.taken_from = user, now, now, taken_from
    return _state(lock, user)


def renew(article: Article, user) -> LockState:
    """The heartbeat: renews this editor's lock, takes a lapsed one, never takes one another editor holds."""
    return open_story(article, user)


def release(article: Article, user) -> None:
    StoryLock.objects.filter(article=article, user=user).delete()


# --- drafts: the words not saved yet ---


def draft_for(article: Article | None, user) -> StoryDraft | None:
    return StoryDraft.objects.filter(article=article, user=user).first()


def keep_draft(article: Article | None, user, data: dict, *, opened_version: int, reason: str) -> StoryDraft:
    """Keep (or replace) ``user``'s unsaved version of ``article`` (None: a story not created yet)."""
    values = {"data": pending.as_data(data), "opened_version": opened_version, "reason": reason}
    values["saved_at"] = timezone.now()
    with transaction.atomic():
        try:
            with transaction.atomic():
                draft, _ = StoryDraft.objects.update_or_create(article=article, user=user, defaults=values)
        except IntegrityError:  # two beats of one editor at once: the other wrote it, write over it
            draft = StoryDraft.objects.get(article=article, user=user)
            for name, value in values.items():
                setattr(draft, name, value)
            draft.save()
    return draft


def discard_draft(article: Article | None, user) -> None:
    StoryDraft.objects.filter(article=article, user=user).delete()


def offer(draft: StoryDraft | None, article: Article | None) -> dict | None:
    """What the form says about a kept draft: when, why, and whether the story changed after it was typed."""
    if draft is None or (article is not None and draft.data == _saved_values(article, draft.data)):
        return None
    return {
        "saved_at": draft.saved_at,
        "saved_text": clock(draft.saved_at),
        "reason": DraftReason(draft.reason).label,
        "headline": draft.headline,
        "older_than_story": article is not None and draft.opened_version < article.lock_version,
    }


def _saved_values(article: Article, data: dict) -> dict:
    """The story's stored values of the fields ``data`` names, stored the same way (to tell a draft that holds
    nothing new: the editor saved right after the last autosave)."""
    values = {}
    for name in data:
        if name in pending.FIELDS:
            field = Article._meta.get_field(name)
            if field.many_to_many or not field.concrete:  # the tag managers
                values[name] = getattr(article, name).all()
            else:
                values[name] = getattr(article, field.attname)
    return pending.as_data(values)


def restored_initial(draft: StoryDraft, article: Article | None) -> dict:
    """The form's values from a kept draft; the form is opened on the story as it is now (its version), since the
    editor chose to continue from their text knowing the story may have moved on."""
    initial = pending.form_initial(draft.data)
    if article is not None:
        initial["opened_version"] = article.lock_version
    return initial


# --- the form's requests (routed by ArticleAdmin.get_urls) ---


class _LeftAlone:
    """What the session middleware finds on ``request.session`` after a background request: nothing it knows, so it
    neither saves the session nor renews its cookie. The form's heartbeats and autosaves are not the editor at
    work: a tab left open still ends its session after SESSION_IDLE_MINUTES (each request the editor makes renews
    it, SESSION_SAVE_EVERY_REQUEST)."""


def require_post(view):
    """POST only; and the session is left as it was (``_LeftAlone``)."""

    def checked(model_admin, request, *args, **kwargs):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        response = view(model_admin, request, *args, **kwargs)
        request.session = _LeftAlone()
        return response

    return checked


@require_post
def lock_view(model_admin, request, object_id):
    """The heartbeat (``action=renew``), *Take over* (``take``) and leaving the form (``release``)."""
    article = _article(model_admin, request, object_id)
    action = request.POST.get("action", "renew")
    if action == "release":
        release(article, request.user)
        return JsonResponse({"released": True})
    state = open_story(article, request.user, take=action == "take")
    return JsonResponse(state.as_json() | {"heartbeat": HEARTBEAT_SECONDS})


@require_post
def autosave_view(model_admin, request, object_id=None):
    """The form's fields as this editor's draft; answers when it was kept. Never touches the story."""
    article = _article(model_admin, request, object_id) if object_id else None
    if article is None and not model_admin.has_add_permission(request):
        raise PermissionDenied
    data = model_admin.draft_values(request, article)
    opened = _int(request.POST.get("opened_version"))
    draft = keep_draft(article, request.user, data, opened_version=opened, reason=DraftReason.AUTOSAVE)
    body = {"saved_at": draft.saved_at.isoformat(), "saved_text": clock(draft.saved_at)}
    if article is not None:
        body["lock"] = lock_state(article, request.user).as_json()
    return JsonResponse(body)


@require_post
def discard_view(model_admin, request, object_id=None):
    article = _article(model_admin, request, object_id) if object_id else None
    discard_draft(article, request.user)
    return JsonResponse({"discarded": True})


def kept_text_view(model_admin, request, object_id):
    """The words of this editor's kept draft, to read and copy, for someone who may no longer change the story."""
    article = _article(model_admin, request, object_id)
    draft = draft_for(article, request.user)
    if draft is None:
        raise Http404("You have no unsaved text for this story.")
    context = {
        **model_admin.admin_site.each_context(request),
        "title": f"Your unsaved text of “{article}”",
        "opts": model_admin.model._meta,
        "original": article,
        "draft": draft,
        "kept": offer(draft, None),
        "values": pending.form_initial(draft.data),
    }
    return TemplateResponse(request, "admin/articles/article/kept_text.html", context)


def _article(model_admin, request, object_id) -> Article:
    article = model_admin.get_object(request, object_id)
    if article is None:
        raise Http404
    if not model_admin.has_view_or_change_permission(request, article):
        raise PermissionDenied
    return article


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


# --- the story form's side of it (mixed into ArticleAdmin) ---

# Why a save was refused, by the form error's code, and so why the refused form is kept as a draft.
REFUSED = {"stale": DraftReason.STALE, "taken_over": DraftReason.TAKEN_OVER, "locked": DraftReason.LOCKED}
RESTORE = "restore"  # ?restore=1 opens the form on the editor's kept draft


class EditingAdmin:
    """Locks, heartbeats and drafts for a story ModelAdmin (``ArticleAdmin``)."""

    def get_urls(self):
        view = self.admin_site.admin_view

        def bound(function):
            return view(lambda request, *args, **kwargs: function(self, request, *args, **kwargs))

        return [
            path("add/autosave/", bound(autosave_view), name="articles_article_autosave_new"),
            path("add/autosave/discard/", bound(discard_view), name="articles_article_discard_new"),
            path("<path:object_id>/editing/", bound(lock_view), name="articles_article_editing"),
            path("<path:object_id>/autosave/", bound(autosave_view), name="articles_article_autosave"),
            path("<path:object_id>/autosave/discard/", bound(discard_view), name="articles_article_discard"),
            path("<path:object_id>/autosave/text/", bound(kept_text_view), name="articles_article_kept_text"),
            *super().get_urls(),
        ]

    def draft_values(self, request, article: Article | None) -> dict:
        """The posted form's values of the fields a draft keeps, each as it would be saved (those that do not
        clean, e.g. a half-typed date, are left out); never the story's own."""
        fields = [name for name in pending.FIELDS if name not in self.get_readonly_fields(request, article)]
        form_class = self.get_form(request, article, change=article is not None, fields=fields)
        draft_form = type("DraftForm", (form_class,), {"clean": _plain_clean, "clean_body": _plain_body})
        form = draft_form(request.POST, instance=Article(pk=article.pk) if article else Article())
        form.is_valid()
        return {name: form.cleaned_data[name] for name in fields if name in form.cleaned_data}

    def editing_context(self, request, obj: Article | None, form) -> dict:
        """For the form's template and static/js/desk-editing.js: who holds the story, a draft to offer back."""
        user = request.user
        add = obj is None
        if not add and request.method == "GET" and self.has_change_permission(request, obj):
            state = open_story(obj, user)
        else:
            state = lock_state(obj, user) if not add else LockState(mine=True)
        draft = draft_for(obj, user)
        restoring = request.GET.get(RESTORE) == "1" and draft is not None
        urls = {
            "autosave": reverse("admin:articles_article_autosave_new")
            if add
            else reverse("admin:articles_article_autosave", args=[obj.pk]),
            "discard": reverse("admin:articles_article_discard_new")
            if add
            else reverse("admin:articles_article_discard", args=[obj.pk]),
            "lock": "" if add else reverse("admin:articles_article_editing", args=[obj.pk]),
        }
        return {
            "editing": {
                "lock": state,
                "lock_json": state.as_json(),
                "heartbeat": HEARTBEAT_SECONDS,
                "autosave_idle": AUTOSAVE_IDLE_SECONDS,
                "background": BACKGROUND,
                "urls": urls,
                "kept": None if restoring or form.is_bound else offer(draft, obj),
                "restored": offer(draft, None) if restoring else None,
                "restored_older": restoring and obj is not None and draft.opened_version < obj.lock_version,
                "kept_text_url": "" if add else reverse("admin:articles_article_kept_text", args=[obj.pk]),
            }
        }

    def restored_values(self, request, obj: Article | None) -> dict | None:
        if request.method != "GET" or request.GET.get(RESTORE) != "1":
            return None
        draft = draft_for(obj, request.user)
        return restored_initial(draft, obj) if draft else None

    def keep_refused(self, request, obj: Article | None, form) -> str:
        """A refused save's form kept as the editor's draft. Returns the reason's code, or ""."""
        if not form.is_bound or not form.errors:
            return ""
        codes = {error.code for error in form.non_field_errors().as_data()}
        reason = next((REFUSED[code] for code in REFUSED if code in codes), None)
        if reason is None:
            return ""
        data = self.draft_values(request, obj)
        opened = _int(request.POST.get("opened_version"))
        keep_draft(obj, request.user, data, opened_version=opened, reason=reason)
        return reason


def _plain_clean(form):
    # No stale-save or lock check: a draft is this editor's own, never the story.
    return form.cleaned_data


def _plain_body(form):
    # The body as the editor holds it, stored as a saved one is; no embed look-ups for a draft.
    return body_markup.from_editor(form.cleaned_data.get("body") or "")
