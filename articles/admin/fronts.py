"""Fronts on the desk: editors choose and order the stories at the top of the home page and of each section's page.

One page per front with its slots as an ordered inline (drag the rows or type the positions; 1 is the lead), each
with an optional time limit. Curating is an editor's job: everything here asks for the publish permission, which
writers do not have. Saving numbers the slots 1, 2, 3… again and purges the front's page (``articles.signals``).
A story's page offers "Pin as home lead", which opens the home front with the story in a new row at slot 1.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, OuterRef, Q, Subquery
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from articles import fronts
from articles.admin.forms import InlineRowForm, KnownChoiceAutocomplete
from articles.models import Article, Front, FrontSlot, Status
from articles.permissions import may_publish
from desk.base import ModelAdmin, TabularInline


class EditorsOnly:
    """Editors (who publish) curate fronts; writers do not see them at all."""

    def has_view_permission(self, request, obj=None):
        return may_publish(request.user)

    has_change_permission = has_view_permission

    def has_module_permission(self, request):
        return may_publish(request.user)


class FrontSlotForm(InlineRowForm):
    known_field = "article"


class FrontSlotInline(EditorsOnly, TabularInline):
    model = FrontSlot
    form = FrontSlotForm
    fields = ["position", "article", "until", "showing", "pinned"]
    readonly_fields = ["showing", "pinned"]
    ordering_field = "position"
    show_title = False  # the row's own fields say it all
    extra = 1
    verbose_name = "pinned story"
    verbose_name_plural = "pinned stories (1 is the lead; drag the rows or change the numbers to reorder)"

    def has_add_permission(self, request, obj=None):
        return may_publish(request.user)

    has_delete_permission = has_add_permission

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("article", "pinned_by")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        # A new row offers the slot after the last one (the form class is made afresh for each request).
        last = obj.slots.aggregate(last=Max("position"))["last"] if obj else None
        formset.form.base_fields["position"].initial = (last or 0) + 1
        return formset

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "article":
            kwargs["widget"] = KnownChoiceAutocomplete(db_field, self.admin_site)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description="on the page")
    def showing(self, slot: FrontSlot) -> str:
        """Whether readers see this pin now, and if not, why (it stays in its slot until an editor removes it)."""
        if slot.pk is None:
            return "—"
        story = slot.article
        if not slot.is_running:
            return "No: its time limit has passed"
        if story.is_scheduled:
            when = timezone.localtime(story.published_at)
            return f"From {when:%-d %b %H:%M}, when the story goes out"
        if not story.is_published:
            return "No: the story is not public (withdrawn, expired or back in draft)"
        if slot.until is not None:
            return f"Yes, until {timezone.localtime(slot.until):%-d %b %H:%M}"
        return "Yes"

    @admin.display(description="pinned by")
    def pinned(self, slot: FrontSlot) -> str:
        if slot.pk is None:
            return "—"
        who = slot.pinned_by.get_username() if slot.pinned_by else "someone"
        return f"{who}, {timezone.localtime(slot.updated_at):%-d %b %H:%M}"


@admin.register(Front)
class FrontAdmin(EditorsOnly, ModelAdmin):
    list_display = ["__str__", "lead", "pins", "page"]
    list_display_links = ["__str__"]
    fields = ["how_it_works"]
    readonly_fields = ["how_it_works"]
    inlines = [FrontSlotInline]

    def has_add_permission(self, request):
        return False  # every page has its front already (``Front.objects.ensure_all``)

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        running = FrontSlot.objects.running()
        # The story leading the page now, if an editor chose it: the first running slot whose story is public.
        lead = running.filter(front=OuterRef("pk"), article__in=Article.objects.published()).order_by("position", "id")
        return (
            super()
            .get_queryset(request)
            .select_related("section")
            .annotate(
                pin_count=Count("slots", filter=Q(slots__in=running)),
                pinned_lead=Subquery(lead.values("article__headline")[:1]),
            )
        )

    def changelist_view(self, request, extra_context=None):
        Front.objects.ensure_all()
        return super().changelist_view(request, extra_context)

    @admin.display(description="leading now")
    def lead(self, front: Front) -> str:
        return front.pinned_lead or "The latest story (nothing pinned)"

    @admin.display(description="pinned stories", ordering="pin_count")
    def pins(self, front: Front) -> int:
        return front.pin_count

    @admin.display(description="page")
    def page(self, front: Front) -> str:
        url = front.get_absolute_url()
        return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', url, url)

    @admin.display(description="how it works")
    def how_it_works(self, front: Front) -> str:
        return (
            "Slot 1 is the lead, then the top stories in order. Slots left empty show the latest stories, as "
            "before. A story that is withdrawn or expires, or whose time limit passes, leaves its slot by itself. "
            "Readers see a change as soon as you save."
        )

    def save_formset(self, request, form, formset, change):
        if formset.model is not FrontSlot:
            return super().save_formset(request, form, formset, change)
        placed = [f for f in formset.forms if f.has_changed() and not f.cleaned_data.get("DELETE")]
        for slot_form in placed:
            slot_form.instance.pinned_by = request.user
        super().save_formset(request, form, formset, change)
        fronts.renumber_slots(front=form.instance, moved={f.instance.pk for f in placed})

    # --- "Pin as home lead" from a story's page: the home front opens with the story in a new row at slot 1 ---

    def get_urls(self):
        pin = self.admin_site.admin_view(self.pin_as_home_lead)
        return [path("pin/<int:article_id>/", pin, name="articles_front_pin"), *super().get_urls()]

    def pin_as_home_lead(self, request, article_id: int):
        if not may_publish(request.user):
            raise PermissionDenied("Only editors curate fronts.")
        article = get_object_or_404(Article, pk=article_id, status=Status.PUBLISHED)
        home, _ = Front.objects.get_or_create(section=None)
        messages.info(request, f"“{article}” is offered at slot 1: save to pin it; the present lead moves to 2.")
        return redirect(f"{reverse('admin:articles_front_change', args=[home.pk])}?pin={article.pk}")

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        pin = request.GET.get("pin", "")
        if request.method == "GET" and isinstance(inline, FrontSlotInline) and pin.isdigit():
            # Only offered, not saved: the editor sees the row, may set a time limit, and saves.
            kwargs["initial"] = [{"article": int(pin), "position": 1}]
        return kwargs
