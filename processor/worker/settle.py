"""The settle sweep: finalise calls whose newest leg arrived ``settle_seconds`` ago.

Each worker sweeps the partitions assigned to it. Two workers sweeping the same partition during
a rebalance is harmless: the finalise script succeeds for exactly one of them.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable

from processor.calls.classify import classify
from processor.directory import Directory
from processor.metrics.pipeline import PipelineMetrics
from processor.store.counters import increments
from processor.store.keys import Keys
from processor.store.state import CallState, Finalization

log = logging.getLogger(__name__)

SWEEP_LIMIT = 2000  # calls per partition per sweep; the rest waits for the next sweep


class Settler:
    def __init__(
        self,
        state: CallState,
        metrics: PipelineMetrics,
        directory: Directory,
        keys: Keys,
        *,
        retention_days: int,
    ) -> None:
        self._state = state
        self._metrics = metrics
        self._directory = directory
        self._keys = keys
        self._retention_days = retention_days

    async def sweep(self, partitions: Iterable[int]) -> int:
        """Finalise every due call of ``partitions``; returns how many this worker finalised."""
        parts = sorted(partitions)
        now = time.time()
        due = await self._state.due(parts, now, SWEEP_LIMIT)
        todo = [(p, call_id) for p, ids in due.items() for call_id in ids]
        if not todo:
            await self._gauge(parts)
            return 0
        legs = await self._state.legs([call_id for _, call_id in todo])
        items, results = [], []
        for (partition, call_id), call_legs in zip(todo, legs, strict=True):
            if not call_legs:  # finalised by another worker since we listed it
                continue
            result = classify(call_id, call_legs, self._directory)
            incs = increments(
                result, self._directory, self._keys, now=now, retention_days=self._retention_days
            )
            items.append(Finalization(partition, call_id, len(call_legs), incs))
            results.append(result)
        done = await self._state.finalize(items, now)
        count = 0
        for result, ok in zip(results, done, strict=True):
            if not ok:
                continue
            count += 1
            if not result.counted:
                continue
            if not result.office_open:
                self._metrics.closed_hours.labels(department=result.department).inc()
                continue
            self._metrics.finalized.labels(
                department=result.department, outcome=result.outcome.value
            ).inc()
            if result.answer_delay is not None:
                self._metrics.answer_delay.labels(department=result.department).observe(
                    result.answer_delay
                )
        await self._gauge(parts)
        return count

    async def _gauge(self, partitions: list[int]) -> None:
        self._metrics.open_calls.set(await self._state.open_calls(partitions))
