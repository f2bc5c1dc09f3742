"""The one Redis read of a report: daily counters of the period (and of the trend weeks), in one
pipelined round trip through ``FiguresReader``. Read-only; the password never appears in errors.
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlsplit

import redis.asyncio as aioredis
from redis.exceptions import RedisError

from processor.report.departments import Department
from processor.report.errors import RedisUnavailableError
from processor.report.model import Report, build_report, history_dates
from processor.report.periods import Period
from processor.store.figures import FiguresReader
from processor.store.keys import Keys

TIMEOUT_SECONDS = 10.0


def redis_location(url: str) -> str:
    """Host, port and database of a Redis URL, without user or password."""
    parts = urlsplit(url)
    if parts.scheme == "unix":
        return parts.path
    host = parts.hostname or "localhost"
    port = parts.port or 6379
    db = parts.path.lstrip("/") or "0"
    return f"{parts.scheme}://{host}:{port}/{db}"


async def read_report(
    client: aioredis.Redis,
    keys: Keys,
    period: Period,
    departments: Sequence[Department],
    *,
    timezone: str = "",
) -> Report:
    """Read the days of ``period`` (and of a weekly report's trend weeks); build the report."""
    dates = [*history_dates(period), *period.dates()]
    figures = await FiguresReader(client, keys).days([d.id for d in departments], dates)
    return build_report(period, departments, figures, timezone=timezone)


async def fetch_report(
    redis_url: str,
    prefix: str,
    period: Period,
    departments: Sequence[Department],
    *,
    timezone: str = "",
) -> Report:
    """Connect, read, close. ``RedisUnavailableError`` when Redis cannot be reached or read."""
    client = aioredis.Redis.from_url(
        redis_url, socket_connect_timeout=TIMEOUT_SECONDS, socket_timeout=TIMEOUT_SECONDS
    )
    try:
        return await read_report(client, Keys(prefix), period, departments, timezone=timezone)
    except (RedisError, OSError) as exc:
        raise RedisUnavailableError(
            f"cannot read figures from Redis at {redis_location(redis_url)}: "
            f"{str(exc).rstrip('.')}; check "
            "REACHABILITY_REDIS_URL and that Redis is running"
        ) from exc
    finally:
        await client.aclose()
