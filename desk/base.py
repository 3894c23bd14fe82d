"""The desk's ModelAdmin: unfold's, with form media that carries the page's CSP nonce.

Django's own admin templates print media with ``{% csp_nonce_attr media %}``; unfold's print ``{{ media }}``, so the
prose editor's import map (an inline script) would be refused by the Content-Security-Policy and the editor would
not start. Every ModelAdmin of the project derives from this one.
"""

from django import forms
from django.contrib.admin.widgets import AdminSplitDateTime
from django.middleware.csp import get_nonce
from unfold.admin import ModelAdmin as UnfoldModelAdmin
from unfold.admin import StackedInline, TabularInline
from unfold.widgets import (
    UnfoldAdminRadioSelectWidget,
    UnfoldAdminSelectWidget,
    UnfoldAdminSplitDateTimeWidget,
    UnfoldAdminTextareaWidget,
    UnfoldAdminTextInputWidget,
    UnfoldBooleanSwitchWidget,
)


class NoncedMedia:
    """Form media rendered with a nonce on every script tag (the import map's included)."""

    def __init__(self, media, nonce):
        self.media, self.nonce = media, nonce

    def __str__(self):
        return self.media.render(attrs={"nonce": str(self.nonce)} if self.nonce is not None else None)

    __html__ = __str__

    def __add__(self, other):
        return NoncedMedia(self.media + other, self.nonce)

    def __getitem__(self, name):
        return NoncedMedia(self.media[name], self.nonce)

    def __getattr__(self, name):
        return getattr(self.media, name)


def _nonced(request, response):
    context = getattr(response, "context_data", None)
    if context and "media" in context and not isinstance(context["media"], NoncedMedia):
        context["media"] = NoncedMedia(context["media"], get_nonce(request))
    return response


class ModelAdmin(UnfoldModelAdmin):
    """Every page of a ModelAdmin prints its media with the page's nonce: the change form, and the list, delete and
    history pages too (an admin whose media carries an import map would otherwise break there)."""

    def render_change_form(self, request, context, *args, **kwargs):
        if "media" in context:
            context["media"] = NoncedMedia(context["media"], get_nonce(request))
        return super().render_change_form(request, context, *args, **kwargs)

    def changelist_view(self, request, extra_context=None):
        return _nonced(request, super().changelist_view(request, extra_context))

    def delete_view(self, request, object_id, extra_context=None):
        return _nonced(request, super().delete_view(request, object_id, extra_context))

    def history_view(self, request, object_id, extra_context=None):
        return _nonced(request, super().history_view(request, object_id, extra_context))


# Plain widgets and their unfold look-alikes (exact types only: a subclass may behave differently).
DESK_WIDGETS = {
    forms.TextInput: UnfoldAdminTextInputWidget,
    forms.Textarea: UnfoldAdminTextareaWidget,
    forms.Select: UnfoldAdminSelectWidget,
    forms.RadioSelect: UnfoldAdminRadioSelectWidget,
    forms.CheckboxInput: UnfoldBooleanSwitchWidget,
    forms.SplitDateTimeWidget: UnfoldAdminSplitDateTimeWidget,
    AdminSplitDateTime: UnfoldAdminSplitDateTimeWidget,
}


class DeskForm(forms.Form):
    """A form on one of the desk's own pages (upload, schedule, merge), drawn with unfold's widgets like the model
    forms around it; the fields keep their attributes and choices."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            desk_widget = DESK_WIDGETS.get(type(field.widget))
            if desk_widget is not None:
                widget = desk_widget(attrs={**field.widget.attrs})
                if hasattr(field.widget, "choices"):
                    widget.choices = field.widget.choices
                field.widget = widget


__all__ = ["DeskForm", "ModelAdmin", "StackedInline", "TabularInline"]
