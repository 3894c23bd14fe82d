"""Sending an edition: a send log row per reader, each claimed before it is handed to the mail service and marked
after, so a send that stops anywhere (a worker killed, a machine gone) resumes where it was.

1. ``start`` renders the edition once and writes one ``Delivery`` per reader receiving the list (unique per edition
   and reader: writing them again adds nobody twice), then queues ``tasks.send_edition``.
2. A run (``run``) claims a batch of due rows in one committed UPDATE (on PostgreSQL the rows are picked with
   ``SKIP LOCKED``, so runs of the same edition on several workers split the work), then for each row: waits for
   its slot under the service's rate (``pace``, shared by every worker), hands it to the backend, and marks it
   (``sent``; or back to ``pending`` with a doubling pause after a passing refusal; ``failed``; ``bounced`` and
   the address suppressed after a hard one) in its own committed UPDATE.
3. A run sends for at most ``RUN_SECONDS`` and queues the next; when no row is left waiting the edition is ``sent``.

The crash window. Between the service accepting a copy and its row being marked, a worker that dies leaves the row
``claimed``. Such a row (claimed longer ago than the worker lease, so its run is dead: ``worker.leases`` puts the
run's task back on the queue after the same lease) is handed over again, with the same Message-ID. We chose a rare
duplicate over a silent gap: a reader who never gets an edition cannot tell anyone, while the second copy carries the
first one's Message-ID, which mail services and clients (Gmail among them) drop as the same message. The window is
kept to one copy per worker: each copy is marked before the next is handed over (on PostgreSQL with
``synchronous_commit`` off for these marks, so a mark costs one round trip, not a disk flush; a mark is lost only if
the database itself crashes, and then the copy is sent again rather than skipped).
"""

from __future__ import annotations

import logging
import secrets
import time
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import connection as db
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from articles.models import Article
from newsletters import assembly, mail, render, subscribers
from newsletters.models import (
    Delivery,
    DeliveryStatus,
    Edition,
    EditionStatus,
    NewsletterList,
    ProviderPace,
    Subscriber,
    receiving,
)

logger = logging.getLogger(__name__)

BATCH = 200  # rows claimed at once
RUN_SECONDS = 50.0  # a run hands over copies for this long, then queues the next run
MAX_ATTEMPTS = 6  # passing refusals before a copy is given up
FIRST_RETRY = 30  # seconds; doubled for each further refusal


def lease() -> timedelta:
    return timedelta(seconds=settings.WORKER["LEASE_SECONDS"])


# --- starting ---


def message_id(edition_id: int, subscriber_id: int) -> str:
    return f"<nl.{edition_id}.{subscriber_id}.{secrets.token_hex(4)}@{mail.domain()}>"


def freeze(edition: Edition) -> render.Rendered | None:
    """Render the edition as it goes out (its public stories only) and keep it on the row; None when none is public."""
    stories = assembly.public_stories(edition)
    if not stories:
        return None
    rendered = render.render(edition, stories)
    edition.html, edition.text = rendered.html, rendered.text
    edition.rendered_ids = ",".join(str(pk) for pk in rendered.story_ids)
    edition.save(update_fields=["html", "text", "rendered_ids", "updated_at"])
    return rendered


def write_deliveries(edition: Edition) -> int:
    """One pending row per reader receiving the list (again: nobody is added twice). The edition's reader count."""
    readers = receiving(Subscriber.objects.filter(subscriptions__newsletter=edition.newsletter_id))
    chunk = []
    for subscriber_id, email in readers.values_list("pk", "email").iterator(chunk_size=2000):
        chunk.append(
            Delivery(
                edition=edition,
                subscriber_id=subscriber_id,
                email=email,
                message_id=message_id(edition.pk, subscriber_id),
            )
        )
        if len(chunk) >= 2000:
            Delivery.objects.bulk_create(chunk, ignore_conflicts=True)
            chunk = []
    Delivery.objects.bulk_create(chunk, ignore_conflicts=True)
    return Delivery.objects.filter(edition=edition).count()


def start(edition: Edition, *, user=None) -> bool:
    """Begin sending (draft or scheduled editions; again for one already sending, which changes nothing). False when
    none of its stories is public: nothing is sent and the edition stays as it was."""
    with transaction.atomic():
        edition = Edition.objects.select_for_update().get(pk=edition.pk)
        if edition.status in {EditionStatus.SENT, EditionStatus.CANCELLED}:
            return False
        if edition.status != EditionStatus.SENDING:
            if freeze(edition) is None:
                return False
            edition.status, edition.started_at, edition.sent_by = EditionStatus.SENDING, timezone.now(), user
            edition.save(update_fields=["status", "started_at", "sent_by", "updated_at"])
    edition.recipients = write_deliveries(edition)
    Edition.objects.filter(pk=edition.pk).update(recipients=edition.recipients)
    NewsletterList.objects.filter(pk=edition.newsletter_id).update(last_edition_at=edition.started_at)
    return True


