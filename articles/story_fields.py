"""The story form's editable fields, in one list: which of them a live story's pending changes keep (and how), and
why the others are left out.

The desk's story form (``articles.admin.forms.ArticleAdminForm``) and the pending changes (``articles.pending``)
read it. ``tests/test_story_fields.py`` fails when the desk's form grows a field this list does not name, so a
new field cannot be dropped from "Save changes as draft" without anyone noticing.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Kept(StrEnum):
    """How pending changes keep a field's value (JSON in ``PendingChange.data``)."""

    TEXT = "text"  # as typed
    BODY = "body"  # sanitised as a saved story's body is (articles.sanitize.clean_body), before it is stored
    RELATED = "related"  # the chosen row's primary key
    TAGS = "tags"  # the chosen tags' primary keys, sorted
    MOMENT = "moment"  # an ISO 8601 time, or null


@dataclass(frozen=True)
class StoryField:
    name: str
    kept: Kept | None = None  # None: pending changes leave it out, for ``left_out_because``
    left_out_because: str = ""
    # A value typed here that a draft cannot keep: saving as draft is refused with this message, not dropped.
    refused_in_draft: str = ""

    def __post_init__(self):
        if (self.kept is None) == (not self.left_out_because):
            raise ValueError(f"{self.name}: a story field is either kept in a draft or left out with a reason.")


# In the form's order. No status, first publication or "updated" time: those change only through the workflow
# buttons and actions (articles.admin.workflow, articles.services), so they are never fields of the form.
FIELDS = (
    StoryField("headline", Kept.TEXT),
    StoryField("slug", Kept.TEXT),
    StoryField("standfirst", Kept.TEXT),
    StoryField("body", Kept.BODY),
    StoryField("section", Kept.RELATED),
    StoryField("regions", Kept.TAGS),
    StoryField("topics", Kept.TAGS),
    StoryField("source", Kept.RELATED),
    StoryField("lead_image", Kept.RELATED),
    StoryField("lead_image_alt", Kept.TEXT),
    StoryField("lead_image_caption", Kept.TEXT),
    StoryField(
        "published_at",
        left_out_because="The publish time is part of the story's status: it moves only through Publish and "
        "Schedule (articles.admin.workflow), never by publishing a draft.",
        refused_in_draft="The publish time is not kept in changes saved as draft: put it back as it was, and "
        "change it with Schedule.",
    ),
    StoryField("expires_at", Kept.MOMENT),
    StoryField("seo_title", Kept.TEXT),
    StoryField("seo_description", Kept.TEXT),
    StoryField("canonical_url", Kept.TEXT),
    # Declared on the form, not columns of the story: they describe one save.
    StoryField(
        "minor_edit",
        left_out_because="Whether this save keeps the public 'Updated' time: asked again on the form that "
        "publishes the changes (publish_pending_changes(minor=...)).",
    ),
    StoryField(
        "opened_version",
        left_out_because="The form's concurrency check: the lock_version it was opened on, compared on save.",
    ),
)

NAMES = tuple(field.name for field in FIELDS)
PENDING = {field.name: field.kept for field in FIELDS if field.kept}
EXCLUDED = {field.name: field.left_out_because for field in FIELDS if not field.kept}
REFUSED_IN_DRAFT = {field.name: field.refused_in_draft for field in FIELDS if field.refused_in_draft}
