"""The desk's live pages: a story's live coverage with the quick update form, updates to correct or delete, and
the breaking-news alert.

Who may do what follows the story (``articles.permissions.may_edit_story``): writers post to and correct updates
of drafts and copy in review; updates on a live story are the editors'. Alerts are for editors only. Every save
and delete here goes through ``live.services``, which asks the rule again: hiding a button is not the check.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse

from articles.permissions import EDIT_PERMISSION, may_edit_story, may_publish
from desk.base import ModelAdmin
from live import services
from live.forms import CorrectUpdateForm, LiveCoverageForm, LiveUpdateForm
from live.models import BreakingAlert, LiveCoverage, LiveUpdate

RECENT_ON_DESK = 20


def _edits_stories(request) -> bool:
    return request.user.has_perm(EDIT_PERMISSION)


@admin.register(LiveCoverage)
class LiveCoverageAdmin(ModelAdmin):
    form = LiveCoverageForm
    change_form_template = "admin/live/livecoverage/change_form.html"
    list_display = ["article", "state", "started_at", "ended_at", "changed_at"]
    list_filter = ["state"]
    list_select_related = ["article"]
    search_fields = ["article__headline"]
    autocomplete_fields = ["article"]
    fields = ["article", "state", "started_at", "ended_at"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def get_readonly_fields(self, request, obj=None):
        return ["article"] if obj else []

    def has_module_permission(self, request):
        return _edits_stories(request)

    def has_view_permission(self, request, obj=None):
        return _edits_stories(request)

    def has_add_permission(self, request):
        return _edits_stories(request)

    def has_change_permission(self, request, obj=None):
        return _edits_stories(request) and (obj is None or may_edit_story(request.user, obj.article))

    def has_delete_permission(self, request, obj=None):
        return may_publish(request.user)

    def get_urls(self):
        post = path("<path:object_id>/post/", self.admin_site.admin_view(self.post_update), name="live_post_update")
        return [post, *super().get_urls()]

    def save_model(self, request, obj, form, change):
        services.save_coverage(coverage=obj, user=request.user)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # The quick form's prose editor, on the one page that shows it. Not in ``media`` for every view: the list
        # and the delete page print media without its import map, and the editor's modules then fail to load.
        if "update_form" in context:
            context["media"] = context["media"] + context["update_form"].media
        return super().render_change_form(request, context, add, change, form_url, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        coverage = self.get_object(request, object_id)
        context = {**(extra_context or {})}
        if coverage is not None:
            context.setdefault("update_form", LiveUpdateForm(prefix="update"))
            context["may_post"] = self.has_change_permission(request, coverage)
            context["recent_updates"] = list(coverage.updates.all()[:RECENT_ON_DESK])
            context["update_count"] = coverage.updates.count()
            context["post_url"] = reverse("admin:live_post_update", args=[coverage.pk])
            context["public_url"] = coverage.article.get_absolute_url() if coverage.article.is_published else ""
        return super().change_view(request, object_id, form_url, extra_context=context)

    def post_update(self, request, object_id):
        """The quick form's POST: posted and back to the desk, or the desk again with the form and its errors."""
        coverage = self.get_object(request, object_id)
        if coverage is None or request.method != "POST":
            raise Http404("No such live coverage.")
        if not self.has_change_permission(request, coverage):
            raise PermissionDenied("Only editors can post to a story that is live, scheduled or withdrawn.")
        form = LiveUpdateForm(request.POST, prefix="update")
        if form.is_valid():
            try:
                services.post_live_update(
                    article=coverage.article,
                    body=form.body_html(),
                    title=form.cleaned_data["title"],
                    user=request.user,
                    key_event=form.cleaned_data["key_event"],
                )
            except (PermissionDenied, ValidationError) as exc:
                form.add_error(None, getattr(exc, "messages", None) or str(exc))
            else:
                messages.success(request, "Update posted: readers see it within seconds.")
                return HttpResponseRedirect(reverse("admin:live_livecoverage_change", args=[coverage.pk]))
        request.method = "GET"  # show the desk (not save the coverage form), with what was typed kept
        return self.change_view(request, object_id, extra_context={"update_form": form})


@admin.register(LiveUpdate)
class LiveUpdateAdmin(ModelAdmin):
    """Correcting or deleting an update (posting is the coverage page's quick form)."""

    form = CorrectUpdateForm
    list_display = ["__str__", "coverage", "published_at", "key_event"]
    list_filter = ["key_event"]
    list_select_related = ["coverage__article"]
    search_fields = ["title", "body"]
    fields = ["title", "body", "key_event", "authors", "published_at"]
    autocomplete_fields = ["authors"]

    def has_module_permission(self, request):
        return False  # reached from the coverage page

    def has_view_permission(self, request, obj=None):
        return _edits_stories(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return _edits_stories(request) and (obj is None or may_edit_story(request.user, obj.coverage.article))

    has_delete_permission = has_change_permission

    def save_model(self, request, obj, form, change):
        # The form has checked the body with the services' rule; the service checks the story again and saves.
        services.correct_live_update(
            update=obj, body=obj.body, title=obj.title, key_event=obj.key_event, user=request.user
        )

    def response_post_save_change(self, request, obj):
        return HttpResponseRedirect(reverse("admin:live_livecoverage_change", args=[obj.coverage_id]))

    def delete_model(self, request, obj):
        request.live_coverage_id = obj.coverage_id  # where the desk goes back to
        services.delete_live_update(update=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        # "Delete selected" from the list: one by one through the service, each asking the story's rule.
        for update in queryset.select_related("coverage__article"):
            services.delete_live_update(update=update, user=request.user)

    def response_delete(self, request, obj_display, obj_id):
        messages.success(request, f"Update “{obj_display}” deleted.")
        return HttpResponseRedirect(reverse("admin:live_livecoverage_change", args=[request.live_coverage_id]))


@admin.register(BreakingAlert)
class BreakingAlertAdmin(ModelAdmin):
    list_display = ["text", "article", "expires_at", "cleared_at", "created_at"]
    autocomplete_fields = ["article"]
    fields = ["text", "article", "expires_at"]
    actions = ["clear"]

    def has_module_permission(self, request):
        return may_publish(request.user)

    def has_view_permission(self, request, obj=None):
        return may_publish(request.user)

    has_add_permission = has_module_permission

    def has_change_permission(self, request, obj=None):
        return may_publish(request.user)

    has_delete_permission = has_change_permission

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        alert = services.set_breaking_alert(
            text=obj.text, article=obj.article, expires_at=obj.expires_at, user=request.user
        )
        obj.pk = alert.pk

    @admin.action(description="Clear the banner")
    def clear(self, request, queryset):
        count = services.clear_breaking_alerts(user=request.user)
        messages.success(request, f"Cleared {count} alert(s): the banner leaves every page within seconds.")
