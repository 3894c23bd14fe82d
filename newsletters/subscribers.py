"""What readers do with their subscription (each reached through a signed link, no account): confirm a sign-up,
choose lists, pause, leave one list or all, take their data away (JSON) or have it erased; and the suppression of
addresses that bounced or complained."""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from articles import subjects
from newsletters.models import (
    SUBJECT_KINDS,
    Cadence,
    ConfirmationMail,
    Delivery,
    NewsletterList,
    Subscriber,
    SubscriberStatus,
    Subscription,
    Suppression,
    SuppressionReason,
    digest,
)
from newsletters.tokens import SignUp


def is_suppressed(email: str) -> bool:
    return Suppression.objects.filter(email_digest=digest(email)).exists()


def offered_lists():
    """Lists the sign-up page offers: editors' lists and alerts (a subject's list is followed from its page)."""
    return NewsletterList.objects.filter(offered=True).exclude(kind__in=SUBJECT_KINDS)


def follow_list(reference: str) -> NewsletterList | None:
    """The list following ``"region:12"`` (made the first time a reader confirms following it), or None when that
    subject is unknown or has nothing public (a name only drafts carry is never confirmed, nor followed)."""
    kind_name, _, pk = reference.partition(":")
    kind = subjects.SUBJECTS.get(kind_name)
    if kind is None or not pk.isdigit():
        return None
    subject = kind.carried().filter(pk=int(pk)).first()
    if subject is None:
        return None
    try:
        with transaction.atomic():
            newsletter, _ = NewsletterList.objects.get_or_create(
                kind=kind.kind,
                subject_id=subject.pk,
                defaults={
                    "name": f"{subject}: daily",
                    "slug": f"{kind.kind}-{subject.pk}-{subject.slug}"[:200],
                    "description": f"The day's new stories: {kind.title_format.format(subject)}.",
                    "cadence": Cadence.DAILY,
                    "automatic": True,
                    "offered": False,
                },
            )
    except IntegrityError:  # two readers confirming at once: the other made it
        newsletter = NewsletterList.objects.get(kind=kind.kind, subject_id=subject.pk)
    return newsletter


def lists_for(signup: SignUp) -> list[NewsletterList]:
    chosen = list(NewsletterList.objects.filter(pk__in=signup.lists).exclude(kind__in=SUBJECT_KINDS))
    chosen += [newsletter for ref in signup.follow if (newsletter := follow_list(ref)) is not None]
    return chosen


@transaction.atomic
def confirm(signup: SignUp, *, lists: list[NewsletterList]) -> Subscriber | None:
    """The reader clicked their confirmation link: the address is theirs. None for a suppressed address (it bounced
    or complained; an editor lifts that)."""
    if is_suppressed(signup.email):
        return None
    subscriber, created = Subscriber.objects.get_or_create(
        email=signup.email, defaults={"signed_up_from": signup.page[:300]}
    )
    if not created and subscriber.status != SubscriberStatus.ACTIVE:
        subscriber.status, subscriber.paused_until, subscriber.confirmed_at = (
            SubscriberStatus.ACTIVE,
            None,
            timezone.now(),
        )
        subscriber.save(update_fields=["status", "paused_until", "confirmed_at", "updated_at"])
    Subscription.objects.bulk_create(
        [Subscription(subscriber=subscriber, newsletter=newsletter) for newsletter in lists], ignore_conflicts=True
    )
    return subscriber


def by_key(key: str | None) -> Subscriber | None:
    return Subscriber.objects.filter(key=key).first() if key else None


@transaction.atomic
def choose_lists(subscriber: Subscriber, *, lists: list[NewsletterList]) -> None:
    subscriber.subscriptions.exclude(newsletter__in=lists).delete()
    Subscription.objects.bulk_create(
        [Subscription(subscriber=subscriber, newsletter=newsletter) for newsletter in lists], ignore_conflicts=True
    )
    status = SubscriberStatus.ACTIVE if lists else SubscriberStatus.UNSUBSCRIBED
    if subscriber.status in {SubscriberStatus.ACTIVE, SubscriberStatus.UNSUBSCRIBED} and subscriber.status != status:
        subscriber.status = status
        subscriber.save(update_fields=["status", "updated_at"])


def pause(subscriber: Subscriber, *, until: datetime | None) -> None:
    """No mail until ``until`` (None: until they resume)."""
    if subscriber.status == SubscriberStatus.SUPPRESSED:
        return
    subscriber.status, subscriber.paused_until = SubscriberStatus.PAUSED, until
    subscriber.save(update_fields=["status", "paused_until", "updated_at"])


def resume(subscriber: Subscriber) -> None:
    if subscriber.status == SubscriberStatus.PAUSED:
        subscriber.status, subscriber.paused_until = SubscriberStatus.ACTIVE, None
        subscriber.save(update_fields=["status", "paused_until", "updated_at"])


@transaction.atomic
def leave(subscriber: Subscriber, *, newsletter_id: int | None = None) -> None:
    """Off one list (the one-click unsubscribe names it), or off all of them."""
    left = subscriber.subscriptions.all()
    if newsletter_id is not None:
        left = left.filter(newsletter_id=newsletter_id)
    left.delete()
    if not subscriber.subscriptions.exists() and subscriber.status != SubscriberStatus.SUPPRESSED:
        subscriber.status = SubscriberStatus.UNSUBSCRIBED
        subscriber.save(update_fields=["status", "updated_at"])


def export(subscriber: Subscriber) -> dict:
    """Everything kept about this reader, as they may take it away."""
    deliveries = subscriber.deliveries.select_related("edition__newsletter").order_by("id")
    return {
        "email": subscriber.email,
        "status": subscriber.status,
        "paused_until": subscriber.paused_until.isoformat() if subscriber.paused_until else None,
        "confirmed_at": subscriber.confirmed_at.isoformat(),
        "signed_up_from": subscriber.signed_up_from,
        "created_at": subscriber.created_at.isoformat(),
        "lists": [
            {"name": s.newsletter.name, "since": s.created_at.isoformat()}
            for s in subscriber.subscriptions.select_related("newsletter").order_by("created_at")
        ],
        "mail_sent": [
            {
                "newsletter": d.edition.newsletter.name,
                "subject": d.edition.subject,
                "status": d.status,
                "sent_at": d.sent_at.isoformat() if d.sent_at else None,
            }
            for d in deliveries
        ],
    }


@transaction.atomic
def erase(subscriber: Subscriber) -> None:
    """Forget the reader: their row, lists and address in the send log go; the log keeps anonymous counts. A
    suppressed address stays suppressed, as a digest (so a bounce list does not turn into a way back in)."""
    Delivery.objects.filter(subscriber=subscriber).update(subscriber=None, email="")
    ConfirmationMail.objects.filter(email_digest=digest(subscriber.email)).delete()
    subscriber.delete()


def suppress(*, email: str, reason: str = SuppressionReason.BOUNCE, detail: str = "") -> None:
    """Never mail this address again (a hard bounce or a complaint the service reported); its subscriber, if any,
    is marked suppressed."""
    if not email:
        return
    Suppression.objects.get_or_create(email_digest=digest(email), defaults={"reason": reason, "detail": detail[:300]})
    Subscriber.objects.filter(email__iexact=email.strip()).update(
        status=SubscriberStatus.SUPPRESSED, updated_at=timezone.now()
    )
