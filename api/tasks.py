"""Webhook deliveries on the task queue (``manage.py run_worker``), retried with a doubling pause.

Safe to run twice (a task whose worker died is run again elsewhere, ``worker.leases``): each task is one numbered
attempt of its delivery, and does nothing when the delivery is done (delivered or given up) or that attempt was made
already. On PostgreSQL the attempt holds the delivery's row lock (``SKIP LOCKED``: a second worker running the same
task meanwhile finds it taken and stops), and the attempt's record and the next attempt's task commit together with
it, so a worker dying mid-attempt leaves neither: the attempt is made again, with the same event id, which receivers
dedupe on. A delivery recorded as delivered is never sent again. (On SQLite, whose write lock would hold every
other writer for the POST's duration, the POST runs outside a transaction; one worker per SQLite database.)
"""

from __future__ import annotations

from django.db import connection, transaction
from django.tasks import default_task_backend, task
from django.utils import timezone

from api import deliveries
from api.models import DeliveryStatus, WebhookDelivery


@task
def deliver_webhook(delivery_id: int, attempt: int | None = None) -> None:
    """Attempt number ``attempt`` of a delivery (None: the next one, for tasks queued before attempts were
    numbered)."""
    if connection.features.has_select_for_update_skip_locked:
        with transaction.atomic():
            _attempt(delivery_id, attempt, lock=True)
    else:
        _attempt(delivery_id, attempt, lock=False)


def _attempt(delivery_id: int, number: int | None, *, lock: bool) -> None:
    found = WebhookDelivery.objects.select_related("endpoint").filter(pk=delivery_id)
    if lock:
        found = found.select_for_update(skip_locked=True, of=("self",))
    delivery = found.first()
    if delivery is None or delivery.status != DeliveryStatus.PENDING:
        return  # gone, delivered or given up; or (locked) another worker is attempting it right now
    if number is not None and delivery.attempts >= number:
        return  # this attempt was made (and its retry queued) by an earlier run of this task
    if deliveries.attempt(delivery) or delivery.status != DeliveryStatus.PENDING:
        return
    run_after = timezone.now() + deliveries.retry_delay(delivery.attempts)
    # The immediate backend (tests) cannot wait: it retries at once, which still shows every attempt in the log.
    retry = deliver_webhook.using(run_after=run_after) if default_task_backend.supports_defer else deliver_webhook
    retry.enqueue(delivery_id, delivery.attempts + 1)
