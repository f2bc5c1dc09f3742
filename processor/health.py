"""``reachability check``: exit 0 when a worker's heartbeat in Redis is fresh (arq style)."""

from __future__ import annotations

import sys
import time

import redis

from processor.settings import Settings
from processor.store.keys import Keys


def check(settings: Settings, max_age: float | None = None) -> int:
    limit = max_age if max_age is not None else settings.heartbeat_seconds * 3
    client = redis.Redis.from_url(settings.redis_url.get_secret_value(), socket_timeout=5)
    try:
        keys = list(client.scan_iter(Keys(settings.app_id).heartbeat_pattern(), count=100))
        beats = [float(v) for v in client.mget(keys) if v is not None] if keys else []
    except redis.RedisError as exc:
        print(f"unhealthy: Redis unreachable: {exc}", file=sys.stderr)
        return 1
    finally:
        client.close()
    if not beats:
        print(f"unhealthy: no heartbeat of app {settings.app_id!r} in Redis", file=sys.stderr)
        return 1
    age = time.time() - max(beats)
    if age > limit:
        print(
            f"unhealthy: newest heartbeat is {age:.0f}s old (limit {limit:.0f}s)", file=sys.stderr
        )
        return 1
    print(f"healthy: {len(beats)} worker(s), newest heartbeat {age:.1f}s old")
    return 0
