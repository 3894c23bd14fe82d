"""What the SMTP server's refusals do: a hard one (550) marks the copy bounced and suppresses the address; a passing
one (451) puts the copy back with a doubling pause and it goes out once the pause is over; the send rate is shared
through the database."""

from datetime import timedelta

from django.utils import timezone

from newsletters import assembly, editions, sending, tasks
from newsletters.models import Delivery, DeliveryStatus, EditionStatus, Subscriber, SubscriberStatus
from tests.factories import PublishedArticleFactory
from tests.newsletters.conftest import subscribe


def _send(morning, editor, committed):
    edition = assembly.new_edition(newsletter=morning, subject="Briefing")
    assembly.fill(edition, [PublishedArticleFactory(headline="Harbour wall repaired")])
    committed(editions.send_now, edition=edition, user=editor)
    edition.refresh_from_db()
    return edition


def test_a_hard_refusal_bounces_the_copy_and_suppresses_the_address(smtp, morning, editor, committed):
    subscribe(morning, "gone@example.org", "ann@example.org")
    smtp.handler.refuse["gone@example.org"] = "550 5.1.1 No such user"
    edition = _send(morning, editor, committed)

    assert [m["To"] for m in smtp.messages] == ["ann@example.org"]
    assert Delivery.objects.get(email="gone@example.org").status == DeliveryStatus.BOUNCED
    assert Subscriber.objects.get(email="gone@example.org").status == SubscriberStatus.SUPPRESSED
    assert edition.status == EditionStatus.SENT


def test_a_passing_refusal_is_tried_again_after_a_pause(smtp, morning, editor, committed, time_machine):
    subscribe(morning, "busy@example.org", "ann@example.org")
    smtp.handler.refuse["busy@example.org"] = "451 4.7.1 Try again later"
    edition = _send(morning, editor, committed)

    waiting = Delivery.objects.get(email="busy@example.org")
    assert waiting.status == DeliveryStatus.PENDING and waiting.attempts == 1
    assert waiting.next_try_at > timezone.now() + timedelta(seconds=25)
    assert edition.status == EditionStatus.SENDING
    committed(tasks.tick.call)  # before the pause is over: nothing
    assert [m["To"] for m in smtp.messages] == ["ann@example.org"]

    del smtp.handler.refuse["busy@example.org"]
    time_machine.move_to(timezone.now() + timedelta(seconds=31), tick=False)
    committed(tasks.tick.call)  # the worker's scheduler picks the stalled send up
    assert sorted(m["To"] for m in smtp.messages) == ["ann@example.org", "busy@example.org"]
    edition.refresh_from_db()
    assert edition.status == EditionStatus.SENT


def test_the_send_rate_is_shared_by_every_worker(settings, db):
    settings.NEWSLETTER = {**settings.NEWSLETTER, "SEND_RATE": 10}
    first, second = sending.pace(50), sending.pace(50)  # two workers' batches
    assert second - first >= 5 - 0.01  # the second starts when the first's 50 slots at 10 a second are used
