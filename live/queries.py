"""What of live coverage the public may see, each composed on ``Article.objects.published()``."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from articles.models import Article
from live.models import BreakingAlert, LiveCoverage


def public_coverage(article_pk: int) -> LiveCoverage | None:
    """The live coverage of a public story, with the story (one query)."""
    return (
        LiveCoverage.objects.filter(article__in=Article.objects.published().filter(pk=article_pk))
        .select_related("article__section")
        .first()
    )


def current_alert() -> BreakingAlert | None:
    """The newest alert not cleared nor expired whose linked story, if any, is public (one query)."""
    now = timezone.now()
    linked_public = Q(article__isnull=True) | Q(article__in=Article.objects.published())
    return (
        BreakingAlert.objects.filter(linked_public, cleared_at__isnull=True)
        .exclude(expires_at__lte=now)
        .select_related("article__section")
        .first()
    )
