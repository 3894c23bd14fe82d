"""Work that follows a write but must not hold it: picture renditions (purges are ``pagecache.tasks``').

Runs on the task queue (``manage.py run_worker``). Safe to run twice: renditions are named by the picture's content
and crop, so a second run writes the same files. A first run only makes the files that are missing; a run after a
worker died mid-task (``context.attempt`` above 1, ``worker.leases``) makes them all again, since the dead run may
have left a file half written, which "missing or not" would keep.
"""

from __future__ import annotations

from django.tasks import TaskContext, task

from articles import renditions
from articles.models import Image


@task(takes_context=True)
def make_image_renditions(context: TaskContext, image_id: int) -> None:
    image = Image.objects.filter(pk=image_id).first()
    if image is not None:  # deleted before a worker got to it
        renditions.make_renditions(image, force=context.attempt > 1)
