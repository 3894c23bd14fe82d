"""The desk's newsletter page: an edition as it will look in a mail client (its HTML in a sandboxed frame) and as
plain text, with a test send, scheduling and sending (editors)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from articles.permissions import may_publish
from desk.base import DeskForm
from newsletters import assembly, editions, render
from newsletters.models import Edition, EditionStatus


class TestSendForm(DeskForm):
    to = forms.EmailField(label="Send a test copy to")


class ScheduleForm(DeskForm):
    at = forms.SplitDateTimeField(label="Send at", widget=forms.SplitDateTimeWidget)


def _may_view(request) -> None:
    if not request.user.has_perm("newsletters.view_edition"):
        raise PermissionDenied


def edition_preview_view(request, edition_id: int):
    _may_view(request)
    edition = get_object_or_404(Edition.objects.select_related("newsletter"), pk=edition_id)
    test_form = TestSendForm(initial={"to": request.user.email})
    schedule_form = ScheduleForm()
    if request.method == "POST":
        done = _act(request, edition, test_form_data=request.POST)
        if done:
            return redirect(request.path)
        test_form, schedule_form = TestSendForm(request.POST), ScheduleForm(request.POST)
    stories = assembly.public_stories(edition)
    rendered = render.render(edition, stories) if stories else None
    context = {
        **admin.site.each_context(request),
        "title": f"Preview: {edition.subject}",
        "opts": Edition._meta,
        "edition": edition,
        "rendered": rendered,
        "size": len(rendered.html.encode()) if rendered else 0,
        "unpublished": len({*edition.items.values_list("article_id", flat=True), edition.lead_id} - {None})
        - len(stories),
        "test_form": test_form,
        "schedule_form": schedule_form,
        "media": schedule_form.media,
        "may_send": may_publish(request.user) and edition.status in editions.EDITABLE,
        "change_url": reverse("admin:newsletters_edition_change", args=[edition.pk]),
    }
    return TemplateResponse(request, "newsletters/desk/preview.html", context)


def _act(request, edition: Edition, *, test_form_data) -> bool:
    action = request.POST.get("action")
    try:
        if action == "test":
            form = TestSendForm(test_form_data)
            if not form.is_valid():
                return False
            if not may_publish(request.user) and form.cleaned_data["to"].lower() != request.user.email.lower():
                # A test copy to any address would let a writer mail anyone: writers test to themselves.
                messages.error(request, "Writers send test copies to their own address; an editor can send others.")
                return True
            editions.test_send(edition=edition, to=form.cleaned_data["to"])
            messages.success(request, f"A test copy is on its way to {form.cleaned_data['to']}.")
        elif action == "schedule":
            form = ScheduleForm(test_form_data)
            if not form.is_valid():
                return False
            editions.schedule(edition=edition, at=form.cleaned_data["at"], user=request.user)
            messages.success(request, "Scheduled.")
        elif action == "unschedule":
            editions.unschedule(edition=edition, user=request.user)
            messages.success(request, "Back to a draft.")
        elif action == "send":
            if editions.send_now(edition=edition, user=request.user):
                messages.success(request, "Sending: the worker is handing it to the mail service.")
            else:
                messages.warning(request, "Not sent: it was sent or cancelled already.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return True


def sending_now() -> list[Edition]:
    return list(
        Edition.objects.filter(status__in=[EditionStatus.SENDING, EditionStatus.SCHEDULED])
        .select_related("newsletter")
        .order_by("scheduled_at", "started_at")
    )
