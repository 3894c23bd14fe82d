"""Editors' admin for the API: keys (the secret shown once), webhook endpoints, and the delivery log."""

from django import forms
from django.contrib import admin, messages
from django.utils import timezone
from django.utils.html import format_html

from api.models import ApiKey, Event, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from desk.base import ModelAdmin, TabularInline


@admin.register(ApiKey)
class ApiKeyAdmin(ModelAdmin):
    list_display = ["name", "prefix", "scope", "rate_limit", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["scope", ("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "prefix"]
    readonly_fields = ["prefix", "created_by", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    def save_model(self, request, obj, form, change):
        if not change:
            raw = obj.issue()
            obj.created_by = request.user
            super().save_model(request, obj, form, change)
            messages.warning(
                request,
                format_html("The key for “{}” is <code>{}</code>. Copy it now: it is not shown again.", obj.name, raw),
            )
            return
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None):
        return False  # revoked, not deleted: the record of who had access stays

    @admin.action(description="Revoke the selected keys", permissions=["change"])
    def revoke(self, request, queryset):
        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        self.message_user(request, f"{count} key(s) revoked; requests with them now answer 401.")


class WebhookEndpointForm(forms.ModelForm):
    events = forms.MultipleChoiceField(choices=Event.choices, widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = WebhookEndpoint
        fields = ["name", "url", "secret", "events", "active"]
        widgets = {"secret": forms.PasswordInput(render_value=True)}


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(ModelAdmin):
    form = WebhookEndpointForm
    list_display = ["name", "url", "active", "updated_at"]
    list_filter = ["active"]
    search_fields = ["name", "url"]


class AttemptInline(TabularInline):
    model = WebhookAttempt
    fields = readonly_fields = ["at", "status_code", "error", "duration_ms"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ModelAdmin):
    list_display = ["created_at", "event", "endpoint", "article_id", "status", "attempts", "delivered_at"]
    list_filter = ["status", "event", "endpoint"]
    list_select_related = ["endpoint"]
    search_fields = ["event_id"]
    readonly_fields = [
        "endpoint",
        "event",
        "event_id",
        "article_id",
        "status",
        "attempts",
        "created_at",
        "delivered_at",
        "body",
    ]
    inlines = [AttemptInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
