"""Work that follows a write but must not hold it: picture renditions (purges are ``pagecache.tasks``').

Runs on the task queue (``manage.py db_worker``).
"""

from __future__ import annotations

from django.tasks import task

from articles import renditions
from articles.models import Image


@task
def make_image_renditions(image_id: int) -> None:
    image = Image.objects.filter(pk=image_id).first()
    if image is not None:  # deleted before a worker got to it
        renditions.make_renditions(image)
