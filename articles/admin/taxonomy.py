"""Regions, topics, sections, authors and sources: published counts, rename, and merging two tags into one."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.template.response import TemplateResponse

from articles import services
from articles.admin.forms import MergeTagsForm
from articles.models import Article, Author, Region, Section, Source, TaggedRegion, TaggedTopic, Topic
from desk.base import ModelAdmin


def published_count(through) -> Coalesce:
    """Published articles per tag, as a correlated subquery: one per listed row, inside the one list query.

    The rule comes from Article.objects.published(), never retyped here.
    """
    per_tag = (
        through.objects.filter(tag=OuterRef("pk"), content_object__in=Article.objects.published().values("pk"))
        .order_by()
        .values("tag")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(per_tag, output_field=IntegerField()), Value(0))


class MergeTagsMixin:
    """An action on exactly two selected tags: a confirmation page, then services.merge_tags."""

    through = None  # the tag's through model, for the published counts

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(published=published_count(self.through))

    @admin.display(description="published articles", ordering="published")
    def published_articles(self, obj):
        return obj.published

    def has_merge_permission(self, request):
        # Merging deletes one of the two tags.
        return self.has_change_permission(request) and self.has_delete_permission(request)

    @admin.action(description="Merge the two selected…", permissions=["merge"])
    def merge_two(self, request, queryset):
        tags = list(queryset.order_by("name")[:3])
        if len(tags) != 2:
            self.message_user(request, "Select exactly two to merge.", messages.WARNING)
            return None
        form = MergeTagsForm(request.POST if "apply" in request.POST else None, tags=tags)
        if form.is_bound and form.is_valid():
            return self._merge(request, *form.merge_pair())
        context = {
            **self.admin_site.each_context(request),
            "title": f"Merge two {self.model._meta.verbose_name_plural}",
            "opts": self.model._meta,
            "form": form,
            "tags": tags,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/articles/merge_tags.html", context)

    def _merge(self, request, source, target):
        source_name = source.name
        try:
            moved = services.merge_tags(source=source, target=target, user=request.user)
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
            return None
        self.message_user(
            request,
            f"Merged “{source_name}” into “{target.name}”: {moved} article{'' if moved == 1 else 's'} moved over.",
            messages.SUCCESS,
        )
        return None


@admin.register(Region)
class RegionAdmin(MergeTagsMixin, ModelAdmin):
    through = TaggedRegion
    list_display = ["name", "slug", "parent", "published_articles"]
    search_fields = ["name", "slug"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "parent"]
    actions = ["merge_two"]


@admin.register(Topic)
class TopicAdmin(MergeTagsMixin, ModelAdmin):
    through = TaggedTopic
    list_display = ["name", "slug", "iptc_code", "published_articles"]
    search_fields = ["name", "slug", "iptc_code"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "iptc_code", "description"]
    actions = ["merge_two"]


@admin.register(Section)
class SectionAdmin(ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Author)
class AuthorAdmin(ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Source)
class SourceAdmin(ModelAdmin):
    list_display = ["name", "short_name", "url"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["name"]}
