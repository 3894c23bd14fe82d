"""What happened to a story, in words: "Published by Eleanor Marsh", "Scheduled for 3 Dec 09:00 by …",
"Changed headline and body by …". One function for the story's History page and the desk's activity page.

The words come from each revision's comment, written where the action happens (the admin's workflow buttons,
the services, the importer, django-reversion's restore), and, for a plain save, from the fields that differ
between that version of the story and the one before it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format

from articles.models import Article

AUTOMATIC = "Newsroom (automatic)"
# Bookkeeping that moves with every save: not something an editor changed.
NOT_EDITS = {
    "updated_at",
    "created_at",
    "lock_version",
    "search_vector",
    "import_fingerprint",
    "source_version",
    "last_corrected_at",
    "import_held_at",
    "import_held_note",
    "first_published_at",
    "created_by",
}
# Comments as they are written (prefix) → the words shown; {when} is the version's publish time.
_ACTIONS = [
    ("Published pending changes", "Pending changes published"),
    ("Saved changes as draft", "Saved changes as draft"),  # the button's name: pending changes, not live
    ("Published", "Published"),
    ("Scheduled", "Scheduled for {when}"),
    ("Withdrawn", "Withdrawn"),
    ("Submitted for review", "Sent for review"),
    ("Minor edit", "Minor edit"),
]
_PUBLISHED_NOTE = re.compile(r"^(Correction|Clarification|Editor’s note) published: (.*)$", re.S)
_RESTORED = re.compile(r"^Reverted to previous version, saved on (.*)$", re.S)
# Django's own change messages, which say less than the versions do.
_ADDED_NOTE = re.compile(r"^Added (correction|clarification|editor’s note)\b", re.I)
_MINOR = re.compile(r"; minor edit| \(minor edit\)", re.I)
_DJANGO_DEFAULT = re.compile(
    r"^(|Added\.?|Initial version\.?|No fields changed\.?|Changed .*|Added .*|Deleted .*)$", re.S
)


@dataclass(frozen=True)
class Event:
    what: str  # "Scheduled for 3 Dec 09:00"
    who: str  # "Eleanor Marsh"
    detail: str = ""  # "changed headline and body", or a correction's text
    sep: str = "; "

    @property
    def sentence(self) -> str:
        """ "Published by Eleanor Marsh; changed headline and body"."""
        text = self.what if self.who == AUTOMATIC else f"{self.what} by {self.who}"
        return f"{text}{self.sep}{self.detail}" if self.detail else text

    @property
    def summary(self) -> str:
        """Without the person (the activity page shows them in a column of their own)."""
        return f"{self.what}{self.sep}{self.detail}" if self.detail else self.what


def who_did(revision) -> str:
    user = revision.user
    return (user.get_full_name() or user.get_username()) if user else AUTOMATIC


def describe(revision, version=None, previous=None, *, first: bool = False) -> Event:
    """``version``: the story's version in ``revision``; ``previous``: its version before (for a plain save's
    changed fields); ``first``: ``version`` is the story's first. All optional: without them the comment alone
    says what happened."""
    who = who_did(revision)
    comment = (revision.get_comment() or "").strip()
    if _DJANGO_DEFAULT.match(comment):
        return Event(_plain_save(comment, version, previous, first=first), who)
    if note := _PUBLISHED_NOTE.match(comment):
        return Event(f"{note.group(1)} published", who, note.group(2).strip(), sep=": ")
    if restored := _RESTORED.match(comment):
        return Event(f"Restored the version saved on {restored.group(1).strip()}", who)
    minor = "minor edit" in comment.lower()
    head, _, rest = _MINOR.sub("", comment).partition(";")
    for prefix, words in _ACTIONS:
        if head.startswith(prefix):
            when = _publish_time(version) if "{when}" in words else ""
            what = words.format(when=when) if when else words.replace(" for {when}", "")
            if minor and words != "Minor edit":
                what = f"{what} (minor edit)"
            # A story's first version changed nothing: it was written then ("Published", not "…; changed body").
            return Event(what, who, "" if first else _detail(prefix, rest.strip(), version, previous))
    return Event(comment.rstrip("."), who)  # imports, merges: their comments are already words


def _detail(prefix: str, rest: str, version, previous) -> str:
    if prefix == "Scheduled" and rest == "changed publish time":
        return ""  # the time is in the words already
    if prefix == "Published pending changes" and not rest and version is not None and previous is not None:
        changed = changed_fields(previous, version)  # the form opened on them: the versions tell
        return f"changed {_join(changed)}" if changed else ""
    return rest


def _plain_save(comment: str, version, previous, *, first: bool) -> str:
    if comment in {"Added.", "Initial version."} or (first and not comment):
        return "Created"
    changed = changed_fields(previous, version) if version is not None and previous is not None else []
    if changed:
        return f"Changed {_join(changed)}"
    if added := _ADDED_NOTE.match(comment):  # a writer's draft correction, from the form's rows
        return f"{added.group(1).capitalize()} added"
    if comment.startswith("Changed "):  # "Changed Headline and Body." → "Changed headline and body"
        return "Changed " + comment[len("Changed ") :].rstrip(".").lower()
    return comment.rstrip(".") or "Saved"


def changed_fields(previous, version) -> list[str]:
    """The verbose names of the story's fields that differ between two of its versions, in the form's order."""
    before, after = _fields(previous), _fields(version)
    names = [name for name in after if name not in NOT_EDITS and before.get(name) != after.get(name)]
    return [_label(name) for name in names]


def _fields(version) -> dict:
    try:
        return json.loads(version.serialized_data)[0]["fields"]
    except (ValueError, KeyError, IndexError, TypeError):
        return {}


def _label(name: str) -> str:
    try:
        return str(Article._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:  # a field since removed keeps its stored name
        return name.replace("_", " ")


def _publish_time(version) -> str:
    at = parse_datetime(str(_fields(version).get("published_at") or "")) if version is not None else None
    if at is None:
        return ""
    if timezone.is_naive(at):
        at = timezone.make_aware(at, timezone.UTC)
    return date_format(timezone.localtime(at), "j M H:i")


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _written_then(revision, version) -> bool:
    """Whether this version is the story's creation (not merely the oldest kept): made within a minute of it."""
    created = parse_datetime(str(_fields(version).get("created_at") or ""))
    return created is not None and abs((revision.date_created - created).total_seconds()) < 60


def annotate(action_list: list[dict]) -> None:
    """reversion-compare's History rows, each given ``event`` (what happened, by whom), oldest version first
    compared with the one before it. Reads only the versions already in the list."""
    by_age = sorted(action_list, key=lambda action: action["version"].pk)
    previous = None
    for n, action in enumerate(by_age):
        first = n == 0 and _written_then(action["revision"], action["version"])
        action["event"] = describe(action["revision"], action["version"], previous, first=first)
        # A pending save's version holds the pending words, not what readers had: later saves compare with the live.
        if not (action["revision"].get_comment() or "").startswith("Saved changes as draft"):
            previous = action["version"]
