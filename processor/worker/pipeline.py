"""One batch of consumed records, end to end: validate, dead-letter, apply to Redis, count.

Order matters for "nothing lost": rejected records and normalised legs are produced (and their
delivery awaited) *before* the batch is applied to Redis, and the batch is applied before Faust
acks it. A crash anywhere re-reads the batch; the apply script skips what was already applied and
downstream dedupes re-produced legs by ``event_id``.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import TypeVar

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from processor.adapters.base import Normalizer
from processor.directory import Directory
from processor.metrics.pipeline import PipelineMetrics
from processor.store.state import CallState, Status
from processor.worker.records import Batch, Record, leg_batch, raw_batch

log = logging.getLogger(__name__)
T = TypeVar("T")

Headers = list[tuple[str, bytes]]
# (topic, key, value, headers) of each record to produce
Outgoing = tuple[str, bytes | None, bytes, Headers]
# Produces every record and returns once all were delivered (raises when one was not).
Send = Callable[[list[Outgoing]], Awaitable[None]]


async def with_retry(what: str, action: Callable[[], Awaitable[T]]) -> T:
    """Retry ``action`` while Redis is unreachable: a Redis restart must not lose a batch."""
    delay = 0.2
    while True:
        try:
            return await action()
        except (RedisConnectionError, RedisTimeoutError, OSError) as exc:
            log.warning("redis unavailable, retrying what=%s error=%s delay=%.1f", what, exc, delay)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 5.0)


class Pipeline:
    def __init__(
        self,
        state: CallState,
        metrics: PipelineMetrics,
        directory: Directory,
        send: Send,
        *,
        legs_topic: str,
        dlq_topic: str,
        settle_seconds: float,
        retention: timedelta,
        pseudonym_key: bytes | None = None,
    ) -> None:
        self._state = state
        self._metrics = metrics
        self._directory = directory
        self._send = send
        self._legs_topic = legs_topic
        self._dlq_topic = dlq_topic
        self._settle = settle_seconds
        self._retention = retention
        self._pseudonym_key = pseudonym_key

    async def legs(self, topic: str, records: list[Record]) -> dict[str, int]:
        now = datetime.now(UTC)
        batch = leg_batch(
            records, now=now, retention=self._retention, pseudonym_key=self._pseudonym_key
        )
        return await self._finish(topic, batch, now)

    async def raw(self, topic: str, records: list[Record], normalize: Normalizer) -> dict[str, int]:
        now = datetime.now(UTC)
        batch = raw_batch(records, normalize, self._directory, now=now, retention=self._retention)
        await self._send(
            [(self._legs_topic, leg.call_id.encode(), leg.to_json(), []) for leg in batch.legs_out]
        )
        return await self._finish(topic, batch, now)

    async def _finish(self, topic: str, batch: Batch, now: datetime) -> dict[str, int]:
        dead: list[Outgoing] = []
        for record, error in batch.rejected:
            headers = [
                ("reachability.reason", error.reason.encode()),
                ("reachability.detail", error.detail[:500].encode()),
                ("reachability.topic", record.topic.encode()),
                ("reachability.partition", str(record.partition).encode()),
                ("reachability.offset", str(record.offset).encode()),
            ]
            dead.append((self._dlq_topic, record.key, record.value or b"", headers))
        await self._send(dead)
        statuses = await with_retry(
            "apply", lambda: self._state.apply(topic, batch.entries, settle_seconds=self._settle)
        )
        return self._count(topic, batch, statuses)

    def _count(self, topic: str, batch: Batch, statuses: dict[int, list[Status]]) -> dict[str, int]:
        tally: dict[str, int] = {}
        by_offset: dict[tuple[int, int], Status] = {}
        for partition, entries in batch.entries.items():
            ordered = sorted(entries, key=lambda e: e.offset)
            for entry, status in zip(ordered, statuses[partition], strict=True):
                by_offset[partition, entry.offset] = status
                # A replayed offset was counted by whoever applied it first; for this process it
                # is a duplicate delivery.
                result: str = "duplicate" if status == "replay" else status
                tally[result] = tally.get(result, 0) + 1
        for result, n in tally.items():
            self._metrics.records.labels(topic=topic, result=result).inc(n)
        for record, error in batch.rejected:
            if by_offset.get((record.partition, record.offset)) == "rejected":
                self._metrics.rejected.labels(topic=topic, reason=error.reason).inc()
                log.warning(
                    "record rejected topic=%s partition=%d offset=%d reason=%s detail=%s",
                    record.topic,
                    record.partition,
                    record.offset,
                    error.reason,
                    error.detail,
                )
        self._metrics.last_record.labels(topic=topic).set(time.time())
        return tally
