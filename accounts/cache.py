"""Django's Redis cache, carrying on when Redis is away: a read misses and a write is
dropped (with a log line) instead of failing the request. Nothing the portal must not lose
lives in the cache: sessions, login counters and recompute marks are in the database."""

import logging
from typing import Any

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)


def _tolerant(name: str, default: Any) -> Any:
    method = getattr(RedisCache, name)

    def call(self: RedisCache, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except UNREACHABLE:
            logger.warning("Redis is unreachable: cache %s skipped", name)
            return default(*args, **kwargs) if callable(default) else default

    call.__name__ = name
    return call


class TolerantRedisCache(RedisCache):
    get = _tolerant("get", lambda key, default=None, *a, **k: default)
    get_many = _tolerant("get_many", {})
    set = _tolerant("set", None)
    set_many = _tolerant("set_many", [])
    # "Stored" when Redis is away: a one-time mark (a used two-factor code) must not lock
    # people out during an outage.
    add = _tolerant("add", True)
    delete = _tolerant("delete", False)
    delete_many = _tolerant("delete_many", None)
    touch = _tolerant("touch", False)
    has_key = _tolerant("has_key", False)
    clear = _tolerant("clear", None)
    incr = _tolerant("incr", lambda key, delta=1, *a, **k: delta)
