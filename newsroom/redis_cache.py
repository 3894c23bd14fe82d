"""Django's Redis cache, with one client object per connection pool instead of one per cache call.

Django's ``RedisCacheClient.get_client()`` builds a new ``redis.Redis`` for every operation, and redis-py 8 fills a
table of ~170 response callbacks in each constructor: about a fifth of a millisecond per cache call, which is
most of what a page-cache hit costs. A ``redis.Redis`` is safe to share between threads (the pool hands out
connections), so keeping one per pool changes nothing else.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class ReusedClientRedisCacheClient(RedisCacheClient):
    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients", {})
        client = clients.get(id(pool))
        if client is None:
            client = clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient
