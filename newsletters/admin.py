"""Newsletters in the desk: lists with subscriber counts and growth, editions with their status ("sending 120 of
1,000"), delivery counts and bounce and complaint rates, subscribers, suppressions and e-mail alerts. Writers draft
editions; editors send them (``articles.permissions.may_publish``, asked again by every service that sends)."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import admin, messages
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from articles.permissions import may_publish
from desk.base import ModelAdmin, TabularInline
from newsletters import alerts, assembly
from newsletters.models import (
    Alert,
    Delivery,
    DeliveryStatus,
    Edition,
    EditionItem,
    EditionStatus,
    NewsletterList,
    Subscriber,
    Suppression,
)


def delivery_counts(edition_ids) -> dict[int, dict[str, int]]:
    """Per edition: copies in all, sent, failed, bounced and complained (one grouped query)."""
    rows = (
        Delivery.objects.filter(edition_id__in=edition_ids)
        .values("edition_id")
        .annotate(
            total=Count("id"),
            sent=Count(
                "id", filter=Q(status__in=[DeliveryStatus.SENT, DeliveryStatus.BOUNCED, DeliveryStatus.COMPLAINED])
            ),
            failed=Count("id", filter=Q(status=DeliveryStatus.FAILED)),
            bounced=Count("id", filter=Q(status=DeliveryStatus.BOUNCED)),
            complained=Count("id", filter=Q(status=DeliveryStatus.COMPLAINED)),
        )
    )
    return {row.pop("edition_id"): row for row in rows}


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f} %" if whole else "—"


@admin.register(NewsletterList)
class NewsletterListAdmin(ModelAdmin):
    list_display = ["name", "kind", "cadence", "automatic", "subscriber_count", "growth", "last_edition_at"]
    list_filter = ["kind", "cadence", "automatic", "offered"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    actions = ["draft_editions"]

    def get_queryset(self, request):
        week = timezone.now() - timedelta(days=7)
        return (
            super()
            .get_queryset(request)
            .annotate(
                subscriber_count=Count("subscriptions", distinct=True),
                new_this_week=Count("subscriptions", filter=Q(subscriptions__created_at__gte=week), distinct=True),
            )
        )

    @admin.display(description="subscribers", ordering="subscriber_count")
    def subscriber_count(self, obj):
        return obj.subscriber_count

    @admin.display(description="new in 7 days")
    def growth(self, obj):
        return f"+{obj.new_this_week}"

    @admin.action(description="Draft an edition of each selected list", permissions=["draft"])
    def draft_editions(self, request, queryset):
        for newsletter in queryset:
            edition = assembly.draft_digest(newsletter=newsletter, user=request.user)
            url = reverse("admin:newsletters_edition_change", args=[edition.pk])
            messages.info(
                request,
                format_html(
                    '<a href="{}">{}</a>: a draft with {} stories. Order them, pick the lead, add an intro, '
                    "then preview.",
                    url,
                    edition.subject,
                    edition.items.count(),
                ),
            )

    def has_draft_permission(self, request):
        return request.user.has_perm("newsletters.add_edition")


class ItemInline(TabularInline):
    model = EditionItem
    fields = ["article", "position"]
    autocomplete_fields = ["article"]
    extra = 1
    ordering = ["position", "id"]


@admin.register(Edition)
class EditionAdmin(ModelAdmin):
    list_display = [
        "subject",
        "newsletter",
        "kind",
        "progress",
        "scheduled_at",
        "delivered",
        "bounce_rate",
        "complaint_rate",
    ]
    list_filter = ["status", "kind", "newsletter"]
    list_select_related = ["newsletter"]
    search_fields = ["subject"]
    inlines = [ItemInline]
    fields = ["newsletter", "subject", "intro", "lead", "issue_date", "status", "scheduled_at", "preview"]
    readonly_fields = ["status", "scheduled_at", "preview"]
    autocomplete_fields = ["lead"]

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        results = getattr(response, "context_data", {}).get("cl")
        self._counts = delivery_counts([edition.pk for edition in results.result_list]) if results else {}
        return response

    def _count(self, obj) -> dict:
        counts = getattr(self, "_counts", None)
        if counts is None or obj.pk not in counts:
            return delivery_counts([obj.pk]).get(
                obj.pk, {"total": 0, "sent": 0, "failed": 0, "bounced": 0, "complained": 0}
            )
        return counts[obj.pk]

    @admin.display(description="status")
    def progress(self, obj):
        if obj.status == EditionStatus.SENDING:
            count = self._count(obj)
            return f"Sending {count['sent']:,} of {obj.recipients:,}"
        if obj.status == EditionStatus.SCHEDULED:
            return f"Scheduled for {timezone.localtime(obj.scheduled_at):%-d %b %H:%M}"
        return obj.get_status_display()

    @admin.display(description="delivered")
    def delivered(self, obj):
        count = self._count(obj)
        return f"{count['sent']:,} sent, {count['failed']:,} failed" if count["total"] else "—"

    @admin.display(description="bounces")
    def bounce_rate(self, obj):
        count = self._count(obj)
        return percent(count["bounced"], count["sent"])

    @admin.display(description="complaints")
    def complaint_rate(self, obj):
        count = self._count(obj)
        return percent(count["complained"], count["sent"])

    @admin.display(description="preview and send")
    def preview(self, obj):
        if not obj.pk:
            return "Save the draft first."
        url = reverse("admin:newsletters_edition_preview", kwargs={"edition_id": obj.pk})
        return format_html('<a href="{}" class="text-primary-600 underline">Preview, test, schedule or send</a>', url)

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.status not in {EditionStatus.DRAFT, EditionStatus.SCHEDULED}:
            return False  # sent or sending: what went out stays as it went out
        if obj is not None and obj.status == EditionStatus.SCHEDULED and not may_publish(request.user):
            return False  # an editor scheduled it as it stands: a writer's change would go out unseen
        return super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        if change and not {"newsletter", "issue_date"} & set(form.changed_data):
            super().save_model(request, obj, form, change)
        else:  # a new edition, or one moved to another list or day: the next free number there, never a 500
            assembly.save_numbered(obj)


@admin.register(Subscriber)
class SubscriberAdmin(ModelAdmin):
    list_display = ["email", "status", "list_count", "confirmed_at"]
    list_filter = ["status", "lists"]
    search_fields = ["email"]
    readonly_fields = ["email", "confirmed_at", "signed_up_from", "created_at"]
    fields = ["email", "status", "paused_until", "confirmed_at", "signed_up_from", "created_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(list_count=Count("subscriptions"))

    @admin.display(description="lists", ordering="list_count")
    def list_count(self, obj):
        return obj.list_count

    def has_add_permission(self, request):
        return False  # readers confirm their own addresses (double opt-in)


@admin.register(Suppression)
class SuppressionAdmin(ModelAdmin):
    list_display = ["reason", "detail", "created_at"]
    list_filter = ["reason"]
    readonly_fields = ["email_digest", "reason", "detail", "created_at"]

    def has_add_permission(self, request):
        return False


@admin.register(Alert)
class AlertAdmin(ModelAdmin):
    list_display = ["article", "newsletter", "status", "created_at", "requested_by"]
    list_filter = ["status", "newsletter"]
    list_select_related = ["article", "newsletter", "requested_by"]
    autocomplete_fields = ["article"]
    fields = ["article", "newsletter"]

    def has_add_permission(self, request):
        return may_publish(request.user) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        alert = alerts.request_alert(article=obj.article, newsletter=obj.newsletter, user=request.user)
        obj.pk = alert.pk
        messages.info(request, "The alert goes out as soon as the story is public (at once if it is already).")
