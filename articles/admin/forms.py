"""Admin forms: the article editor (rich text, tag autocompletes, edit conflicts), uploads, merges, scheduling."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AdminSplitDateTime, AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.templatetags.static import static
from django.utils import timezone
from django_prose_editor.fields import ProseEditorFormField
from django_prose_editor.widgets import AdminProseEditorWidget
from reversion.models import Version

from articles import body as body_markup
from articles import embeds, pending, services, story_fields
from articles.admin import pickers, workflow
from articles.models import Article, Correction, PendingChange, Region, StoryLock, Topic
from desk.base import DeskForm

BODY_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Strike": True,
    "Underline": True,
    "Subscript": True,
    "Superscript": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HorizontalRule": True,
    "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "Figure": True,
    "Image": True,
    "Caption": True,
    # The picture credit inside a caption: <span class="credit">, which the body sanitiser keeps.
    "TextClass": {"cssClasses": [{"className": "credit", "title": "Picture credit"}]},
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    "HTML": True,
    "History": True,
    "SpecialCharacters": True,
    # Posts from YouTube, Vimeo, X…: static/js/prose-embed.js (BodyEditorWidget), stored by articles.embeds.
    "Embed": True,
}

STALE_MESSAGE = (
    "{who} saved this article at {time}, after you opened it. Your changes have not been saved, so as not to "
    "overwrite theirs, but they are still in the form below and kept as your draft: reload the page to see the "
    "story as {who} left it, and choose Restore to continue from your text."
)
TAKEN_OVER_MESSAGE = (
    "{who} took this story over at {time}: your changes have not been saved, so as not to overwrite their work. "
    "They are still in the form below and kept as your draft: take the story back, or ask {who}, then choose Restore."
)


def _tag_field(model, field_name: str, help_text: str) -> forms.ModelMultipleChoiceField:
    # The admin autocomplete asks the server by search term; only the chosen tags are ever rendered.
    widget = AutocompleteSelectMultiple(Article._meta.get_field(field_name), admin.site)
    return forms.ModelMultipleChoiceField(model.objects.all(), required=False, widget=widget, help_text=help_text)


class BodyEditorWidget(AdminProseEditorWidget):
    """The admin's prose editor with Newsroom's own extension module (the Embed button and paste handler)."""

    def get_config(self):
        config = super().get_config()
        return config | {"js_modules": [*config.get("js_modules", []), static("js/prose-embed.js")]}


class ArticleAdminForm(forms.ModelForm):
    body = ProseEditorFormField(extensions=BODY_EXTENSIONS, required=False, widget=BodyEditorWidget)
    minor_edit = forms.BooleanField(
        label="Minor edit (typo fix) — don't change the public 'Updated' time",
        required=False,
        help_text="For a live story: readers, feeds and search engines keep seeing the last real update's time.",
    )
    regions = _tag_field(Region, "regions", "Pick from the curated list; editors add new regions.")
    topics = _tag_field(Topic, "topics", "Pick existing topics; new ones are added in the Topic list.")
    # The version of the row this form was opened on; a save based on an older one is refused.
    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Article
        fields = list(story_fields.NAMES)  # which of them a draft keeps, and why the rest are left out
        widgets = {
            "headline": forms.TextInput(
                attrs={"class": "vLargeTextField", "style": "width: 100%; box-sizing: border-box; font-size: 1.2em"}
            ),
            # A box that grows to the whole slug (a long one wraps at its hyphens) instead of cutting it off.
            "slug": forms.Textarea(attrs={"rows": 1, "class": "desk-slug", "spellcheck": "false"}),
            "standfirst": forms.Textarea(attrs={"rows": 3}),
            "lead_image_caption": forms.Textarea(attrs={"rows": 2}),
        }

    # Set while a revision is being restored: the row then holds the old version's values, so the
    # version to compare with is the one read before the restore began.
    current_version: int | None = None
    # Set per request by the admin (get_form): who is saving, a kept draft's values to open with, and a reason this
    # save cannot go through whatever was typed (the story became an editor's while a writer typed).
    editing_user = None
    restored: dict | None = None
    refusal: str = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.lock_version if self.current_version is None else self.current_version
        self.initial.setdefault("opened_version", current)
        if not self.instance.pk and "minor_edit" in self.fields:  # a new story has no public time to keep
            self.fields["minor_edit"].widget = forms.HiddenInput()
        change = self.pending_change
        if change is not None:  # continue from the pending version, not the live one
            self.initial.update(pending.form_initial(change.data))
        if self.restored:  # the editor chose to continue from their kept draft
            self.initial.update(self.restored)
        if "body" in self.initial:
            self.initial["body"] = body_markup.for_editor(self.initial["body"] or "")

    @property
    def pending_change(self) -> PendingChange | None:
        if not self.instance.pk:
            return None
        try:
            return self.instance.pending_change  # select_related by the admin's queryset
        except PendingChange.DoesNotExist:
            return None

    def clean_slug(self):
        """A slug another story has is made unique by itself ("-2"), and the editor is told (``slug_note``)."""
        slug = self.cleaned_data.get("slug") or ""
        if not slug:
            return slug  # made from the headline on save, unique already
        free = services.free_slug(slug, article=self.instance)
        if free != slug:
            other = Article.objects.filter(slug=slug).select_related("section").first()
            whose = f"“{other.headline}” ({pickers.meta(other)})" if other else "another story"
            self.slug_note = f"The address “{slug}” belongs to {whose}: this story's is “{free}”."
        return free

    slug_note = ""

    def clean_body(self):
        body = body_markup.from_editor(self.cleaned_data.get("body") or "")
        refused = embeds.unknown(body)
        if refused:
            raise ValidationError(
                "Only posts from YouTube, Vimeo, X, Instagram, TikTok, Bluesky and Facebook can be embedded; "
                f"this address is not one of theirs: {refused[0]}"
            )
        return embeds.complete(body)  # names new embeds (their oEmbed title), never fails the save

    def clean(self):
        cleaned = super().clean()
        if self.refusal:
            raise ValidationError(self.refusal, code="locked")
        if self.instance.pk:
            self._refuse_if_taken_over()
            self._refuse_stale_save(cleaned.get("opened_version"))
        if workflow.SAVE_PENDING in self.data:  # what a draft cannot keep is refused, never silently dropped
            for name in set(story_fields.REFUSED_IN_DRAFT) & set(self.changed_data):
                self.add_error(name, story_fields.REFUSED_IN_DRAFT[name])
        return cleaned

    def pending_data(self) -> dict:
        """What "Save changes as draft" keeps: this form's values of the fields a draft keeps, and for those this
        user's form leaves out (read-only for a writer), what the earlier draft kept."""
        change = self.pending_change
        earlier = change.data if change else {}
        kept = {name: earlier[name] for name in pending.FIELDS if name in earlier}
        return kept | {name: self.cleaned_data[name] for name in pending.FIELDS if name in self.cleaned_data}

    def _refuse_if_taken_over(self) -> None:
        """Another editor took the story over from this one (articles.admin.editing): their work is not written
        over; this form's is kept as a draft. (Someone who merely has it open does not stop a save: the stale-save
        check below keeps whoever saves second from writing over the first.)"""
        if self.editing_user is None:
            return
        lock = (
            StoryLock.objects.held()
            .filter(article_id=self.instance.pk, taken_from=self.editing_user)
            .exclude(user=self.editing_user)
            .select_related("user")
            .first()
        )
        if lock is not None:
            who = lock.user.get_full_name() or lock.user.get_username()
            time = timezone.localtime(lock.since).strftime("%H:%M")
            raise ValidationError(TAKEN_OVER_MESSAGE.format(who=who, time=time), code="taken_over")

    def _refuse_stale_save(self, opened_on: int | None) -> None:
        # The row stays locked until the admin's transaction ends, so no save slips in between.
        current = (
            Article.objects.select_for_update().filter(pk=self.instance.pk).values("lock_version", "updated_at").first()
        )
        if current and self.current_version is not None:
            current["lock_version"] = self.current_version
        if current is None or current["lock_version"] == opened_on:
            return
        version = Version.objects.get_for_object(self.instance).select_related("revision__user").first()
        user = version.revision.user if version else None
        who = (user.get_full_name() or user.get_username()) if user else "Someone else"
        time = timezone.localtime(current["updated_at"]).strftime("%H:%M")
        raise ValidationError(STALE_MESSAGE.format(who=who, time=time), code="stale")


