"""The desk's ModelAdmin: unfold's, with form media that carries the page's CSP nonce.

Django's own admin templates print media with ``{% csp_nonce_attr media %}``; unfold's print ``{{ media }}``, so the
prose editor's import map (an inline script) would be refused by the Content-Security-Policy and the editor would
not start. Every ModelAdmin of the project derives from this one.
"""

from django.middleware.csp import get_nonce
from unfold.admin import ModelAdmin as UnfoldModelAdmin
from unfold.admin import StackedInline, TabularInline


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


class ModelAdmin(UnfoldModelAdmin):
    def render_change_form(self, request, context, *args, **kwargs):
        if "media" in context:
            context["media"] = NoncedMedia(context["media"], get_nonce(request))
        return super().render_change_form(request, context, *args, **kwargs)


__all__ = ["ModelAdmin", "StackedInline", "TabularInline"]
