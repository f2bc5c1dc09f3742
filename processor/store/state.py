"""The worker's Redis adapter: apply batches of records, find and finalise settled calls.

One round trip per batch: all partitions of a batch go through one pipeline of ``APPLY_BATCH``
calls. Every state change goes through the scripts in ``scripts.py``; nothing here writes a
counter directly, so the exactly-once argument lives in those two scripts alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, cast

import redis.asyncio as aioredis

from processor.calls.model import StoredLeg
from processor.store.counters import Increment
from processor.store.keys import Keys
from processor.store.scripts import APPLY_BATCH, FINALIZE

Kind = Literal["L", "R", "A"]
Status = Literal["accepted", "duplicate", "late", "rejected", "replay"]


@dataclass(frozen=True, slots=True)
class Entry:
    """One record of a batch, as the apply script sees it."""

    offset: int
    kind: Kind  # L: a leg to keep; R: rejected (already in the DLQ); A: accepted, no call state
    timestamp: float  # Kafka record time, epoch seconds: when the log received the record
    call_id: str = ""
    event_id: str = ""
    leg: str = ""


@dataclass(frozen=True, slots=True)
class Finalization:
    partition: int
    call_id: str
    leg_count: int
    clock: float  # the partition clock the call was found due at
    increments: Sequence[Increment]


class CallState:
    def __init__(self, client: aioredis.Redis, keys: Keys, *, done_ttl_seconds: int) -> None:
        self._redis = client
        self._keys = keys
        self._done_ttl = done_ttl_seconds
        self._apply = client.register_script(APPLY_BATCH)
        self._finalize = client.register_script(FINALIZE)

    async def apply(
        self, topic: str, batches: Mapping[int, Sequence[Entry]], *, settle_seconds: float
    ) -> dict[int, list[Status]]:
        """Apply each partition's records in offset order; returns a status per record."""
        partitions = sorted(batches)
        async with self._redis.pipeline(transaction=False) as pipe:
            for partition in partitions:
                argv: list[str | int | float] = [
                    self._keys.offset(topic, partition),
                    self._keys.clock(topic, partition),
                    self._keys.settle(partition),
                    self._keys.ledger(topic),
                    settle_seconds,
                    self._keys.prefix,
                ]
                for e in sorted(batches[partition], key=lambda entry: entry.offset):
                    argv += [e.offset, e.kind, e.call_id, e.event_id, e.leg, e.timestamp]
                await self._apply(keys=[], args=argv, client=pipe)
            replies = await pipe.execute()
        return {
            p: [cast(Status, text(s)) for s in reply]
            for p, reply in zip(partitions, replies, strict=True)
        }

    async def positions(
        self, topic: str, partitions: Iterable[int]
    ) -> dict[int, tuple[int, float]]:
        """Per partition: the applied offset (-1: none yet) and the clock (0: none yet)."""
        parts = list(partitions)
        async with self._redis.pipeline(transaction=False) as pipe:
            for p in parts:
                pipe.get(self._keys.offset(topic, p))
                pipe.get(self._keys.clock(topic, p))
            replies = await pipe.execute()
        return {
            p: (int(replies[2 * i] or -1), float(replies[2 * i + 1] or 0))
            for i, p in enumerate(parts)
        }

    async def due(self, clocks: Mapping[int, float], limit: int) -> dict[int, list[str]]:
        """Open calls whose settle deadline is at or before their partition's clock."""
        parts = sorted(clocks)
        async with self._redis.pipeline(transaction=False) as pipe:
            for p in parts:
                pipe.zrangebyscore(self._keys.settle(p), "-inf", clocks[p], start=0, num=limit)
            replies = await pipe.execute()
        return {p: [text(c) for c in reply] for p, reply in zip(parts, replies, strict=True)}

    async def legs(self, call_ids: Sequence[str]) -> list[list[StoredLeg]]:
        async with self._redis.pipeline(transaction=False) as pipe:
            for call_id in call_ids:
                pipe.hvals(self._keys.call(call_id))
            replies = await pipe.execute()
        return [[StoredLeg.loads(v) for v in reply] for reply in replies]

    async def finalize(self, items: Sequence[Finalization]) -> list[bool]:
        async with self._redis.pipeline(transaction=False) as pipe:
            for item in items:
                argv: list[str | int | float] = [
                    self._keys.call(item.call_id),
                    self._keys.settle(item.partition),
                    self._keys.done(item.call_id),
                    item.call_id,
                    item.leg_count,
                    item.clock,
                    self._done_ttl,
                ]
                for inc in item.increments:
                    argv += [inc.key, inc.field, inc.amount, inc.expire_at]
                await self._finalize(keys=[], args=argv, client=pipe)
            replies = await pipe.execute()
        return [int(r) == 1 for r in replies]

    async def open_calls(self, partitions: Iterable[int]) -> int:
        parts = list(partitions)
        if not parts:
            return 0
        async with self._redis.pipeline(transaction=False) as pipe:
            for p in parts:
                pipe.zcard(self._keys.settle(p))
            replies = await pipe.execute()
        return sum(int(n) for n in replies)

    async def ledger(self, topic: str) -> dict[str, int]:
        raw = await self._redis.hgetall(self._keys.ledger(topic))
        return {text(k): int(v) for k, v in raw.items()}


def text(value: bytes | str) -> str:
    """A Redis reply as text, whether the client decodes responses or not."""
    return value.decode() if isinstance(value, bytes) else value
