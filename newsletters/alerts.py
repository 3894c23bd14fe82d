"""Breaking alerts by email: an editor asks for a story to be mailed to an alerts list (the desk's *Alerts*, or
*Email as alert* on the desk's alert page); it goes out once the story is public.

The trigger is the story event (``articles.events.story_published``), sent once after the write that made the story
public has committed (a scheduled story: when its time comes, inside the claim of that moment), never a snapshot of
the save: a rolled-back publish mails nobody. An alert asked for a story that is public already goes out when the
request commits. Each alert makes at most one edition (the alert row is locked and marked as it is made), and the
edition's send checks again, batch by batch, that the story is still public: a story withdrawn before its alert is
out stops the alert.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from articles import events
from articles.models import Article
from articles.permissions import may_publish
from newsletters import assembly, sending, tasks
from newsletters.models import Alert, AlertStatus, EditionKind, NewsletterList


def connect() -> None:
    events.story_published.connect(_story_published, dispatch_uid="newsletters-alerts-published")


def request_alert(*, article: Article, newsletter: NewsletterList, user=None) -> Alert:
    if not may_publish(user):
        raise PermissionDenied("Only editors send breaking alerts.")
    alert, _ = Alert.objects.get_or_create(article=article, newsletter=newsletter, defaults={"requested_by": user})
    transaction.on_commit(lambda: send_if_public(alert.pk))
    return alert


def _story_published(sender, story_id: int, **kwargs) -> None:
    for alert_id in Alert.objects.filter(article_id=story_id, status=AlertStatus.WAITING).values_list("pk", flat=True):
        send_if_public(alert_id)


def send_if_public(alert_id: int) -> bool:
    """Make the alert's edition and start sending it, if its story is public and it was not sent before."""
    with transaction.atomic():
        alert = Alert.objects.select_for_update().filter(pk=alert_id, status=AlertStatus.WAITING).first()
        if alert is None or not Article.objects.published().filter(pk=alert.article_id).exists():
            return False
        article = alert.article
        edition = assembly.new_edition(
            newsletter=alert.newsletter,
            subject=article.headline,
            kind=EditionKind.ALERT,
            lead=article,
            user=alert.requested_by,
        )
        assembly.fill(edition, [article])
        alert.status, alert.edition = AlertStatus.SENT, edition
        alert.save(update_fields=["status", "edition", "updated_at"])
        if sending.start(edition, user=alert.requested_by):
            tasks.queue_send(edition)
    return True


def sweep() -> int:
    """Alerts whose story became public while no event reached us (a process stopped between commit and event)."""
    waiting = Alert.objects.filter(status=AlertStatus.WAITING, article__in=Article.objects.published())
    return sum(send_if_public(alert_id) for alert_id in waiting.values_list("pk", flat=True))


def cancel(*, alert: Alert, user=None) -> None:
    if not may_publish(user):
        raise PermissionDenied("Only editors cancel breaking alerts.")
    Alert.objects.filter(pk=alert.pk, status=AlertStatus.WAITING).update(
        status=AlertStatus.CANCELLED, updated_at=timezone.now()
    )


@task
def sweep_alerts() -> int:
    return sweep()
