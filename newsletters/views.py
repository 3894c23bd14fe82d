"""Readers' pages: sign up, confirm (double opt-in), preferences (lists, pause, leave, export, erase), one-click
unsubscribe. None is ever cached; each is reached by a signed link, without an account.

The sign-up and the one-click unsubscribe take POSTs without a CSRF token: the sign-up forms sit on cached pages that
are the same for everyone (a token would be someone else's), and RFC 8058 has mail services POST the unsubscribe
with no cookie. The first is guarded by its honeypot, stamp and limits (``newsletters.signup``), the second by its
signed token. The preferences page is drawn per request and keeps Django's CSRF check.
"""

from __future__ import annotations

import json
from datetime import timedelta

from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from articles import subjects
from newsletters import signup as signups
from newsletters import subscribers, tokens
from newsletters.forms import ConfirmForm, EraseForm, PauseForm, PreferencesForm, SignUpForm
from newsletters.models import NewsletterList
from newsroom.proxies import client_ip


def _signup_page(request, form: SignUpForm, *, again: bool = False, status: int = 200):
    context = {"form": form, "stamp": tokens.stamp(), "again": again, "follow": _follow_name(form["follow"].value())}
    return render(request, "newsletters/signup.html", context, status=status)


def _follow_name(reference: str | None) -> str:
    """The name of the section, region, topic or author a listing page's form follows (public ones only)."""
    kind_name, _, pk = (reference or "").partition(":")
    kind = subjects.SUBJECTS.get(kind_name)
    subject = kind.carried().filter(pk=int(pk)).first() if kind and pk.isdigit() else None
    return str(subject) if subject else ""


@never_cache
@csrf_exempt
@require_http_methods(["GET", "POST"])
def signup(request):
    offered = subscribers.offered_lists()
    if request.method == "GET":
        initial = {"email": request.GET.get("email", "")[:254], "follow": request.GET.get("follow", "")[:40]}
        return _signup_page(request, SignUpForm(initial=initial, offered=offered))
    form = SignUpForm(request.POST, offered=offered)
    if not form.is_valid():
        return _signup_page(request, form, status=400)
    data = form.cleaned_data
    follow = (data["follow"],) if _follow_name(data["follow"]) else ()
    chosen = tuple(newsletter.pk for newsletter in data["lists"])
    page = request.POST.get("page", "") or request.headers.get("Referer", "")
    wish = tokens.SignUp(email=data["email"], lists=chosen, follow=follow, page=page[:300])
    outcome = signups.sign_up(
        signup=wish, requester=client_ip(request) or "", stamp=data["stamp"], honeypot=data["website"]
    )
    if outcome == signups.Outcome.AGAIN:
        return _signup_page(request, form, again=True)
    if outcome == signups.Outcome.LIMITED:
        response = render(request, "newsletters/limited.html", status=429)
        response["Retry-After"] = "3600"
        return response
    return render(request, "newsletters/check_inbox.html", {"email": data["email"]})


def _follows(signup: tokens.SignUp) -> list[tuple[str, str]]:
    return [(ref, f"{name}: daily") for ref in signup.follow if (name := _follow_name(ref))]


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token: str):
    signup = tokens.read_confirmation(token)
    if signup is None:
        return render(request, "newsletters/link_expired.html", status=410)
    offered, follows = subscribers.offered_lists(), _follows(signup)
    if request.method == "GET":
        ticked = list(signup.lists) or list(offered.filter(default_choice=True).values_list("pk", flat=True))
        form = ConfirmForm(
            initial={"lists": ticked, "follow": [ref for ref, _ in follows]}, offered=offered, follows=follows
        )
        return render(request, "newsletters/confirm.html", {"form": form, "email": signup.email})
    form = ConfirmForm(request.POST, offered=offered, follows=follows)
    if not form.is_valid():
        return render(request, "newsletters/confirm.html", {"form": form, "email": signup.email}, status=400)
    chosen = tokens.SignUp(
        email=signup.email,
        lists=tuple(newsletter.pk for newsletter in form.cleaned_data["lists"]),
        follow=tuple(form.cleaned_data.get("follow", ())),
        page=signup.page,
    )
    subscriber = subscribers.confirm(chosen, lists=subscribers.lists_for(chosen))
    if subscriber is None:  # suppressed: say nothing about why
        return render(request, "newsletters/link_expired.html", status=410)
    url = reverse("newsletters:preferences", kwargs={"token": tokens.preferences(subscriber.key)})
    return HttpResponseRedirect(f"{url}?confirmed=1")


