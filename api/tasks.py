"""Webhook deliveries on the task queue (``manage.py db_worker``), retried with a doubling pause, and the chain that
announces what happens by the clock."""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime, timedelta

from django.tasks import default_task_backend, task
from django.utils import timezone

from api import webhooks
from api.models import DeliveryStatus, WebhookDelivery
from articles.caching import cache_get, cache_set


@task
def deliver_webhook(delivery_id: int) -> None:
    delivery = WebhookDelivery.objects.select_related("endpoint").filter(pk=delivery_id).first()
    if delivery is None or delivery.status != DeliveryStatus.PENDING:
        return
    if webhooks.attempt(delivery) or delivery.status != DeliveryStatus.PENDING:
        return
    run_after = timezone.now() + webhooks.retry_delay(delivery.attempts)
    # The immediate backend (tests) cannot wait: it retries at once, which still shows every attempt in the log.
    retry = deliver_webhook.using(run_after=run_after) if default_task_backend.supports_defer else deliver_webhook
    retry.enqueue(delivery_id)


# Scheduled stories going live and expiries passing happen without a write: this chain looks for them every TICK,
# keeping itself queued (as ingest's scheduler does), started whenever an endpoint is saved. A second chain (two
# editors saving at once) sees the first one's recent beat and ends.
TICK = timedelta(seconds=30)
CHAIN_KEY = "api:timed-events-chain"


@task
def watch_timed_events(chain: str) -> None:
    beat = cache_get(CHAIN_KEY)
    if beat and beat[0] != chain and time.time() - beat[1] < 2 * TICK.total_seconds():
        return
    now = time.time()
    # Since this chain's last look (a new chain looks two ticks back: not at a day's stories a new endpoint missed).
    since = beat[1] if beat and beat[0] == chain else now - 2 * TICK.total_seconds()
    cache_set(CHAIN_KEY, (chain, now), None)
    webhooks.announce_timed_events(since=datetime.fromtimestamp(since, tz=UTC))
    if default_task_backend.supports_defer and webhooks.anyone_listening():  # the immediate backend would recurse
        watch_timed_events.using(run_after=timezone.now() + TICK).enqueue(chain)


def start_watching() -> None:
    watch_timed_events.enqueue(uuid.uuid4().hex)
