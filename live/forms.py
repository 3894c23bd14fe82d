"""The desk's forms for a live blog: the coverage itself, the quick update form (type, optionally add a picture,
Post), and correcting an update. The rules (whose story, what an update needs) are the services'; the forms ask
them while validating, so a refusal is shown on the form with what was typed kept."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django_prose_editor.fields import ProseEditorFormField
from django_prose_editor.widgets import AdminProseEditorWidget

from articles import body as body_markup
from articles.admin.forms import BODY_EXTENSIONS
from articles.models import Article, Image
from articles.permissions import may_edit_story
from desk.base import DeskForm
from live import services
from live.models import LiveCoverage


class LiveCoverageForm(forms.ModelForm):
    """Adding live coverage names a story: only one the user may edit (the search offers every story)."""

    user = None  # set per request by the admin's get_form

    class Meta:
        model = LiveCoverage
        fields = ["article", "state", "started_at", "ended_at"]

    def clean_article(self):
        article = self.cleaned_data["article"]
        if not may_edit_story(self.user, article):
            raise forms.ValidationError(
                "This story is live, scheduled or withdrawn: only editors can put it under live coverage."
            )
        return article


class LiveUpdateForm(DeskForm):
    title = forms.CharField(max_length=200, required=False, help_text="Optional.")
    body = ProseEditorFormField(extensions=BODY_EXTENSIONS, required=False, widget=AdminProseEditorWidget)
    picture = forms.ModelChoiceField(
        Image.objects.all(),
        required=False,
        # The library's own search (the article form's lead-picture field names its admin).
        widget=AutocompleteSelect(Article._meta.get_field("lead_image"), admin.site),
        help_text="Optional: a picture from the library, placed after the text with its caption and credit.",
    )
    caption = forms.CharField(max_length=500, required=False, help_text="Overrides the picture's caption here.")
    key_event = forms.BooleanField(required=False, label="Key event", help_text="Listed at the top of the page.")

    def clean(self):
        cleaned = super().clean()
        if not body_markup.has_content(cleaned.get("body") or "") and not cleaned.get("picture"):
            raise forms.ValidationError("Type the update, or choose a picture.")
        return cleaned

    def body_html(self) -> str:
        """The update's body as stored: the text, then the picture as a figure with its caption and credit."""
        text = body_markup.from_editor(self.cleaned_data.get("body") or "")
        picture = self.cleaned_data.get("picture")
        if picture is None:
            return text
        figure = body_markup.figure_html(
            image_id=picture.pk,
            src=picture.file.url,
            alt=picture.alt_text,
            caption=self.cleaned_data.get("caption") or picture.caption,
            credit=picture.credit,
        )
        return f"{text}\n{figure}"


class CorrectUpdateForm(forms.ModelForm):
    """Correcting an update in the admin: the same editor as the story's body."""

    # Not required: an empty body gets the services' own message, the same as one of markup alone.
    body = ProseEditorFormField(extensions=BODY_EXTENSIONS, required=False, widget=AdminProseEditorWidget)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "body" in self.initial:
            self.initial["body"] = body_markup.for_editor(self.initial["body"] or "")

    def clean_body(self):
        body = body_markup.from_editor(self.cleaned_data.get("body") or "")
        services.check_update_body(body)
        return body
