import os

from .settings import *  # noqa
from .settings import CACHES, MIDDLEWARE

CACHES["default"] = {
    "BACKEND": "django.core.cache.backends.redis.RedisCache",
    "LOCATION": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/4"),
}
MIDDLEWARE = [
    "django.middleware.cache.UpdateCacheMiddleware",
    "news.cachemw.public_cache",
    *MIDDLEWARE,
    "django.middleware.cache.FetchFromCacheMiddleware",
]
CACHE_MIDDLEWARE_SECONDS = 300
CACHE_MIDDLEWARE_KEY_PREFIX = "anchor"