def _subscriber(token: str):
    return subscribers.by_key(tokens.read_preferences(token))


def _preferences_page(request, subscriber, *, status: int = 200, **forms):
    current = list(subscriber.lists.all())
    choices = NewsletterList.objects.filter(pk__in=[n.pk for n in current]) | subscribers.offered_lists()
    context = {
        "subscriber": subscriber,
        "form": forms.get("form") or PreferencesForm(initial={"lists": current}, choices=choices.distinct()),
        "pause_form": forms.get("pause_form") or PauseForm(),
        "erase_form": forms.get("erase_form") or EraseForm(),
        "confirmed": request.GET.get("confirmed") == "1",
        "saved": request.GET.get("saved", ""),
    }
    return render(request, "newsletters/preferences.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def preferences(request, token: str):
    subscriber = _subscriber(token)
    if subscriber is None:
        return render(request, "newsletters/link_expired.html", status=410)
    if request.method == "GET":
        return _preferences_page(request, subscriber)
    action = request.POST.get("action", "")
    if action == "erase":
        erase_form = EraseForm(request.POST)
        if not erase_form.is_valid():
            return _preferences_page(request, subscriber, erase_form=erase_form, status=400)
        subscribers.erase(subscriber)
        return render(request, "newsletters/erased.html")
    if action == "lists":
        choices = subscriber.lists.all() | subscribers.offered_lists()
        form = PreferencesForm(request.POST, choices=choices.distinct())
        if not form.is_valid():
            return _preferences_page(request, subscriber, form=form, status=400)
        subscribers.choose_lists(subscriber, lists=list(form.cleaned_data["lists"]))
    elif action == "pause":
        pause_form = PauseForm(request.POST)
        days = pause_form.data.get("pause", "")
        until = timezone.now() + timedelta(days=int(days)) if days.isdigit() else None
        subscribers.pause(subscriber, until=until)
    elif action == "resume":
        subscribers.resume(subscriber)
    elif action == "leave":
        subscribers.leave(subscriber)
    return HttpResponseRedirect(f"{request.path}?saved={action}")


@never_cache
def export(request, token: str):
    subscriber = _subscriber(token)
    if subscriber is None:
        return render(request, "newsletters/link_expired.html", status=410)
    body = json.dumps(subscribers.export(subscriber), indent=2, ensure_ascii=False)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="newsletter-data.json"'
    return response


@never_cache
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    """GET: a page with one button (mail scanners follow links; a GET never unsubscribes). POST: RFC 8058's
    one-click ``List-Unsubscribe=One-Click`` from the mail service, or the button: off that list at once."""
    found = tokens.read_unsubscribe(token)
    subscriber = subscribers.by_key(found[0]) if found else None
    newsletter = NewsletterList.objects.filter(pk=found[1]).first() if found else None
    if subscriber is None or newsletter is None:
        return render(request, "newsletters/link_expired.html", status=410)
    context = {"newsletter": newsletter, "preferences": tokens.preferences(subscriber.key)}
    if request.method == "GET":
        return render(request, "newsletters/unsubscribe.html", context)
    subscribers.leave(subscriber, newsletter_id=newsletter.pk)
    return render(request, "newsletters/unsubscribed.html", context)
