"""Newsletter work on the task queue (``manage.py run_worker``). Every task is safe to run twice:

send_confirmation   claims its ConfirmationMail row (``sent_at``) before sending: a second run sends nothing
send_edition        one run of an edition's send (newsletters.sending): rows are claimed, so two runs split the
                    work and a run after the end finds nothing due
tick                the periodic job (worker_hooks.py): scheduled editions whose time came, automatic editions
                    due, sends that stalled (their run's worker died and nothing is queued for them)
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.tasks import default_task_backend, task
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from newsletters import automatic, links, mail, sending, tokens
from newsletters.models import ConfirmationMail, Delivery, Edition, EditionStatus

logger = logging.getLogger(__name__)

TICK = timedelta(seconds=30)


@task
def send_confirmation(record_id: int, token: str) -> bool:
    claimed = ConfirmationMail.objects.filter(pk=record_id, sent_at__isnull=True).update(sent_at=timezone.now())
    if not claimed:
        return False  # sent by an earlier run
    signup = tokens.read_confirmation(token)
    if signup is None:
        return False
    context = {"url": links.confirmation(token), "site_name": settings.NEWSROOM["SITE_NAME"]}
    message = mail.plain(
        subject=f"Confirm your newsletters from {context['site_name']}",
        body=render_to_string("newsletters/email/confirm.txt", context),
        html=render_to_string("newsletters/email/confirm.html", context),
        to=signup.email,
    )
    message.send()
    return True


@task
def send_edition(edition_id: int) -> str:
    outcome = sending.run(edition_id)
    if outcome == "more":
        send_edition.enqueue(edition_id)
    elif outcome == "later" and default_task_backend.supports_defer:
        at = sending.next_retry(edition_id) or timezone.now()
        send_edition.using(run_after=at).enqueue(edition_id)
    return outcome


def queue_send(edition: Edition) -> None:
    transaction.on_commit(lambda: send_edition.enqueue(edition.pk))


@task
def tick() -> dict:
    now = timezone.now()
    started = 0
    for edition in Edition.objects.filter(status=EditionStatus.SCHEDULED, scheduled_at__lte=now):
        if sending.start(edition, user=edition.sent_by):
            send_edition.enqueue(edition.pk)
            started += 1
    made = automatic.send_due(now=now, start=lambda edition: send_edition.enqueue(edition.pk))
    resumed = [edition_id for edition_id in stalled(now) if send_edition.enqueue(edition_id)]
    return {"scheduled": started, "automatic": made, "resumed": len(resumed)}


def stalled(now) -> list[int]:
    """Editions sending with copies due and no run of theirs waiting or running (a run's worker died between runs,
    or a retry's time came on a backend that cannot defer)."""
    waiting = set(
        Delivery.objects.filter(edition__status=EditionStatus.SENDING)
        .filter(sending.due(now))
        .values_list("edition_id", flat=True)
        .distinct()
    )
    if waiting and isinstance(send_edition.get_backend(), DatabaseBackend):
        queued = DBTaskResult.objects.filter(task_path=send_edition.module_path, status__in=["READY", "RUNNING"])
        waiting -= {args["args"][0] for args in queued.values_list("args_kwargs", flat=True) if args.get("args")}
    return sorted(waiting)
