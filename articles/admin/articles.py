"""The article desk: list, edit form, workflow buttons and actions, revision history with compare and restore."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from reversion_compare.admin import CompareVersionAdmin

from articles import history, renditions, services
from articles.admin import buttons, crops, editing, pickers, workflow
from articles.admin.filters import (
    ExpiryListFilter,
    HeldImportListFilter,
    MineListFilter,
    PictureWarningListFilter,
    RegionListFilter,
    StateListFilter,
    TopicListFilter,
)
from articles.admin.forms import ArticleAdminForm, CorrectionForm, InlineRowForm, KnownChoiceAutocomplete, ScheduleForm
from articles.models import Article, ArticleAuthor, Correction, PendingChange, PinnedRelation, Status, StoryLock
from articles.permissions import EDIT_PERMISSION, may_edit, may_propose, may_publish
from desk.base import ModelAdmin, TabularInline

ACCEPTED_PICTURES = "image/jpeg,image/png,image/webp,image/gif"


def _editable(request, article: Article | None) -> bool:
    if article is None:
        return True
    # While a revision is being restored the row holds the old version; the rule follows the story as it was.
    snapshot = getattr(request, "_article_before_restore", None)
    return may_edit(request.user, snapshot["status"] if snapshot else article.status)


class FollowsArticleRule:
    """Inline rows follow the story's rule: a writer cannot change the authors or links of a live story."""

    def has_add_permission(self, request, obj=None):
        return _editable(request, obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return _editable(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return _editable(request, obj) and super().has_delete_permission(request, obj)


class OrderedRowsInline(FollowsArticleRule, TabularInline):
    """Ordered rows chosen by autocomplete; the chosen objects come in one join, not a query per row."""

    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(self.form.known_field)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == self.form.known_field:
            kwargs["widget"] = KnownChoiceAutocomplete(db_field, self.admin_site)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ArticleAuthorForm(InlineRowForm):
    known_field = "author"


class PinnedRelationForm(InlineRowForm):
    known_field = "to_article"


class ArticleAuthorInline(OrderedRowsInline):
    model = ArticleAuthor
    form = ArticleAuthorForm
    fields = ["author", "position"]
    verbose_name_plural = "byline (in order)"


class PinnedRelationInline(OrderedRowsInline):
    model = PinnedRelation
    form = PinnedRelationForm
    fk_name = "from_article"
    fields = ["to_article", "position"]
    verbose_name_plural = "pinned related stories (shown first, in this order)"


class CorrectionInline(TabularInline):
    """Corrections are added on the story's page by anyone who edits stories, live ones included (a writer's is
    a draft); editors make them public. Public ones are the record: never deleted here."""

    model = Correction
    form = CorrectionForm
    extra = 0
    can_delete = False
    fields = ["kind", "text", "make_public", "published_at", "published_by"]
    readonly_fields = ["published_at", "published_by"]
    verbose_name_plural = "corrections, clarifications and editor’s notes (shown on the story once public)"

    def get_formset(self, request, obj=None, **kwargs):
        kwargs["form"] = type("CorrectionForm", (self.form,), {"may_publish": may_publish(request.user)})
        return super().get_formset(request, obj, **kwargs)

    def _edits_stories(self, request, obj=None):
        return request.user.has_perm(EDIT_PERMISSION)

    has_view_permission = has_add_permission = has_change_permission = _edits_stories

    def has_delete_permission(self, request, obj=None):
        return False


def _badges(obj) -> list[tuple[str, str]]:
    """(modifier class, words) for the article list: section, status, and what needs fixing."""
    state = "Scheduled" if obj.is_scheduled else "Expired" if obj.is_expired else obj.get_status_display()
    modifier = {"Published": "live", "Scheduled": "scheduled", "In review": "review", "Withdrawn": "withdrawn"}
    badges = [(f" desk-badge--{modifier[state]}" if state in modifier else "", state)]
    if obj.section_id:
        badges.insert(0, ("", obj.section.name))
    if _pending(obj):
        badges.append((" desk-badge--warning", "pending changes"))
    if obj.import_held_at:
        badges.append((" desk-badge--warning", "import held"))
    holder = _editing(obj)
    if holder:  # someone has the story open now (articles.admin.editing)
        badges.append((" desk-badge--editing", f"{holder} editing"))
    if not obj.lead_image_id:
        badges.append((" desk-badge--warning", "no picture"))
    elif not obj.lead_alt:
        badges.append((" desk-badge--danger", "picture needs alt text"))
    return badges


@admin.register(Article)
class ArticleAdmin(editing.EditingAdmin, CompareVersionAdmin, ModelAdmin):
    form = ArticleAdminForm
    change_form_template = "admin/articles/article/change_form.html"
    change_list_template = "admin/articles/article/change_list.html"
    # History says what happened, in words (articles.history), with reversion-compare's compare and restore.
    object_history_template = "reversion/article_history.html"
    # Fits 1280 px beside the sidebar: the story (headline, section and status badges, warnings), byline, time.
    list_display = ["story", "byline", "publish_time"]
    list_display_links = ["story"]
    list_filter = [
        StateListFilter,
        MineListFilter,
        "section",
        RegionListFilter,
        TopicListFilter,
        HeldImportListFilter,
        PictureWarningListFilter,
        ExpiryListFilter,
    ]
    list_filter_submit = True  # unfold: choose several filters, then apply them once
    search_fields = ["headline", "standfirst", "slug"]
    date_hierarchy = "published_at"
    list_per_page = 50
    autocomplete_fields = ["lead_image", "section", "source"]
    prepopulated_fields = {"slug": ["headline"]}
    inlines = [ArticleAuthorInline, PinnedRelationInline, CorrectionInline]
    actions = ["publish_now", "schedule", "withdraw", "submit_for_review", "dismiss_held_imports"]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "standfirst", "body", "picture_library", "opened_version"]}),
        ("Placement", {"fields": ["section", "regions", "topics", "source"]}),
        ("Lead image", {"fields": ["lead_image", "lead_image_preview", "lead_image_alt", "lead_image_caption"]}),
        (
            "Publishing",
            {
                "fields": [
                    "status_label",
                    "published_at",
                    "expires_at",
                    "first_published_at",
                    "updated_at",
                    "minor_edit",
                ]
            },
        ),
        ("Search and sharing", {"fields": ["seo_title", "seo_description", "canonical_url"], "classes": ["collapse"]}),
    ]

    class Media:
        css = {"all": ["css/admin.css"]}
        js = ["js/admin-picture-library.js", "js/desk-picture-drop.js", "js/desk-editing.js"]

    # --- list ---

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("section", "source", "lead_image", "pending_change__updated_by", "edit_lock__user")
            .prefetch_related(Prefetch("article_authors", queryset=ArticleAuthor.objects.select_related("author")))
        )

    @admin.display(description="status", ordering="status")
    def status_label(self, obj):
        label = "Scheduled" if obj.is_scheduled else "Expired" if obj.is_expired else obj.get_status_display()
        return f"{label} · pending changes" if _pending(obj) else label

    @admin.display(description="story", ordering="headline")
    def story(self, obj):
        return format_html(
            '<span class="story-cell"><span class="story-cell__headline">{}</span>'
            '<span class="story-cell__badges">{}</span></span>',
            obj.headline,
            format_html_join("", '<span class="desk-badge{}">{}</span>', _badges(obj)),
        )

    @admin.display(description="publish time", ordering="published_at")
    def publish_time(self, obj):
        if not obj.published_at:
            return "—"
        return format_html(
            '<time datetime="{}">{}</time>',
            obj.published_at.isoformat(),
            date_format(timezone.localtime(obj.published_at), "j M Y, H:i"),
        )

    def describe_choice(self, obj):
        """Each story in a picker (desk.pickers): section, status, date and thumbnail beside its headline."""
        return pickers.describe_story(obj)

    # --- form ---

    def get_readonly_fields(self, request, obj=None):
        readonly = ["status_label", "first_published_at", "updated_at", "lead_image_preview", "picture_library"]
        if not may_publish(request.user):
            readonly += ["published_at", "expires_at"]
        return readonly

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        per_request = {
            "editing_user": request.user,
            "restored": self.restored_values(request, obj),
            "refusal": getattr(request, "newsroom_refusal", ""),
        }
        snapshot = getattr(request, "_article_before_restore", None)
        if snapshot:
            per_request["current_version"] = snapshot["lock_version"]
        return type(form.__name__, (form,), per_request)

    def get_changeform_initial_data(self, request):
        return {**super().get_changeform_initial_data(request), **(self.restored_values(request, None) or {})}

    def view_on_site(self, obj):
        return obj.get_absolute_url() if obj.is_published else None

    @admin.display(description="picture")
    def lead_image_preview(self, obj):
        # Dropping, pasting or choosing a file here uploads it as the lead (static/js/desk-picture-drop.js).
        zone = format_html(
            '<div class="picture-drop" data-drop-target="lead" data-upload-url="{}" tabindex="0">'
            '<p class="picture-drop__hint">Drop a picture here, paste one, or '
            '<label class="picture-drop__choose">choose a file<input type="file" accept="{}" hidden></label>: '
            'its caption and credit come with it.</p><p class="picture-drop__status" aria-live="polite"></p></div>',
            reverse("admin:articles_image_drop"),
            ACCEPTED_PICTURES,
        )
        if not obj or not obj.lead_image_id:
            return format_html('<div class="lead-picture"><div class="lead-picture__chosen"></div>{}</div>', zone)
        thumb = renditions.rendition(obj.lead_image, "thumb")
        warnings = crops.lead_warnings(obj)  # too small for where a lead appears (the story page, cards, sharing)
        credit = f"Credit: {obj.lead_image.credit}" if obj.lead_image.credit else "No credit"
        return format_html(
            '<div class="lead-picture"><div class="lead-picture__chosen"><img src="{}" alt="{}" class="admin-thumb">'
            '<span class="lead-picture__credit">{}</span>{}</div>{}</div>',
            thumb.src,
            obj.lead_alt,
            credit,
            warnings,
            zone,
        )

    @admin.display(description="insert a picture")
    def picture_library(self, obj):
        url = reverse("admin:articles_image_library")
        return format_html(
            '<div class="picture-library" data-url="{}" data-target="id_body" data-upload-url="{}">'
            '<input type="search" placeholder="Search the picture library by alt text, caption or credit" '
            'aria-label="Search the picture library"><ul class="picture-library-results"></ul>'
            '<p class="help">Places the picture with its caption and credit where the cursor is. Or drop or paste '
            'picture files into the text, or <label class="picture-drop__choose">upload one<input type="file" '
            'accept="{}" multiple hidden data-body-upload></label> at the cursor.</p>'
            '<div class="picture-placeholders" hidden></div><p class="picture-drop__status" aria-live="polite"></p>'
            "{}</div>",
            url,
            reverse("admin:articles_image_drop"),
            ACCEPTED_PICTURES,
            crops.body_warnings(obj),  # pictures already in the body that are too small for the story page
        )

    def has_change_permission(self, request, obj=None):
        if obj is not None and getattr(request, "newsroom_refusal", ""):
            return True  # the refused form is shown again with what was typed (its clean() refuses the save)
        # A writer opens a live story to save pending changes (refused any other save: changeform_view).
        allowed = _editable(request, obj) or may_propose(request.user, obj)
        return allowed and super().has_change_permission(request, obj)

    def has_publish_permission(self, request):
        return may_publish(request.user)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        workflow.refuse_unless_allowed(request)
        article = self.get_object(request, unquote(object_id)) if object_id and request.method == "POST" else None
        if article is not None:
            workflow.never_plain_save_live(request, article)  # a live story's edits go live only by "Publish changes"
        # A writer may open a live story (to save pending changes), but no other save of it gets in. One who was
        # typing when an editor scheduled or published the story gets the form back with their words.
        writer_refused = article is not None and not may_publish(request.user) and not _editable(request, article)
        if writer_refused and not workflow.saves_pending(request):
            request.newsroom_refusal = workflow.no_longer_yours(article)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        kept_as = self.keep_refused(request, obj, form)  # a refused save: the form kept as this editor's draft
        refused = getattr(request, "newsroom_refusal", "")
        proposes_only = obj is not None and not _editable(request, obj) and not refused
        context.update(self.editing_context(request, obj, form), kept_as=kept_as, refused=bool(refused))
        if refused:  # nothing to press: the story is an editor's now
            context.update(can_edit=False, show_save=False, show_save_and_continue=False)
        context.update(
            can_publish=may_publish(request.user),
            pending_change=_pending(obj) if obj else None,
            proposes_only=proposes_only,
            can_edit=not refused
            and (self.has_change_permission(request, obj) if obj else self.has_add_permission(request)),
            preview_url=reverse("articles:preview", args=[obj.pk]) if obj and obj.pk else "",
            import_url=reverse("admin:articles_article_import"),
            buttons=buttons.buttons_for(
                request.user, obj, proposes_only=proposes_only, may_delete=self.has_delete_permission(request, obj)
            ),
        )
        # The buttons are the state's own (articles.admin.buttons); Delete is one of them, behind its dialog.
        context.update(
            show_save=False, show_save_and_continue=False, show_save_and_add_another=False, show_delete=False
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        if form.slug_note:
            messages.info(request, form.slug_note)
        if change and workflow.saves_pending(request):
            return self._save_pending(request, obj, form)
        snapshot = getattr(request, "_article_before_restore", None)
        if snapshot:
            # A restore brings back words, not a status: publishing stays a separate, permitted step.
            for field, value in snapshot.items():
                setattr(obj, field, value)
        elif change and "published_at" in form.fields:
            # The typed time is the buttons' business (workflow.apply_button): the story keeps its own until then.
            # (A writer's form has no such field: the story's own time, an imported copy's date, stays as it is.)
            obj.published_at = form.initial.get("published_at")
        else:
            obj.status, obj.published_at, obj.created_by = Status.DRAFT, None, request.user
        before = (obj.status, obj.is_published, obj.published_at, obj.updated_at)
        if snapshot is None:
            # The button's change is made before the one save, so the story is written (and its receivers run) once.
            requested_at = form.cleaned_data.get("published_at") if "published_at" in form.fields else None
            request.newsroom_transition = workflow.apply_button(request, obj, requested_at=requested_at)
        if change:
            obj.lock_version = (snapshot or {}).get("lock_version", form.cleaned_data.get("opened_version") or 0) + 1
        minor = change and snapshot is None and form.cleaned_data.get("minor_edit", False)
        if not services.moves_updated_time(obj, minor=minor):
            request.newsroom_minor_edit = True  # History says so (construct_change_message)
            obj.save(touch=False)
            return
        if snapshot is None and workflow.keeps_updated_time(obj, before, changed=form.changed_data):
            obj.save(touch=False)  # no "Updated" line: the words did not change after publication
            return
        super().save_model(request, obj, form, change)

    def _save_pending(self, request, obj, form):
        """Readers keep the live story: the form's values become its pending changes, and nothing else is saved
        (the story's row, tags and rows below stay as they are; a correction typed meanwhile is kept)."""
        request.newsroom_pending = True
        live = Article.objects.get(pk=obj.pk)
        try:
            services.save_pending_changes(article=live, data=form.pending_data(), user=request.user)
        except ValidationError as exc:
            request.newsroom_transition_refused = True
            messages.error(request, " ".join(exc.messages))
            return
        request.newsroom_transition = "Saved changes as draft"
        messages.success(request, f"Your changes to “{live}” are saved as draft: readers still see the live story.")

    def save_related(self, request, form, formsets, change):
        if getattr(request, "newsroom_pending", False):
            for formset in formsets:
                if formset.model is Correction:
                    self.save_formset(request, form, formset, change)
                else:  # untouched; History's message reads what each formset saved
                    formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
            return
        had_pending = _pending(form.instance) is not None
        super().save_related(request, form, formsets, change)
        services.sync_inline_images(article=form.instance)
        if had_pending:  # the form opened on the pending version: saving it put it live
            PendingChange.objects.filter(article=form.instance).delete()
            request.newsroom_transition = getattr(request, "newsroom_transition", "") or "Published pending changes"

    def save_formset(self, request, form, formset, change):
        if formset.model is not Correction:
            return super().save_formset(request, form, formset, change)
        changed = {id(correction) for correction in formset.save(commit=False)}  # also what History reports
        for row in formset.forms:
            if id(row.instance) in changed:
                public = row.cleaned_data.get("make_public", False) and may_publish(request.user)
                services.save_correction(correction=row.instance, public=public, user=request.user)
        return None

    def construct_change_message(self, request, form, formsets, add=False):
        """History says what happened: "Published; changed headline and body", not "No fields changed"."""
        message = super().construct_change_message(request, form, formsets, add)
        done = getattr(request, "newsroom_transition", "")
        if getattr(request, "newsroom_minor_edit", False):
            done = f"{done}; minor edit" if done else "Minor edit"
        if not done:
            return message
        changed = [
            form.fields[name].label or name
            for name in form.changed_data
            if name in form.fields and name != "minor_edit"
        ]
        changed = [str(label).lower() for label in changed if label != "opened version"]
        return f"{done}; changed {', '.join(changed)}" if changed else done

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        if level == messages.SUCCESS and getattr(request, "newsroom_pending", False):
            return  # "changed successfully" would read as live: the pending save said what happened
        if level == messages.SUCCESS and getattr(request, "newsroom_transition_refused", False):
            message, level = "Your changes are saved; the story’s status has not changed.", messages.INFO
        super().message_user(request, message, level, *args, **kwargs)

    def response_add(self, request, obj, post_url_continue=None):
        editing.discard_draft(None, request.user)  # the new story is saved: its autosaved text is no longer needed
        response = super().response_add(request, obj, post_url_continue)
        return redirect("admin:articles_article_change", obj.pk) if workflow.requested_button(request) else response

    def response_change(self, request, obj):
        pending_refused = getattr(request, "newsroom_pending", False) and getattr(
            request, "newsroom_transition_refused", False
        )
        if not pending_refused:  # the words are saved (a refused status change still saves them)
            editing.discard_draft(obj, request.user)
        response = super().response_change(request, obj)
        return redirect("admin:articles_article_change", obj.pk) if workflow.requested_button(request) else response

    # --- revisions ---

    def _annotate_action_list(self, action_list):
        super()._annotate_action_list(action_list)
        history.annotate(action_list)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        article = get_object_or_404(Article, pk=object_id)
        if not _editable(request, article) or not self.has_change_permission(request, article):
            raise PermissionDenied
        request._article_before_restore = {
            "status": article.status,
            "published_at": article.published_at,
            "first_published_at": article.first_published_at,
            "lock_version": article.lock_version,
        }
        return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        # A deleted story may come back live; only someone allowed to publish may bring it back.
        if not may_publish(request.user):
            raise PermissionDenied
        return super().recover_view(request, version_id, extra_context)

    # --- actions ---

    @admin.action(description="Publish now", permissions=["publish"])
    def publish_now(self, request, queryset):
        workflow.publish_each(request, queryset)

    @admin.action(description="Schedule…", permissions=["publish"])
    def schedule(self, request, queryset):
        form = ScheduleForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            workflow.schedule_each(request, queryset, form.cleaned_data["at"])
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Schedule stories",
            "opts": self.model._meta,
            "form": form,
            "articles": queryset,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/articles/article/schedule.html", context)

    @admin.action(description="Withdraw", permissions=["publish"])
    def withdraw(self, request, queryset):
        workflow.withdraw_each(request, queryset)

    @admin.action(description="Dismiss held imports (keep the desk's version)", permissions=["publish"])
    def dismiss_held_imports(self, request, queryset):
        done = services.dismiss_held_imports(queryset)
        messages.success(
            request, f"{done} held import{'' if done == 1 else 's'} dismissed: the stories stay as they are."
        )

    @admin.action(description="Submit for review", permissions=["change"])
    def submit_for_review(self, request, queryset):
        workflow.submit_each(request, queryset)

    def changelist_view(self, request, extra_context=None):
        links = {"import_url": reverse("admin:articles_article_import")}
        if may_publish(request.user):
            links["activity_url"] = reverse("admin:articles_article_activity")
        return super().changelist_view(request, {**links, **(extra_context or {})})


def _editing(article: Article) -> str:
    """Who has the story open, from the list's own join (``edit_lock__user``): "" when nobody."""
    try:
        lock = article.edit_lock
    except StoryLock.DoesNotExist:
        return ""
    return editing.person(lock.user) if lock.is_held else ""


def _pending(article: Article) -> PendingChange | None:
    try:
        return article.pending_change
    except PendingChange.DoesNotExist:
        return None
