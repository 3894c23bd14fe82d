"""The story form's buttons: one main action for the story's state and the person, a quiet second one, the rest
under "More", and the two that take a story away (Withdraw, Delete) behind a confirmation naming it.

    new story, draft     writer: Submit for review · Save draft           editor: Publish · Save draft
                                                                            (More: Schedule for the publish time)
    in review            writer: Save                                      editor: Publish · Save
                                                                            (More: Return to writer, Schedule)
    scheduled            editor: Reschedule · Save                         (More: Publish now, Withdraw)
    live                 writer: Save changes as draft                     editor: Publish changes · Save as draft
                                                                            changes (More: Withdraw)
    withdrawn, expired   editor: Publish again · Save

Plain "Save" never publishes a live story's edits (``workflow.never_plain_save_live``); what each button does is
checked again on the server (``articles.admin.workflow``, ``articles.permissions``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from articles.admin.workflow import PUBLISH, PUBLISH_PENDING, RETURN, REVIEW, SAVE_PENDING, SCHEDULE, WITHDRAW
from articles.models import Article, Status
from articles.permissions import may_publish

SAVE = "_save"


@dataclass(frozen=True)
class Button:
    name: str
    label: str
    title: str = ""
    value: str = "1"


@dataclass
class ButtonSet:
    main: Button | None = None
    second: Button | None = None
    more: list[Button] = field(default_factory=list)
    withdraw: bool = False  # behind its dialog
    delete: bool = False
    default: str = SAVE  # what the Enter key in a field does: never the main action
    note: str = ""

    @property
    def names(self) -> list[str]:
        buttons = [self.main, self.second, *self.more]
        return [button.name for button in buttons if button] + ([WITHDRAW] if self.withdraw else [])


def buttons_for(user, article: Article | None, *, proposes_only: bool = False, may_delete: bool = False) -> ButtonSet:
    if proposes_only:  # a writer on a live story
        return ButtonSet(
            main=Button(SAVE_PENDING, "Save changes as draft", "Readers keep seeing the live story"),
            default=SAVE_PENDING,
            note="This story is live: your changes are kept as a draft until an editor publishes them.",
        )
    editor = may_publish(user)
    deletable = may_delete and article is not None
    if article is None or article.status in {Status.DRAFT, Status.IN_REVIEW}:
        return _unpublished(article, editor=editor, deletable=deletable)
    if not editor:
        return ButtonSet()
    if article.is_scheduled:
        return ButtonSet(
            main=Button(SCHEDULE, "Reschedule", "Go out at the publish time set below"),
            second=Button(SAVE, "Save", "Keep the changes; it still goes out at its time"),
            more=[Button(PUBLISH, "Publish now")],
            withdraw=True,
            delete=deletable,
        )
    if article.is_published:
        return ButtonSet(
            main=Button(PUBLISH_PENDING, "Publish changes", "Readers see the changes at once"),
            second=Button(SAVE_PENDING, "Save as draft changes", "Readers keep seeing the live story"),
            withdraw=True,
            delete=deletable,
            default=SAVE_PENDING,
        )
    return ButtonSet(  # withdrawn, or expired
        main=Button(PUBLISH, "Publish again"), second=Button(SAVE, "Save"), delete=deletable
    )


def _unpublished(article: Article | None, *, editor: bool, deletable: bool) -> ButtonSet:
    in_review = article is not None and article.status == Status.IN_REVIEW
    if not editor:
        if in_review:
            return ButtonSet(main=Button(SAVE, "Save"), note="An editor reviews and publishes it.")
        return ButtonSet(
            main=Button(REVIEW, "Submit for review", "An editor reviews and publishes it"),
            second=Button(SAVE, "Save draft"),
            note="An editor publishes and schedules stories. Submit it for review when it is ready.",
        )
    more = [Button(SCHEDULE, "Schedule for the publish time", "Set a future publish time below first")]
    if in_review:
        more.insert(0, Button(RETURN, "Return to writer", "Back to its writer as a draft"))
    return ButtonSet(
        main=Button(PUBLISH, "Publish"),
        second=Button(SAVE, "Save" if in_review else "Save draft"),
        more=more,
        delete=deletable,
    )
