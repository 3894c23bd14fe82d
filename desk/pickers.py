"""Pickers that identify what they offer: the admin's autocomplete answers, with whatever the chosen model's admin
adds to each result (``describe_choice(obj) -> dict``), e.g. a story's section, status, date and thumbnail beside
its headline, so two stories with one headline can be told apart. The shell knows no model: each ModelAdmin that
wants it defines ``describe_choice``; static/js/desk-pickers.js draws the extra keys (``meta``, ``thumb``)."""

from __future__ import annotations

from django.contrib.admin.views.autocomplete import AutocompleteJsonView


class DescribedAutocompleteJsonView(AutocompleteJsonView):
    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        describe = getattr(self.model_admin, "describe_choice", None)
        return result | describe(obj) if describe else result


def autocomplete_view(site):
    """The admin site's ``autocomplete_view`` (set by DeskConfig.ready)."""
    view = DescribedAutocompleteJsonView.as_view(admin_site=site)

    def answer(request):
        return view(request)

    return answer
