"""The settle sweep: finalise calls whose newest leg reached Kafka ``settle_seconds`` ago.

Time here is each partition's clock, not the wall clock. While a partition has unread records
(after a crash, a rebalance, or in a backfill) its clock is the newest Kafka timestamp applied,
so a call is never finalised before the worker has read the legs that followed it in the log.
Once the partition is caught up, its clock is the wall clock, and quiet calls settle on time.

Each worker sweeps the partitions assigned to it. Two workers sweeping the same partition during
a rebalance is harmless: the finalise script succeeds for exactly one of them.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from processor.calls.classify import classify
from processor.calls.model import CallResult
from processor.directory import Directory
from processor.metrics.pipeline import PipelineMetrics
from processor.store.counters import increments
from processor.store.keys import Keys
from processor.store.state import CallState, Finalization

log = logging.getLogger(__name__)

SWEEP_LIMIT = 2000  # calls per partition per sweep; the rest waits for the next sweep


def partition_clocks(
    positions: Mapping[int, tuple[int, float]], end_offsets: Mapping[int, int], now: float
) -> dict[int, float]:
    """The clock of each partition: wall clock when caught up, else the newest applied record."""
    clocks = {}
    for partition, (applied, clock) in positions.items():
        end = end_offsets.get(partition)
        caught_up = end is not None and end <= applied + 1
        clocks[partition] = now if caught_up else clock
    return clocks


class Settler:
    def __init__(
        self,
        state: CallState,
        metrics: PipelineMetrics,
        directory: Directory,
        keys: Keys,
        *,
        topic: str,
        retention_days: int,
    ) -> None:
        self._state = state
        self._metrics = metrics
        self._directory = directory
        self._keys = keys
        self._topic = topic
        self._retention_days = retention_days

    async def sweep(self, end_offsets: Mapping[int, int], now: float) -> int:
        """Finalise the due calls of the partitions in ``end_offsets`` (this worker's).

        ``now`` is the wall clock read *before* the end offsets were fetched. Returns how many
        calls this worker finalised.
        """
        positions = await self._state.positions(self._topic, end_offsets)
        clocks = partition_clocks(positions, end_offsets, now)
        due = await self._state.due(clocks, SWEEP_LIMIT)
        todo = [(p, call_id) for p, ids in due.items() for call_id in ids]
        count = 0
        if todo:
            legs = await self._state.legs([call_id for _, call_id in todo])
            items, results = [], []
            for (partition, call_id), call_legs in zip(todo, legs, strict=True):
                if not call_legs:  # finalised by another worker since we listed it
                    continue
                result = classify(call_id, call_legs, self._directory)
                incs = increments(
                    result,
                    self._directory,
                    self._keys,
                    now=now,
                    retention_days=self._retention_days,
                )
                items.append(
                    Finalization(partition, call_id, len(call_legs), clocks[partition], incs)
                )
                results.append(result)
            done = await self._state.finalize(items)
            for result, ok in zip(results, done, strict=True):
                if ok:
                    count += 1
                    self._observe(result)
        self._metrics.open_calls.set(await self._state.open_calls(end_offsets))
        return count

    def _observe(self, result: CallResult) -> None:
        if not result.counted:
            return
        if not result.office_open:
            self._metrics.closed_hours.labels(department=result.department).inc()
            return
        self._metrics.finalized.labels(
            department=result.department, outcome=result.outcome.value
        ).inc()
        if result.answer_delay is not None:
            self._metrics.answer_delay.labels(department=result.department).observe(
                result.answer_delay
            )
