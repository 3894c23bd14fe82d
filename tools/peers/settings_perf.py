import os

from newsroom.settings import *  # noqa
from newsroom.settings import RELATED_STORIES

if os.environ.get("RELATED_CACHE_SECONDS") is not None:
    RELATED_STORIES = {**RELATED_STORIES, "CACHE_SECONDS": int(os.environ["RELATED_CACHE_SECONDS"])}
