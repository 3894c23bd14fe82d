"""Editions the worker's scheduler sends (newsletters.tasks.tick, every 30 s on every worker, each tick claimed once):
an edition an editor scheduled, when its time comes; and RSS-to-email lists, at their send time, with what was
published since the last edition, and nothing on a day with nothing new."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from newsletters import assembly, editions, tasks
from newsletters.models import Cadence, EditionStatus, Kind, NewsletterList
from tests.factories import PublishedArticleFactory, SectionFactory
from tests.newsletters.conftest import subscribe

LONDON = ZoneInfo("Europe/London")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=LONDON)


def test_a_scheduled_edition_goes_out_when_its_time_comes(smtp, morning, editor, time_machine, committed):
    time_machine.move_to(at(2, 6), tick=False)
    subscribe(morning, "ann@example.org")
    edition = assembly.new_edition(newsletter=morning, subject="Monday's briefing")
    assembly.fill(edition, [PublishedArticleFactory(headline="Harbour wall repaired")])
    editions.schedule(edition=edition, at=at(2, 7), user=editor)

    committed(tasks.tick.call)
    assert smtp.messages == []
    time_machine.move_to(at(2, 7, 1), tick=False)
    committed(tasks.tick.call)
    edition.refresh_from_db()
    assert edition.status == EditionStatus.SENT and [m["Subject"] for m in smtp.messages] == ["Monday's briefing"]
    committed(tasks.tick.call)  # the next tick finds nothing to do
    assert len(smtp.messages) == 1


@pytest.fixture
def automatic(db, time_machine):
    time_machine.move_to(at(2, 6), tick=False)
    section = SectionFactory(name="Sport", slug="sport")
    newsletter = NewsletterList.objects.create(
        name="Sport: daily", slug="sport-daily", kind=Kind.SECTION, subject_id=section.pk,
        cadence=Cadence.DAILY, send_time=time(7, 0), automatic=True,
    )  # fmt: skip
    subscribe(newsletter, "fan@example.org")
    return newsletter, section


def test_an_automatic_list_sends_what_is_new_at_its_send_time_and_nothing_on_a_quiet_day(
    smtp, automatic, time_machine, committed
):
    newsletter, section = automatic
    time_machine.move_to(at(2, 6, 30), tick=False)
    PublishedArticleFactory(headline="United win the cup", section=section, published_at=at(2, 6, 20))
    PublishedArticleFactory(headline="Elsewhere: not sport")
    committed(tasks.tick.call)
    assert smtp.messages == []  # before 07:00

    time_machine.move_to(at(2, 7, 1), tick=False)
    committed(tasks.tick.call)
    committed(tasks.tick.call)  # a second tick (another worker) in the same slot sends nothing more
    [message] = smtp.messages
    html = message.get_body(("html",)).get_content()
    assert "United win the cup" in html and "not sport" not in html

    time_machine.move_to(at(3, 7, 1), tick=False)  # a day with nothing new: no mail
    committed(tasks.tick.call)
    assert len(smtp.messages) == 1
    PublishedArticleFactory(headline="Rovers sign a striker", section=section, published_at=at(3, 9))
    time_machine.move_to(at(3, 9, 1), tick=False)
    committed(tasks.tick.call)
    assert len(smtp.messages) == 2
    html = smtp.messages[1].get_body(("html",)).get_content()
    assert "Rovers sign a striker" in html and "United win the cup" not in html
    assert newsletter.editions.filter(status=EditionStatus.SENT).count() == 2