class CorrectionForm(forms.ModelForm):
    """A correction in the article's page: writers draft, editors make public (and only they change a public one)."""

    make_public = forms.BooleanField(
        label="public", required=False, help_text="Shown on the story and at /corrections/ (editors only)."
    )
    may_publish = False  # set per request by the inline

    class Meta:
        model = Correction
        fields = ["kind", "text", "make_public"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2, "cols": 60})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        public = self.instance.published_at is not None
        self.fields["make_public"].initial = public
        if public or not self.may_publish:
            self.fields["make_public"].disabled = True
        if public and not self.may_publish:
            for name in ("kind", "text"):
                self.fields[name].disabled = True


class KnownChoiceAutocomplete(AutocompleteSelect):
    """An autocomplete that shows the row's chosen object from the row itself, not one query per inline row."""

    known: dict[str, str] = {}

    def optgroups(self, name, value, attr=None):
        chosen = [str(v) for v in value if str(v) not in self.choices.field.empty_values]
        if not chosen or not set(chosen) <= self.known.keys():
            return super().optgroups(name, value, attr)
        options = [] if self.is_required else [self.create_option(name, "", "", False, 0)]
        options += [self.create_option(name, pk, self.known[pk], True, len(options)) for pk in chosen]
        return [(None, options, 0)]


