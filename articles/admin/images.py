"""The picture library: upload (one or many, checked and de-duplicated), thumbnails, where-used, body inserts."""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IS_POPUP_VAR
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from articles import renditions, services
from articles.admin.base import ModelAdmin
from articles.admin.forms import ImageUploadForm
from articles.admin.workflow import can_publish
from articles.models import EDITOR_ONLY_STATUSES, Article, ArticleImage, Image
from articles.tasks import make_image_renditions

LIBRARY_RESULTS = 20
WHERE_USED_LIMIT = 50


@admin.register(Image)
class ImageAdmin(ModelAdmin):
    list_display = ["thumbnail", "alt_text", "credit", "short_caption", "dimensions", "created_at"]
    list_display_links = ["thumbnail"]
    # Typing alt text and credits straight into the list after a multiple upload.
    list_editable = ["alt_text", "credit"]
    search_fields = ["alt_text", "caption", "credit", "source", "original_name"]
    list_per_page = 50
    fields = [
        "preview",
        "alt_text",
        "caption",
        "credit",
        "source",
        "focal_x",
        "focal_y",
        "dimensions",
        "uploaded",
        "where_used",
    ]
    readonly_fields = ["preview", "dimensions", "uploaded", "where_used"]

    class Media:
        css = {"all": ["css/admin.css"]}

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("upload/", view(self.upload_view), name="articles_image_upload"),
            path("library/", view(self.library_view), name="articles_image_library"),
            *super().get_urls(),
        ]

    # --- list and change page ---

    @admin.display(description="picture")
    def thumbnail(self, obj):
        # From the row alone (renditions are named by content hash): no query, no file access.
        thumb = renditions.rendition(obj, "thumb")
        return format_html('<img src="{}" alt="" class="admin-thumb" loading="lazy">', thumb.src)

    @admin.display(description="preview")
    def preview(self, obj):
        card = renditions.rendition(obj, "card")
        return format_html('<img src="{}" alt="{}" class="admin-preview">', card.src, obj.alt_text)

    @admin.display(description="caption")
    def short_caption(self, obj):
        return obj.caption[:80]

    @admin.display(description="size")
    def dimensions(self, obj):
        return f"{obj.width}×{obj.height} px, {obj.file_size / 1024:,.0f} KB"

    @admin.display(description="uploaded")
    def uploaded(self, obj):
        as_named = f" as {obj.original_name}" if obj.original_name else ""
        return f"{obj.created_at:%d %b %Y %H:%M}{as_named} by {obj.uploaded_by or 'an import'}"

    @admin.display(description="where used")
    def where_used(self, obj):
        uses = [(article, "lead image") for article in Article.objects.filter(lead_image=obj)[:WHERE_USED_LIMIT]]
        inline = ArticleImage.objects.filter(image=obj).select_related("article")[:WHERE_USED_LIMIT]
        uses += [(use.article, "in the body") for use in inline]
        if not uses:
            return "Not used in any article yet."
        rows = (
            (
                reverse("admin:articles_article_change", args=[article.pk]),
                article.headline,
                how,
                article.get_status_display(),
            )
            for article, how in uses
        )
        return format_html(
            '<ul class="where-used">{}</ul>', format_html_join("", '<li><a href="{}">{}</a> — {} ({})</li>', rows)
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if {"focal_x", "focal_y"} & set(form.changed_data):
            # A new focal point names new crops; make them once (by a worker), not on a reader's request.
            transaction.on_commit(lambda: make_image_renditions.enqueue(obj.pk))

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields

    def has_change_permission(self, request, obj=None):
        # A picture in a story that has gone out is part of what readers see: like the story, only editors change it.
        if obj is not None and not can_publish(request.user) and _in_stories_past_draft(obj):
            return False
        return super().has_change_permission(request, obj)

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        if not can_publish(request.user):
            changelist.list_editable = ()  # row-by-row edits can't tell which pictures are in live stories
        return changelist

    # --- adding pictures ---

    def add_view(self, request, form_url="", extra_context=None):
        # Every upload goes through save_image (checks, de-duplication, renditions), one file or many.
        return self.upload_view(request)

    def upload_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ImageUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            saved = self._save_uploads(request, form)
            if saved and not form.errors:
                return self._after_upload(request, saved)
        context = {
            **self.admin_site.each_context(request),
            "title": "Add pictures",
            "opts": self.model._meta,
            "form": form,
            "adminform": helpers.AdminForm(form, [(None, {"fields": list(form.fields)})], {}),
            "is_popup": IS_POPUP_VAR in request.GET or IS_POPUP_VAR in request.POST,
            "is_popup_var": IS_POPUP_VAR,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/articles/image/upload.html", context)

    def _save_uploads(self, request, form) -> list[Image]:
        """Good files are kept even when others in the batch are refused; each gets its own message."""
        details = {key: form.cleaned_data[key] for key in ("alt_text", "caption", "credit", "source")}
        saved = []
        limit = settings.NEWSROOM["IMAGE_MAX_BYTES"]
        for upload in form.cleaned_data["files"]:
            if upload.size > limit:  # before reading it into memory
                form.add_error(
                    "files",
                    f"{upload.name}: the file is {upload.size / 1048576:.1f} MB; the limit is {limit // 1048576} MB.",
                )
                continue
            try:
                image, created = services.save_image(
                    data=upload.read(), filename=upload.name, user=request.user, **details
                )
            except ValidationError as exc:
                form.add_error("files", exc)
                continue
            saved.append(image)
            self._report_upload(request, upload.name, image, created)
        return saved

    def _report_upload(self, request, name: str, image: Image, created: bool) -> None:
        url = reverse("admin:articles_image_change", args=[image.pk])
        if created:
            messages.success(request, format_html('Added <a href="{}">{}</a>.', url, name))
        else:
            messages.warning(
                request,
                format_html(
                    '{} is already in the library: <a href="{}">the existing picture</a> is used instead of a copy.',
                    name,
                    url,
                ),
            )

    def _after_upload(self, request, saved: list[Image]):
        if IS_POPUP_VAR in request.POST or IS_POPUP_VAR in request.GET:
            return self.response_add(request, saved[0])
        if len(saved) == 1:
            return redirect("admin:articles_image_change", saved[0].pk)
        ids = ",".join(str(image.pk) for image in saved)
        return redirect(f"{reverse('admin:articles_image_changelist')}?id__in={ids}")

    def lookup_allowed(self, lookup, value, request=None):
        return lookup == "id__in" or super().lookup_allowed(lookup, value, request)

    # --- the body editor's picture search ---

    def library_view(self, request):
        """JSON for the article editor's "insert a picture": a page of matches, never the whole library."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        term = request.GET.get("q", "").strip()
        found = Image.objects.all()
        if term:
            found = found.filter(Q(alt_text__icontains=term) | Q(caption__icontains=term) | Q(credit__icontains=term))
        return JsonResponse({"results": [_library_entry(image) for image in found[:LIBRARY_RESULTS]]})


def _in_stories_past_draft(image: Image) -> bool:
    locked = Article.objects.filter(status__in=EDITOR_ONLY_STATUSES)
    return (
        locked.filter(lead_image=image).exists()
        or ArticleImage.objects.filter(image=image, article__status__in=EDITOR_ONLY_STATUSES).exists()
    )


def _library_entry(image: Image) -> dict:
    hero = renditions.rendition(image, "hero")
    return {
        "id": image.pk,
        "thumb": renditions.rendition(image, "thumb").src,
        "src": hero.src,
        "width": hero.width,
        "height": hero.height,
        "alt": image.alt_text,
        "caption": image.caption,
        "credit": image.credit,
    }
