"""Bounces and complaints from the mail service: anymail's tracking webhooks (each service's signed callback, under
/newsletters/webhooks/<service>/tracking/, refused unless ``ANYMAIL_WEBHOOK_SECRET`` is set: newsletters/urls.py)
normalise them into one signal, received here. A hard bounce, a refusal by the service's own suppression list, or
a spam complaint suppresses the address (never mailed again); the copy it was about is marked in the send log, for
the desk's bounce and complaint rates. Soft bounces (deferred) change nothing: the service retries them itself.
"""

from __future__ import annotations

from anymail.signals import EventType, tracking

from newsletters import subscribers
from newsletters.models import Delivery, DeliveryStatus, Subscriber, SuppressionReason

SUPPRESSING = {
    EventType.BOUNCED: (DeliveryStatus.BOUNCED, SuppressionReason.BOUNCE),
    EventType.REJECTED: (DeliveryStatus.BOUNCED, SuppressionReason.BOUNCE),
    EventType.COMPLAINED: (DeliveryStatus.COMPLAINED, SuppressionReason.COMPLAINT),
}


def connect() -> None:
    tracking.connect(received, dispatch_uid="newsletters-tracking")


def received(sender, event, esp_name, **kwargs) -> None:
    if event.event_type == EventType.UNSUBSCRIBED and event.recipient:
        for subscriber in Subscriber.objects.filter(email__iexact=event.recipient):
            subscribers.leave(subscriber)
        return
    if event.event_type not in SUPPRESSING or not event.recipient:
        return
    status, reason = SUPPRESSING[event.event_type]
    detail = f"{esp_name}: {event.description or event.reject_reason or event.event_type}"
    subscribers.suppress(email=event.recipient, reason=reason, detail=detail)
    if event.message_id:
        bare = event.message_id.strip().strip("<>")
        Delivery.objects.filter(message_id__in=[bare, f"<{bare}>"]).update(status=status, error=detail[:480])