class InlineRowForm(forms.ModelForm):
    """For ordered inline rows (byline, pinned stories) whose queryset select_related()s ``known_field``."""

    known_field = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        related_id = getattr(self.instance, f"{self.known_field}_id", None)
        widget = self.fields[self.known_field].widget
        inner = getattr(widget, "widget", widget)  # inside the admin's add/change-related wrapper
        if related_id and isinstance(inner, KnownChoiceAutocomplete):
            inner.known = {str(related_id): str(getattr(self.instance, self.known_field))}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Django's documented pattern for <input type=file multiple>: cleans to a list of files."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class ImageUploadForm(DeskForm):
    files = MultipleFileField(
        label="Pictures",
        help_text="Choose one picture or several at once.",
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}),
    )
    alt_text = forms.CharField(
        max_length=300, required=False, help_text="Applied to every picture here; edit each one afterwards."
    )
    caption = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    credit = forms.CharField(max_length=200, required=False, help_text='Who took or supplied it: "PA".')
    source = forms.CharField(max_length=200, required=False)


class MergeTagsForm(DeskForm):
    """Which of the two chosen tags survives; the other's articles move to it."""

    target = forms.ChoiceField(label="Keep", widget=forms.RadioSelect)

    def __init__(self, *args, tags, **kwargs):
        super().__init__(*args, **kwargs)
        self.tags = list(tags)
        self.fields["target"].choices = [(str(tag.pk), tag.name) for tag in self.tags]

    def merge_pair(self):
        target_pk = self.cleaned_data["target"]
        target = next(tag for tag in self.tags if str(tag.pk) == target_pk)
        source = next(tag for tag in self.tags if str(tag.pk) != target_pk)
        return source, target


class ScheduleForm(DeskForm):
    at = forms.SplitDateTimeField(label="Publish at", widget=AdminSplitDateTime)

    def clean_at(self):
        at = self.cleaned_data["at"]
        if at <= timezone.now():
            raise ValidationError("Choose a time in the future.")
        return at
