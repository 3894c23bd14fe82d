"""A send survives a dead worker: a real ``manage.py run_worker`` is killed (kill -9) while it hands a copy to a real
SMTP server; once its lease runs out another worker finishes the edition from the send log. No reader is skipped.

Where the kill lands decides the rest (newsletters.sending, "The crash window"): killed before the server accepted
the copy, nobody gets it twice; killed after the server accepted it but before the send log said so, that one reader
gets a second copy with the same Message-ID (we chose that over a silent gap)."""

from __future__ import annotations

import signal

import pytest

from newsletters import assembly, sending, tasks
from newsletters.models import Kind, NewsletterList
from tests import worker_process
from tests.factories import PublishedArticleFactory
from tests.newsletters.conftest import subscribe
from tests.newsletters.smtp import SMTPServer
from tests.worker_process import stop

worker_db = worker_process.worker_db  # fixture

FAST_LEASES = {"WORKER_HEARTBEAT_SECONDS": "0.3", "WORKER_LEASE_SECONDS": "3", "WORKER_MAX_ATTEMPTS": "3"}
READERS = [f"reader{n:02d}@example.org" for n in range(30)]
KILLED_AT = 10  # the copy being handed over when the worker dies


@pytest.fixture
def sink():
    with SMTPServer() as server:
        yield server


def _edition_on_the_queue(worker_db):
    newsletter = NewsletterList.objects.create(name="The Morning Briefing", slug="morning", kind=Kind.EDITORIAL)
    subscribe(newsletter, *READERS)
    edition = assembly.new_edition(newsletter=newsletter, subject="Tuesday's briefing")
    assembly.fill(edition, [PublishedArticleFactory(headline="Harbour wall repaired")])
    assert sending.start(edition)  # rendered, and one send-log row per reader
    tasks.send_edition.enqueue(edition.pk)  # on the real queue, for the workers
    worker_db.hand_over()
    return edition


def _kill_mid_send(worker_db, sink, *, accepted: bool):
    sink.handler.gate.hold_at, sink.handler.gate.keep = KILLED_AT, accepted
    edition = _edition_on_the_queue(worker_db)
    env = {**FAST_LEASES, **sink.env(), "SITE_URL": "https://news.example.org"}
    first = worker_db.start_worker("first", env=env)
    worker_db.wait_for(sink.handler.gate.held.is_set, workers=[first], message="the worker never reached the copy")
    first.send_signal(signal.SIGKILL)  # no goodbye: its claimed rows stay claimed, its task stays RUNNING
    first.wait(30)
    sink.handler.gate.release.set()
    kept = KILLED_AT - (0 if accepted else 1)
    worker_db.wait_for(lambda: sink.handler.seen == KILLED_AT and len(sink.messages) == kept)

    second = worker_db.start_worker("second", env=env)
    status = "SELECT status FROM newsletters_edition WHERE id = ?"
    sent = "SELECT count(*) FROM newsletters_delivery WHERE edition_id = ? AND status = 'sent'"
    try:
        worker_db.wait_for_rows(status, (edition.pk,), want=lambda rows: rows == [("sent",)], workers=[second])
        assert worker_db.rows(sent, (edition.pk,)) == [(len(READERS),)]
    finally:
        stop([second])
    assert "put back on the queue" in worker_db.log("second")
    return [message["To"] for message in sink.messages]


def test_a_worker_killed_while_handing_over_a_copy_resumes_with_no_duplicate_and_no_gap(worker_db, sink):
    received = _kill_mid_send(worker_db, sink, accepted=False)
    assert sorted(received) == READERS  # every reader once: the copy cut off was handed over again


def test_a_worker_killed_after_the_server_accepted_a_copy_resends_that_one_with_the_same_message_id(worker_db, sink):
    received = _kill_mid_send(worker_db, sink, accepted=True)
    assert sorted(set(received)) == READERS  # no gap
    twice = [reader for reader in READERS if received.count(reader) == 2]
    assert len(received) == len(READERS) + 1 and len(twice) == 1  # the one copy in the window, and only it
    copies = [message["Message-ID"] for message in sink.messages if message["To"] == twice[0]]
    assert copies[0] == copies[1]  # the same message: mail services and clients that dedupe drop the second
