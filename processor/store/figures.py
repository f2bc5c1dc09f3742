"""Read counters back from Redis for the business gauges and the report.

Reads only; every worker and every command sees the same figures because they all read the same
keys. One pipelined round trip per call.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import redis.asyncio as aioredis

from processor.figures import Counts
from processor.store.keys import Keys
from processor.store.state import text as _text

WINDOWS: tuple[str, ...] = ("15m", "1h", "today", "week")
_ROLLING = {"15m": 15, "1h": 60}


@dataclass(frozen=True, slots=True)
class ExtensionCounts:
    department: str
    extension: str
    window: str
    counts: Counts


def week_dates(day: date) -> list[date]:
    """The ISO week of ``day`` from its Monday up to and including ``day``."""
    monday = day - timedelta(days=day.weekday())
    return [monday + timedelta(days=i) for i in range((day - monday).days + 1)]


class FiguresReader:
    def __init__(self, client: aioredis.Redis, keys: Keys) -> None:
        self._redis = client
        self._keys = keys

    async def _hashes(self, keys: Sequence[str]) -> list[dict[str, int]]:
        async with self._redis.pipeline(transaction=False) as pipe:
            for key in keys:
                pipe.hgetall(key)
            replies = await pipe.execute()
        return [{_text(k): int(v) for k, v in reply.items()} for reply in replies]

    async def windows(
        self, departments: Sequence[str], now: datetime
    ) -> dict[tuple[str, str], Counts]:
        """Counts per (department, window) ending at ``now`` (aware, in the directory's zone).

        Rolling windows are whole minute buckets: ``15m`` is the current minute and the 14
        before it.
        """
        local_today = now.date()
        minute_now = int(now.astimezone(UTC).timestamp() // 60)
        days = week_dates(local_today)
        plan: list[tuple[str, str, str]] = []
        for dept in departments:
            for m in range(minute_now - _ROLLING["1h"] + 1, minute_now + 1):
                windows = "1h" if m <= minute_now - _ROLLING["15m"] else "15m,1h"
                plan.append((dept, windows, self._keys.minute(dept, m)))
            for d in days:
                windows = "week,today" if d == local_today else "week"
                plan.append((dept, windows, self._keys.day(dept, d)))
        hashes = await self._hashes([key for _, _, key in plan])
        out = {(dept, w): Counts() for dept in departments for w in WINDOWS}
        for (dept, windows, _), raw in zip(plan, hashes, strict=True):
            if raw:
                part = Counts.from_fields(raw)
                for w in windows.split(","):
                    out[dept, w].add(part)
        return out

    async def days(
        self, departments: Sequence[str], dates: Sequence[date]
    ) -> dict[tuple[str, date], Counts]:
        plan = [(dept, d) for dept in departments for d in dates]
        hashes = await self._hashes([self._keys.day(dept, d) for dept, d in plan])
        return {key: Counts.from_fields(raw) for key, raw in zip(plan, hashes, strict=True)}

    async def extensions(self, departments: Sequence[str], today: date) -> list[ExtensionCounts]:
        days = week_dates(today)
        plan = [(dept, d) for dept in departments for d in days]
        hashes = await self._hashes([self._keys.extension_day(dept, d) for dept, d in plan])
        per: dict[tuple[str, str, str], Counts] = {}
        for (dept, d), raw in zip(plan, hashes, strict=True):
            for name, value in raw.items():
                extension, _, outcome = name.rpartition("|")
                windows = ("week", "today") if d == today else ("week",)
                for w in windows:
                    per.setdefault((dept, extension, w), Counts()).add_field(outcome, value)
        return [ExtensionCounts(dept, ext, w, c) for (dept, ext, w), c in sorted(per.items())]