# --- a run ---


def due(now) -> Q:
    waiting = Q(status=DeliveryStatus.PENDING) & (Q(next_try_at__isnull=True) | Q(next_try_at__lte=now))
    abandoned = Q(status=DeliveryStatus.CLAIMED, claimed_at__lt=now - lease())
    return waiting | abandoned


def claim(edition_id: int, token: str, *, size: int = BATCH) -> list[Delivery]:
    """Take up to ``size`` due rows for this run, committed before any is handed over."""
    now = timezone.now()
    with transaction.atomic():
        rows = Delivery.objects.filter(edition_id=edition_id).filter(due(now)).order_by("id")
        if db.features.has_select_for_update_skip_locked:
            rows = rows.select_for_update(skip_locked=True)
        ids = list(rows.values_list("pk", flat=True)[:size])
        Delivery.objects.filter(pk__in=ids).filter(due(now)).update(
            status=DeliveryStatus.CLAIMED, claim=token, claimed_at=now
        )
    return list(
        Delivery.objects.filter(edition_id=edition_id, claim=token, status=DeliveryStatus.CLAIMED)
        .select_related("subscriber")
        .order_by("id")
    )


def _mark(delivery: Delivery, token: str, **fields) -> None:
    Delivery.objects.filter(pk=delivery.pk, claim=token, status=DeliveryStatus.CLAIMED).update(
        attempts=F("attempts") + 1, **fields
    )


def pace(count: int) -> float:
    """Reserve ``count`` slots under the service's rate (``NEWSLETTER_SEND_RATE`` a second, shared by every worker
    through one row); the moment the first may go. No rate: now."""
    rate = settings.NEWSLETTER["SEND_RATE"]
    now = time.time()
    if not rate:
        return now
    name = settings.MAILERS["default"]["BACKEND"][:100]
    with transaction.atomic():
        ProviderPace.objects.get_or_create(name=name)
        row = ProviderPace.objects.select_for_update().get(name=name)
        begin = max(row.next_free, now)
        row.next_free = begin + count / rate
        row.save(update_fields=["next_free"])
    return begin


def refreshed(edition: Edition, rendered: render.Rendered | None) -> render.Rendered | None:
    """The mail as it may go out now: rendered again when one of its stories stopped being public (None: none is).
    One query a batch."""
    shown = [int(pk) for pk in edition.rendered_ids.split(",") if pk]
    if shown and Article.objects.published().filter(pk__in=shown).count() == len(shown):
        return rendered or render.Rendered(edition.subject, edition.html, edition.text, tuple(shown))
    return freeze(edition)


class _Synchronous:
    """On PostgreSQL, marks commit without waiting for the disk (see the module's notes); restored afterwards."""

    def __enter__(self):
        if db.vendor == "postgresql":
            with db.cursor() as cursor:
                cursor.execute("SET synchronous_commit TO OFF")

    def __exit__(self, *exc):
        if db.vendor == "postgresql":
            with db.cursor() as cursor:
                cursor.execute("SET synchronous_commit TO DEFAULT")


def run(edition_id: int, *, seconds: float = RUN_SECONDS) -> str:
    """Hand over what is due for one edition for up to ``seconds``: "more" (queue another run now), "later" (rows
    wait for a retry), "done", or "stopped" (not sending, or nothing left public)."""
    edition = Edition.objects.select_related("newsletter").filter(pk=edition_id).first()
    if edition is None or edition.status != EditionStatus.SENDING:
        return "stopped"
    token, until, rendered = uuid.uuid4().hex, time.monotonic() + seconds, None
    size = BATCH
    if settings.NEWSLETTER["SEND_RATE"]:  # a batch must be gone well within the lease that guards its claim
        size = max(1, min(BATCH, int(settings.NEWSLETTER["SEND_RATE"] * lease().total_seconds() / 3)))
    backend = mail.connection()
    try:
        with _Synchronous():
            while time.monotonic() < until:
                batch = claim(edition_id, token, size=size)
                if not batch:
                    break
                rendered = refreshed(edition, rendered)
                if rendered is None:
                    cancel_unsent(edition, reason="none of its stories is public any more")
                    return "stopped"
                begin = pace(len(batch))
                for n, delivery in enumerate(batch):
                    _hand_over(delivery, token, rendered=rendered, edition=edition, backend=backend, at=begin, n=n)
    finally:
        backend.close()
    return finish(edition)


