"""The desk's pages, menus and site settings (unfold, through the project's ModelAdmin)."""

from pathlib import PurePosixPath

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django_prose_editor.fields import ProseEditorFormField
from django_prose_editor.widgets import AdminProseEditorWidget

from articles import picture_checks
from articles.renditions import EXTENSIONS
from desk.base import ModelAdmin
from pages.models import MenuItem, Page, SiteSettings

PAGE_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Heading": {"levels": [2, 3]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "History": True,
}


class PageForm(forms.ModelForm):
    body = ProseEditorFormField(extensions=PAGE_EXTENSIONS, required=False, widget=AdminProseEditorWidget)

    class Meta:
        model = Page
        fields = ["title", "slug", "body", "published", "seo_description"]


@admin.register(Page)
class PageAdmin(ModelAdmin):
    form = PageForm
    list_display = ["title", "slug", "published", "updated_at"]
    list_filter = ["published"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(MenuItem)
class MenuItemAdmin(ModelAdmin):
    list_display = ["__str__", "location", "position", "target"]
    list_editable = ["position"]
    list_filter = ["location"]
    list_select_related = ["page", "section"]
    fields = ["location", "label", "page", "section", "url", "position"]

    @admin.display(description="goes to")
    def target(self, obj):
        if obj.page_id:
            return f"Page: {obj.page}"
        return f"Section: {obj.section}" if obj.section_id else obj.url


def checked_picture(upload, *, formats: tuple[str, ...], box: picture_checks.Box, square: bool = False):
    """The upload checks every picture gets (``check_upload``: a real picture, within the byte and pixel limits; every
    pixel readable), the formats this use accepts, and the picture cut to the size it is shown at: a 40-megapixel
    logo is not sent to every reader in every page's header."""
    if not upload or not hasattr(upload, "read"):
        return upload  # unchanged, or cleared
    data = upload.read()
    upload.seek(0)
    width, height, fmt = picture_checks.check_picture(data, name=upload.name)
    if fmt not in formats:
        raise ValidationError(f"{upload.name}: use a {' or '.join(formats)} picture.")
    if square and (width != height or not 32 <= width <= 512):
        raise ValidationError(
            f"{upload.name}: a favicon is square, 32 to 512 pixels a side (this is {width}×{height})."
        )
    # Stored under the extension of what the bytes are (a JPEG called masthead.png is kept as a .jpg), so the type
    # a web server or the bucket gives it agrees with them.
    upload.name = f"{PurePosixPath(upload.name).stem or 'picture'}.{EXTENSIONS[fmt]}"
    return picture_checks.fitted_upload(upload, data, box, fmt=fmt)


NOT_A_WHOLE_PICTURE = "Upload a valid image: this file is damaged, cut short or not a picture at all."


class SiteSettingsForm(forms.ModelForm):
    class Meta:
        model = SiteSettings
        fields = ["logo", "favicon"]
        # Django's own check (a header and Pillow's verify()) answers first for files it cannot open at all.
        error_messages = {name: {"invalid_image": NOT_A_WHOLE_PICTURE} for name in fields}

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        return checked_picture(logo, formats=("PNG", "WEBP", "JPEG"), box=picture_checks.LOGO_BOX)

    def clean_favicon(self):
        favicon = self.cleaned_data.get("favicon")
        return checked_picture(favicon, formats=("PNG",), box=picture_checks.FAVICON_BOX, square=True)


@admin.register(SiteSettings)
class SiteSettingsAdmin(ModelAdmin):
    """One row: the list opens it (or the form to make it); never a second one, never deleted."""

    form = SiteSettingsForm

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        # The files first: a storage that refuses them stops the save before the row is written.
        shown = {"logo": "The logo", "favicon": "The favicon"}
        picture_checks.commit_pending_files(obj, ["logo", "favicon"], shown=shown)
        super().save_model(request, obj, form, change)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except picture_checks.StorageFailed as failed:  # the admin's transaction rolled the row back
            messages.error(request, failed.message)
            return redirect(request.get_full_path())

    def changelist_view(self, request, extra_context=None):
        row = SiteSettings.objects.first()
        if row is not None and self.has_view_or_change_permission(request, row):
            return redirect(reverse("admin:pages_sitesettings_change", args=[row.pk]))
        if row is None and self.has_add_permission(request):
            return redirect(reverse("admin:pages_sitesettings_add"))
        return super().changelist_view(request, extra_context)
