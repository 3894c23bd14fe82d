"""The picture library: a grid of cards with search and filters, a picture's page with its focal point and crops, uploads
(one or many, checked and de-duplicated), where-used, and the body editor's picture search."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IS_POPUP_VAR
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from unfold.admin import checkbox
from unfold.widgets import UnfoldAdminDecimalFieldWidget, UnfoldAdminTextInputWidget

from articles import renditions, services
from articles.admin import crops, drop, image_filters, pickers
from articles.admin.forms import ImageUploadForm
from articles.models import EDITOR_ONLY_STATUSES, Article, ArticleImage, Image
from articles.permissions import may_publish
from articles.tasks import make_image_renditions
from desk.base import ModelAdmin

LIBRARY_RESULTS = 20
WHERE_USED_LIMIT = 50


class LabelledTextInput(UnfoldAdminTextInputWidget):
    """A list field that names itself: in a card there is no column heading above it."""

    def __init__(self, label: str, attrs=None):
        super().__init__(attrs)
        self.label = label

    def render(self, name, value, attrs=None, renderer=None):
        field = super().render(name, value, attrs, renderer)
        return format_html('<label for="{}" class="picture-card-label">{}</label>{}', attrs["id"], self.label, field)


class FocalPointInput(UnfoldAdminDecimalFieldWidget):
    def __init__(self):
        super().__init__({"step": "0.01", "min": "0", "max": "1", "class": "focal-input"})


class ImageForm(forms.ModelForm):
    class Meta:
        model = Image
        fields = ["alt_text", "caption", "credit", "source", "focal_x", "focal_y"]
        labels = {"focal_x": "Focal point across", "focal_y": "Focal point down"}
        help_texts = {
            "focal_x": "0 is the left edge, 1 the right. Clicking the picture sets both.",
            "focal_y": "0 is the top edge, 1 the bottom. Crops keep this point in the frame.",
        }
        widgets = {"focal_x": FocalPointInput(), "focal_y": FocalPointInput()}


@admin.register(Image)
class ImageAdmin(ModelAdmin):
    form = ImageForm
    # Cards, not a table (templates/admin/articles/image/change_list_results.html): each cell below is a line of
    # the card, and the select box, links and list fields are the table's own, so actions work as before.
    list_display = ["card_picture", "alt_text", "credit", "card_caption", "dimensions", "used_in", "card_uploaded"]
    list_display_links = ["card_picture"]
    # Typing alt text and credits straight into the list after a multiple upload.
    list_editable = ["alt_text", "credit"]
    list_filter = [
        image_filters.UsageFilter,
        image_filters.CreditFilter,
        image_filters.SourceFilter,
        image_filters.UploadedByFilter,
        ("created_at", image_filters.UploadedDateFilter),
    ]
    list_filter_submit = True  # the date range is a form
    list_select_related = ["uploaded_by"]
    search_fields = ["alt_text", "caption", "credit", "source", "original_name"]
    search_help_text = "Alt text, caption, credit, source or the uploaded file's name."
    list_per_page = 48  # rows of 2, 3 or 4 cards
    fieldsets = [
        (None, {"fields": ["alt_text", "caption", "credit", "source"]}),
        ("Focal point and crops", {"fields": ["focal_point", "focal_x", "focal_y"]}),
        ("The file", {"fields": ["dimensions", "fit", "uploaded", "where_used"]}),
    ]
    readonly_fields = ["focal_point", "fit", "dimensions", "uploaded", "where_used"]

    class Media:
        js = ["js/focal-point.js"]  # styles: css/desk-pictures.css, on every desk page (newsroom/desk.py)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("upload/", view(self.upload_view), name="articles_image_upload"),
            path("drop/", view(self.drop_view), name="articles_image_drop"),
            path("library/", view(self.library_view), name="articles_image_library"),
            *super().get_urls(),
        ]

    def describe_choice(self, obj):
        """Each picture in a picker (the lead picture's): its thumbnail, credit, size and date (desk.pickers)."""
        return pickers.describe_picture(obj)

    # --- the grid of cards ---

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(lead_uses=_uses(Article, "lead_image"), body_uses=_uses(ArticleImage, "image"))
        )

    def get_list_display(self, request):
        if may_publish(request.user):
            return self.list_display
        # Writers have no list fields (see get_changelist_instance): the card says alt text and credit instead.
        return [{"alt_text": "card_alt", "credit": "card_credit"}.get(name, name) for name in self.list_display]

    def get_changelist_form(self, request, **kwargs):
        alt = LabelledTextInput("Alt text", {"placeholder": "Missing: needed to publish"})
        widgets = {"alt_text": alt, "credit": LabelledTextInput("Credit")}
        return super().get_changelist_form(request, widgets=widgets, **kwargs)

    def action_checkbox(self, obj):
        # Each box says which picture it selects (unfold's all say "Select record").
        return checkbox.render(helpers.ACTION_CHECKBOX_NAME, str(obj.pk), {"aria-label": f"Select {_name(obj)}"})

    action_checkbox.short_description = ModelAdmin.action_checkbox.short_description

    @admin.display(description="picture")
    def card_picture(self, obj):
        # From the row alone (renditions are named by content hash): no query, no file access.
        thumb = renditions.rendition(obj, "thumb")
        return format_html(
            '<img src="{}" alt="{}" width="{}" height="{}" class="picture-card-thumb" loading="lazy">',
            thumb.src,
            obj.alt_text or f"No alt text yet: {_name(obj)}",
            thumb.width,
            thumb.height,
        )

    @admin.display(description="alt text")
    def card_alt(self, obj):
        return obj.alt_text or mark_safe('<span class="picture-card-missing">No alt text yet</span>')

    @admin.display(description="credit")
    def card_credit(self, obj):
        return f"Credit: {obj.credit}" if obj.credit else "No credit"

    @admin.display(description="caption")
    def card_caption(self, obj):
        return Truncator(obj.caption).chars(90)

    @admin.display(description="used in")
    def used_in(self, obj):
        lead, body = getattr(obj, "lead_uses", 0), getattr(obj, "body_uses", 0)
        if not (lead or body):
            return "Not in any story"
        parts = [f"lead of {lead}" if lead else "", f"in the body of {body}" if body else ""]
        return "Used as " + " and ".join(part for part in parts if part) + (" stories" if lead + body > 1 else " story")

    @admin.display(description="uploaded", ordering="created_at")
    def card_uploaded(self, obj):
        return f"{obj.created_at:%d %b %Y} by {obj.uploaded_by or 'an import'}"

    # --- the change page ---

    @admin.display(description="focal point")
    def focal_point(self, obj):
        return crops.render_picker(obj)

    @admin.display(description="size for each use")
    def fit(self, obj):
        warnings = crops.size_warnings(obj, renditions.RENDITIONS)
        if not warnings:
            return "Large enough for every use."
        return format_html(
            '<ul class="picture-too-small">{}</ul>', format_html_join("", "<li>{}</li>", ((w,) for w in warnings))
        )

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
            # A new focal point names new crops, which pages link as soon as this commits: made now (a fraction
            # of a second), so no page links a crop that is not there; the worker retries if the storage failed.
            drop.make_renditions_now(obj)
            transaction.on_commit(lambda: make_image_renditions.enqueue(obj.pk))

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields

    def has_change_permission(self, request, obj=None):
        # A picture in a story that has gone out is part of what readers see: like the story, only editors change it.
        if obj is not None and not may_publish(request.user) and _in_stories_past_draft(obj):
            return False
        return super().has_change_permission(request, obj)

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        if not may_publish(request.user):
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
            drop.make_renditions_now(image)  # before any page can show it (the worker only retries a failure)
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

    # --- a picture dropped or pasted on the story form ---

    def drop_view(self, request):
        """One file posted by the story form (static/js/desk-picture-drop.js): checked, de-duplicated and kept like
        any upload; answers the picture's id, thumbnail and what its file says (caption, credit, byline, alt,
        date) as JSON, or the reason it was refused (400)."""
        if request.method != "POST":
            return JsonResponse({"error": "Post a picture."}, status=405)
        if not self.has_add_permission(request):
            raise PermissionDenied
        upload = request.FILES.get("file")
        if upload is None:
            return JsonResponse({"error": "No file came with the request."}, status=400)
        limit = settings.NEWSROOM["IMAGE_MAX_BYTES"]
        if upload.size > limit:  # before reading it into memory
            error = f"{upload.name}: the file is {upload.size / 1048576:.1f} MB; the limit is {limit // 1048576} MB."
            return JsonResponse({"error": error}, status=400)
        data = upload.read()
        try:
            image, created = services.save_image(data=data, filename=upload.name, user=request.user)
        except ValidationError as exc:
            return JsonResponse({"error": " ".join(exc.messages)}, status=400)
        drop.make_renditions_now(image)
        return JsonResponse(drop.answer(image, created=created, data=data))

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


def _uses(model, field: str):
    """How many stories use the picture this way, as a subquery of the list's one query (no query per card)."""
    stories = model.objects.filter(**{field: OuterRef("pk")}).order_by().values(field)
    counted = stories.annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _name(image: Image) -> str:
    return image.alt_text or image.original_name or f"picture {image.pk}"


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
        # Said before it is placed: a body picture is drawn from the hero rendition.
        "warning": " ".join(crops.size_warnings(image, crops.BODY)),
    }
