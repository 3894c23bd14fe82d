"""The revision an import leaves behind, so editors see "Imported from wire.jsonl" in the story's history.

Written once the article's tags and authors are in place (an automatic revision would be serialised at
``save()``, before the links exist, and record none of them).

For a story just created the rows are written here directly, exactly as django-reversion would write them
(same serialisation, content types and follow rules, read from its registration), without its check that
each row still exists: every row was inserted a moment ago in the same transaction, and that check cost two
of the ten queries a new story takes. Updates, and any registration this shortcut does not understand, go
through ``reversion.create_revision`` unchanged.
"""

from __future__ import annotations

import reversion
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.db import router
from django.utils import timezone
from reversion.models import Revision, Version
from reversion.revisions import _get_options  # reversion offers no public way to read a registration

from articles.models import Article


def record_import(article: Article, *, written: dict[str, list] | None, user, comment: str) -> None:
    """Save a revision of ``article``; ``written`` holds, per followed relation, the rows of a story just created."""
    followed = _followed_rows(written) if written is not None else None
    if followed is None:
        with reversion.create_revision(manage_manually=True, atomic=False):  # already in the item's transaction
            reversion.add_to_revision(article)
            if user is not None:
                reversion.set_user(user)
            reversion.set_comment(comment)
        return
    revision = Revision.objects.create(date_created=timezone.now(), user=user, comment=comment)
    Version.objects.bulk_create([_version(row, revision) for row in [article, *followed]])


def _followed_rows(written: dict[str, list]) -> list | None:
    """The rows reversion would follow from a new article, or None when only reversion itself can tell."""
    rows = []
    for name in _get_options(Article).follow:
        if name not in written:
            return None
        for row in written[name]:
            if row.pk is None or not reversion.is_registered(type(row)) or _get_options(type(row)).follow:
                return None
            rows.append(row)
    return rows


def _version(obj, revision: Revision) -> Version:
    options = _get_options(type(obj))
    db = router.db_for_write(type(obj), instance=obj)
    return Version(
        revision=revision,
        content_type=ContentType.objects.db_manager(revision._state.db).get_for_model(
            type(obj), for_concrete_model=options.for_concrete_model
        ),
        object_id=str(getattr(obj, options.object_id_field)),
        db=db,
        format=options.format,
        serialized_data=serializers.serialize(
            options.format, (obj,), fields=options.fields, use_natural_foreign_keys=options.use_natural_foreign_keys
        ),
        object_repr=str(obj),
    )
