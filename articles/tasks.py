"""Work that follows a write but must not hold it: picture renditions, and purging CDNs (whose APIs can fail).

Both run on the task queue (``manage.py db_worker``). A CDN purge that fails is queued again after a pause that
doubles each time (``purge.CDN_BACKOFF``, up to ``purge.CDN_ATTEMPTS`` tries); Django's page cache and Varnish
are purged at once by ``articles.purge`` itself, so a withdrawal leaves them within a second whatever the CDN does.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.tasks import default_task_backend, task
from django.utils import timezone

from articles import purge, renditions
from articles.models import Image

logger = logging.getLogger(__name__)


@task
def make_image_renditions(image_id: int) -> None:
    image = Image.objects.filter(pk=image_id).first()
    if image is not None:  # deleted before a worker got to it
        renditions.make_renditions(image)


@task
def purge_cdn(target: str, keys: list[str], attempt: int = 1) -> None:
    batches = purge.cdn_batches(target, keys)
    failed = [batch for batch in batches if not purge.send_once(purge.cdn_request(target, batch))]
    if not failed:
        return
    missed = sorted({key for batch in failed for key in batch})
    if attempt >= purge.CDN_ATTEMPTS:
        logger.error("%s purge of %s failed after %d attempts", target, " ".join(missed), attempt)
        return
    delay = timedelta(seconds=purge.CDN_BACKOFF * 2 ** (attempt - 1))
    retry = purge_cdn.using(run_after=timezone.now() + delay) if default_task_backend.supports_defer else purge_cdn
    retry.enqueue(target, missed, attempt + 1)