def _hand_over(delivery: Delivery, token: str, *, rendered, edition: Edition, backend, at: float, n: int) -> None:
    subscriber = delivery.subscriber
    if subscriber is None or not subscriber.receives:
        _mark(delivery, token, status=DeliveryStatus.FAILED, error="left before it went out")
        return
    rate = settings.NEWSLETTER["SEND_RATE"]
    if rate and (wait := at + n / rate - time.time()) > 0:
        time.sleep(wait)
    newsletter = edition.newsletter
    copies = _copies(rendered, newsletter, backend)
    try:
        if copies is not None and subscriber.email.isascii():
            raw = copies.copy(
                to=subscriber.email, key=subscriber.key, list_id=newsletter.pk, message_id=delivery.message_id
            )
            copies.send(backend, to=subscriber.email, raw=raw)
            service_id = delivery.message_id
        else:
            message = mail.build(
                rendered=rendered,
                to=subscriber.email,
                key=subscriber.key,
                list_id=newsletter.pk,
                list_name=newsletter.name,
                list_slug=newsletter.slug,
                message_id=delivery.message_id,
            )
            backend.send_messages([message])
            service_id = mail.service_message_id(message, delivery.message_id)
    except Exception as error:  # every refusal is classified; none ends the run
        _refused(delivery, token, mail.classify(error), backend=backend)
        return
    _mark(delivery, token, status=DeliveryStatus.SENT, sent_at=timezone.now(), error="", message_id=service_id)


_COPIES: dict = {}  # the parts last made: {"for": (rendering, list id), "copies": Copies}


def _copies(rendered, newsletter, backend) -> mail.Copies | None:
    """The SMTP fast path's parts for this rendering (made once per edition and rendering), or None for other
    backends (anymail's services take Django's message objects)."""
    if not mail.Copies.usable(backend):
        return None
    made_for = _COPIES.get("for")
    if made_for is None or made_for[0] is not rendered or made_for[1] != newsletter.pk:
        _COPIES["for"] = (rendered, newsletter.pk)  # holds the rendering: its identity is not reused meanwhile
        _COPIES["copies"] = mail.Copies(rendered, list_name=newsletter.name, list_slug=newsletter.slug)
    return _COPIES["copies"]


def _refused(delivery: Delivery, token: str, refusal: mail.Refusal, *, backend) -> None:
    if refusal.reconnect:
        backend.close()
    if refusal.kind == mail.BOUNCE:
        _mark(delivery, token, status=DeliveryStatus.BOUNCED, error=refusal.reason)
        subscribers.suppress(email=delivery.email, reason="bounce", detail=refusal.reason)
    elif refusal.kind == mail.PERMANENT or delivery.attempts + 1 >= MAX_ATTEMPTS:
        _mark(delivery, token, status=DeliveryStatus.FAILED, error=refusal.reason)
    else:
        pause = timedelta(seconds=FIRST_RETRY * 2**delivery.attempts)
        _mark(delivery, token, status=DeliveryStatus.PENDING, next_try_at=timezone.now() + pause, error=refusal.reason)
        logger.info("Newsletter copy %s refused for now (%s); again in %s", delivery.pk, refusal.reason, pause)


def finish(edition: Edition) -> str:
    left = Delivery.objects.filter(edition=edition, status__in=[DeliveryStatus.PENDING, DeliveryStatus.CLAIMED])
    now = timezone.now()
    if left.filter(due(now)).exists():
        return "more"
    if left.exists():
        return "later"
    Edition.objects.filter(pk=edition.pk, status=EditionStatus.SENDING).update(
        status=EditionStatus.SENT, finished_at=now, updated_at=now
    )
    return "done"


def cancel_unsent(edition: Edition, *, reason: str) -> None:
    Delivery.objects.filter(edition=edition, status__in=[DeliveryStatus.PENDING, DeliveryStatus.CLAIMED]).update(
        status=DeliveryStatus.FAILED, error=reason
    )
    Edition.objects.filter(pk=edition.pk).update(status=EditionStatus.CANCELLED, finished_at=timezone.now())
    logger.warning("Edition %s stopped: %s", edition.pk, reason)


def next_retry(edition_id: int):
    return (
        Delivery.objects.filter(edition_id=edition_id, status=DeliveryStatus.PENDING, next_try_at__isnull=False)
        .order_by("next_try_at")
        .values_list("next_try_at", flat=True)
        .first()
    )
