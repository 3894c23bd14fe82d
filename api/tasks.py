"""Webhook deliveries on the task queue (``manage.py db_worker``), retried with a doubling pause."""

from __future__ import annotations

from django.tasks import default_task_backend, task
from django.utils import timezone

from api import deliveries
from api.models import DeliveryStatus, WebhookDelivery


@task
def deliver_webhook(delivery_id: int) -> None:
    delivery = WebhookDelivery.objects.select_related("endpoint").filter(pk=delivery_id).first()
    if delivery is None or delivery.status != DeliveryStatus.PENDING:
        return
    if deliveries.attempt(delivery) or delivery.status != DeliveryStatus.PENDING:
        return
    run_after = timezone.now() + deliveries.retry_delay(delivery.attempts)
    # The immediate backend (tests) cannot wait: it retries at once, which still shows every attempt in the log.
    retry = deliver_webhook.using(run_after=run_after) if default_task_backend.supports_defer else deliver_webhook
    retry.enqueue(delivery_id)
