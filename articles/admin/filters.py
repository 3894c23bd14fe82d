"""Article list filters that never load a whole tag table."""

from datetime import timedelta

from django.contrib import admin
from django.utils import timezone

from articles.models import Region, Topic


class RegionListFilter(admin.SimpleListFilter):
    """Top-level regions, and the sub-regions of the chosen one: never the whole tree at once."""

    title = "region"
    parameter_name = "region"

    def lookups(self, request, model_admin):
        chosen = Region.objects.filter(slug=self.value()).first() if self.value() else None
        shown = Region.objects.filter(depth=0)
        if chosen:
            shown = shown | Region.objects.filter(pk__in=[*chosen.ancestor_ids, chosen.pk]) | chosen.children.all()
        return [(r.slug, f"{'— ' * r.depth}{r.name}") for r in shown.order_by("path")[:60]]

    def queryset(self, request, queryset):
        region = Region.objects.filter(slug=self.value()).first() if self.value() else None
        return queryset.in_region(region) if region else queryset


class TopicListFilter(admin.SimpleListFilter):
    """The most used topics (and the chosen one); the search box finds the rest."""

    title = "topic"
    parameter_name = "topic"

    def lookups(self, request, model_admin):
        # The stored count of live stories per topic: no count over the tag links on every list load.
        top = Topic.objects.order_by("-article_count", "name")[:20]
        chosen = Topic.objects.filter(slug=self.value()) if self.value() else Topic.objects.none()
        return [(t.slug, t.name) for t in {t.pk: t for t in [*chosen, *top]}.values()]

    def queryset(self, request, queryset):
        topic = Topic.objects.filter(slug=self.value()).first() if self.value() else None
        return queryset.with_topic(topic) if topic else queryset


class ExpiryListFilter(admin.SimpleListFilter):
    """Rights-limited stories: those with an expiry time, those leaving within a week, those already gone."""

    title = "expiry"
    parameter_name = "expiry"

    def lookups(self, request, model_admin):
        return [("set", "Has an expiry time"), ("week", "Expires within 7 days"), ("expired", "Expired")]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "set":
            return queryset.filter(expires_at__isnull=False)
        if self.value() == "week":
            return queryset.expiring().filter(expires_at__lte=now + timedelta(days=7))
        if self.value() == "expired":
            return queryset.expired()
        return queryset


class StateListFilter(admin.SimpleListFilter):
    """Where a story stands for readers, the words editors use: Scheduled is a published story not out yet."""

    title = "status"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("draft", "Draft"),
            ("review", "In review"),
            ("scheduled", "Scheduled"),
            ("live", "Live"),
            ("expired", "Expired"),
            ("withdrawn", "Withdrawn"),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value in {"draft", "review", "withdrawn"}:
            return queryset.filter(status=value)
        if value == "scheduled":
            return queryset.scheduled()
        if value == "live":
            return queryset.published()
        if value == "expired":
            return queryset.expired()
        return queryset


class MineListFilter(admin.SimpleListFilter):
    title = "whose"
    parameter_name = "mine"

    def lookups(self, request, model_admin):
        return [("yes", "My stories")]

    def queryset(self, request, queryset):
        return queryset.filter(created_by=request.user) if self.value() == "yes" else queryset


class HeldImportListFilter(admin.SimpleListFilter):
    """Stories whose newer copy an import held back, waiting for an editor (``Article.import_held_at``)."""

    title = "imports"
    parameter_name = "held"

    def lookups(self, request, model_admin):
        return [("yes", "Held by an import")]

    def queryset(self, request, queryset):
        return queryset.filter(import_held_at__isnull=False) if self.value() == "yes" else queryset


class PictureWarningListFilter(admin.SimpleListFilter):
    title = "picture"
    parameter_name = "picture"

    def lookups(self, request, model_admin):
        return [("none", "No lead picture"), ("no_alt", "Lead picture without alt text")]

    def queryset(self, request, queryset):
        if self.value() == "none":
            return queryset.filter(lead_image__isnull=True)
        if self.value() == "no_alt":
            # The story's own alt text wins over the picture's (Article.lead_alt): both must be empty.
            return queryset.filter(lead_image__isnull=False, lead_image_alt="", lead_image__alt_text="")
        return queryset
