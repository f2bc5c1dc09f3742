"""``make bench``: throughput of the hot paths, each against a baseline run in the same process.

Figures are records (or calls) per second on this machine; ratios compare our code with the
simplest thing that does the same I/O, so they stay meaningful across machines:

* decode: ``json.loads`` alone vs full validation (``decode_leg``);
* classify: outcome rules per call;
* apply: ``APPLY_BATCH`` (dedupe, offsets, ledger) vs plain pipelined ``HSET`` of the same legs;
* finalize: ``FINALIZE`` (atomic, idempotent) vs plain pipelined ``HINCRBY`` of the same counters.

Needs the local Redis (``deploy/local/stack up``); uses its own key prefix and removes it.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import redis.asyncio as aioredis

from processor.calls.classify import classify
from processor.calls.model import StoredLeg
from processor.directory import Directory, load_directory
from processor.legs.decode import decode_leg
from processor.settings import Settings
from processor.store.counters import increments
from processor.store.keys import Keys
from processor.store.state import CallState, Entry, Finalization

LEGS = 20_000
BATCH = 500


def _legs(n: int, rng: random.Random) -> list[bytes]:
    now = datetime.now(UTC).replace(microsecond=0)
    out = []
    for i in range(n):
        ring = now - timedelta(seconds=rng.uniform(60, 3600))
        answered = rng.random() < 0.8
        leg = {
            "schema": "call-leg/1",
            "event_id": f"b{i}",
            "call_id": f"c{i // 2}",
            "direction": "inbound",
            "caller": f"+3161{rng.randrange(10**7):07d}",
            "dialed": "14070",
            "target": str(rng.choice([2001, 2002, 3101, 3102, 3301])),
            "ring_at": ring.isoformat(),
            "answer_at": (ring + timedelta(seconds=9)).isoformat() if answered else None,
            "end_at": (ring + timedelta(seconds=60)).isoformat(),
            "disposition": "answered" if answered else "no_answer",
        }
        out.append(json.dumps(leg).encode())
    return out


def _rate(n: int, fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return n / (time.perf_counter() - start)


def _line(name: str, ours: float, base: float | None, unit: str) -> None:
    ratio = f"{ours / base:6.2f}x of baseline ({base:,.0f} {unit}/s)" if base else ""
    print(f"{name:<10} {ours:>12,.0f} {unit}/s   {ratio}")


async def _redis_bench(
    settings: Settings, directory: Directory, raw: list[bytes]
) -> tuple[float, float, float, float]:
    client = aioredis.Redis.from_url(settings.redis_url.get_secret_value())
    keys = Keys(f"bench-{uuid.uuid4().hex[:8]}")
    state = CallState(client, keys, done_ttl_seconds=3600)
    now = datetime.now(UTC)
    legs = [decode_leg(r, now=now, retention=timedelta(days=400)) for r in raw]
    entries = [
        Entry(
            i, "L", time.time() - 120, leg.call_id, leg.event_id, StoredLeg.from_leg(leg, i).dumps()
        )
        for i, leg in enumerate(legs)
    ]
    try:
        start = time.perf_counter()
        for i in range(0, len(entries), BATCH):
            await state.apply("bench", {0: entries[i : i + BATCH]}, settle_seconds=1)
        apply_rate = len(entries) / (time.perf_counter() - start)

        start = time.perf_counter()
        for i in range(0, len(entries), BATCH):
            async with client.pipeline(transaction=False) as pipe:
                for e in entries[i : i + BATCH]:
                    pipe.hset(f"{keys.prefix}:base:{e.call_id}", e.event_id, e.leg)
                await pipe.execute()
        hset_rate = len(entries) / (time.perf_counter() - start)

        due = await state.due({0: time.time()}, len(entries))
        call_ids = due[0]
        stored = await state.legs(call_ids)
        items = []
        for call_id, call_legs in zip(call_ids, stored, strict=True):
            result = classify(call_id, call_legs, directory)
            incs = increments(result, directory, keys, now=time.time(), retention_days=400)
            items.append(Finalization(0, call_id, len(call_legs), time.time(), incs))
        start = time.perf_counter()
        for i in range(0, len(items), BATCH):
            await state.finalize(items[i : i + BATCH])
        finalize_rate = len(items) / (time.perf_counter() - start)

        start = time.perf_counter()
        for i in range(0, len(items), BATCH):
            async with client.pipeline(transaction=False) as pipe:
                for item in items[i : i + BATCH]:
                    for inc in item.increments:
                        pipe.hincrby(inc.key + ":base", inc.field, inc.amount)
                await pipe.execute()
        incr_rate = len(items) / (time.perf_counter() - start)
        return apply_rate, hset_rate, finalize_rate, incr_rate
    finally:
        async for key in client.scan_iter(f"{keys.prefix}:*", count=1000):
            await client.delete(key)
        await client.aclose()


def main() -> None:
    settings = Settings()
    directory = load_directory(settings.directory)
    rng = random.Random(int(os.environ.get("BENCH_SEED", "1")))
    raw = _legs(LEGS, rng)
    now = datetime.now(UTC)
    retention = timedelta(days=400)
    print(f"reachability bench: {LEGS:,} legs, batches of {BATCH}\n")
    base = _rate(LEGS, lambda: [json.loads(r) for r in raw])
    ours = _rate(LEGS, lambda: [decode_leg(r, now=now, retention=retention) for r in raw])
    _line("decode", ours, base, "legs")
    stored = [
        StoredLeg.from_leg(decode_leg(r, now=now, retention=retention), i)
        for i, r in enumerate(raw)
    ]
    calls = [stored[i : i + 2] for i in range(0, len(stored), 2)]
    _line(
        "classify",
        _rate(len(calls), lambda: [classify("c", c, directory) for c in calls]),
        None,
        "calls",
    )
    apply_rate, hset_rate, finalize_rate, incr_rate = asyncio.run(
        _redis_bench(settings, directory, raw)
    )
    _line("apply", apply_rate, hset_rate, "legs")
    _line("finalize", finalize_rate, incr_rate, "calls")


if __name__ == "__main__":
    main()
