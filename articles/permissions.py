"""Who may do what to a story: the one place the rule is spelled.

Writers create and edit drafts and copies in review and send them for review; editors (the holders of
``articles.publish_article``, the Editor group) publish, schedule, withdraw and return stories, make corrections
public and put pending changes live. A published or withdrawn story is the editors': a writer may only propose
changes to a live one (pending changes). Services, the desk, live coverage, the importers and the API import these
functions; nothing else spells the permission or the statuses.

``user=None`` is Newsroom itself (an import run from the command line, a polled source, a task): it may publish.
"""

from __future__ import annotations

from articles.models import EDITOR_ONLY_STATUSES, Article

PUBLISH_PERMISSION = "articles.publish_article"
EDIT_PERMISSION = "articles.change_article"
ADD_PERMISSION = "articles.add_article"

__all__ = [
    "ADD_PERMISSION",
    "EDITOR_ONLY_STATUSES",
    "EDIT_PERMISSION",
    "PUBLISH_PERMISSION",
    "may_add",
    "may_edit",
    "may_edit_story",
    "may_propose",
    "may_publish",
]


def may_publish(user) -> bool:
    """Editors publish, schedule, withdraw, return stories and make corrections and pending changes public."""
    return user is None or user.has_perm(PUBLISH_PERMISSION)


def may_add(user) -> bool:
    return user is None or user.has_perm(ADD_PERMISSION)


def may_edit(user, status: str | None) -> bool:
    """Writers edit drafts and copies in review; published and withdrawn stories are the editors'. ``status`` is
    the story's as it stands in the database (None: a story not saved yet)."""
    if user is not None and not user.has_perm(EDIT_PERMISSION) and status is not None:
        return False
    return status not in EDITOR_ONLY_STATUSES or may_publish(user)


def may_edit_story(user, article: Article | None) -> bool:
    """``may_edit`` for a story in hand, read as the database holds it (a form may have changed the instance)."""
    if article is None or article.pk is None:
        return may_add(user)
    status = Article.objects.filter(pk=article.pk).values_list("status", flat=True).first()
    return may_edit(user, status)


def may_propose(user, article: Article | None) -> bool:
    """Anyone who edits stories may save pending changes to a live one (editors alone publish them)."""
    return article is not None and article.is_published and user is not None and user.has_perm(EDIT_PERMISSION)
