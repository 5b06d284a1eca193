"""The production cache (Redis) as a cache should be: a Redis outage makes reads miss and
writes vanish (django-redis's IGNORE_EXCEPTIONS), never an error page."""

import logging

from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted

logger = logging.getLogger("nhaso.cache")


class ForgivingRedisCache(RedisCache):
    """``add`` answers True while Redis is away: locks built on it (allauth's login limits)
    let people in rather than refusing every login until Redis returns."""

    def add(self, *args, **kwargs):
        try:
            return self.client.add(*args, **kwargs)
        except ConnectionInterrupted:
            logger.warning("Redis is unreachable; cache.add() let the request through")
            return True
