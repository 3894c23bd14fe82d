"""Work queued after a write, on the real database queue: renditions after an upload, CDN purges with backoff."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from articles import services
from articles.renditions import rendition
from pagecache import pages as page_cache
from pagecache import purge
from pagecache import tasks as purge_tasks
from pagecache.backends import PurgeFailed, fastly
from tests.factories import jpeg_bytes

pytestmark = pytest.mark.django_db

REAL_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def queue():
    with override_settings(TASKS=REAL_QUEUE):
        yield


def run_ready_tasks() -> None:
    """What `manage.py db_worker --batch` does, in this process (without its connection recycling, which would
    close the test's transaction)."""
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test",
        excluded_queue_names=[],
    )
    while (ready := DBTaskResult.objects.ready().get_locked()) is not None:
        ready.claim("test")
        worker.run_task(ready)


def test_an_upload_returns_before_its_renditions_and_a_worker_makes_them(queue, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        image, created = services.save_image(data=jpeg_bytes(), filename="harbour.jpg", alt_text="Harbour")
    card = rendition(image, "card").variants[0].path
    assert created and not default_storage.exists(card)  # the upload did not wait for them
    run_ready_tasks()
    assert default_storage.exists(card)


def test_a_failing_cdn_purge_is_retried_later_with_a_growing_pause_while_the_page_cache_purges_at_once(
    queue, settings, monkeypatch
):
    settings.NEWSROOM = {**settings.NEWSROOM, "FASTLY_API_TOKEN": "token", "FASTLY_SERVICE_ID": "svc"}
    answers = [False, False, True]  # Fastly fails twice, then accepts
    sent = []

    def send(request):
        sent.append(request.headers["Surrogate-Key"])
        if not answers.pop(0):
            raise PurgeFailed("503")

    monkeypatch.setattr(fastly, "send", send)
    purged_locally = []
    monkeypatch.setattr(page_cache, "purge_keys", purged_locally.append)

    purge.purge_now(["a1", "latest"])
    assert purged_locally == [["a1", "latest"]] and sent == []  # the page cache at once; the CDN on the queue

    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        run_ready_tasks()
        assert sent == ["a1 latest"]
        retry = DBTaskResult.objects.get(status="READY")
        assert retry.args_kwargs["args"][2] == 2 and retry.run_after >= start + timedelta(seconds=purge_tasks.BACKOFF)
        run_ready_tasks()  # not due yet: nothing is sent
        assert len(sent) == 1
        clock.shift(timedelta(seconds=purge_tasks.BACKOFF + 0.1))
        run_ready_tasks()
        second = DBTaskResult.objects.get(status="READY")
        assert second.run_after >= timezone.now() + timedelta(seconds=2 * purge_tasks.BACKOFF - 0.1)  # doubled
        clock.shift(timedelta(seconds=2 * purge_tasks.BACKOFF + 0.1))
        run_ready_tasks()
    assert sent == ["a1 latest"] * 3 and not DBTaskResult.objects.filter(status="READY").exists()
