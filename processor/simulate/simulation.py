"""A whole simulation: arrivals, calls, records in event-time order, duplicates and late records.

Deterministic per seed and start: separate random streams for the municipality's profile, the
arrival times, the calls and the faults, each seeded from ``--seed``, so e.g. asking for
duplicates does not change the calls, and no clock is read here.

Faults never change the ground truth: a duplicate is the same record again (1 to 120 s later);
a late record (10 to 30 min later) is either a whole call's only record or a leg that decides
nothing (not answered, not voicemail, neither the first to ring nor the last to end).
"""

from __future__ import annotations

import heapq
import itertools
import random
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from processor.directory import Directory
from processor.simulate.calls import simulate_calls
from processor.simulate.emit import Emitter, LegsEmitter, SimRecord
from processor.simulate.emit_asterisk import AsteriskEmitter
from processor.simulate.emit_cucm import CucmEmitter
from processor.simulate.model import SimCall, Truth, truth_of
from processor.simulate.profile import build_profile
from processor.simulate.traffic import poisson_starts, spread_starts

FORMATS = ("legs", "asterisk", "cucm")
DUPLICATE_DELAY = (1, 120)
LATE_DELAY = (600, 1800)


@dataclass(frozen=True, slots=True)
class Plan:
    seed: int
    start: datetime  # aware
    calls: int | None = 1000  # total calls over ``days`` (None: ``rate`` instead)
    rate: float | None = None  # calls per hour at the peak, open-ended
    days: int | None = 1  # with ``rate``: None runs until stopped
    fmt: str = "legs"
    outage: str | None = None
    duplicates: float = 0.0
    late: float = 0.0

    @property
    def run_id(self) -> str:
        return f"sim-{self.seed}-{int(self.start.timestamp())}"


def make_emitter(fmt: str, run_id: str, directory: Directory) -> Emitter:
    if fmt == "asterisk":
        return AsteriskEmitter(run_id, directory)
    if fmt == "cucm":
        return CucmEmitter(run_id, directory)
    if fmt == "legs":
        return LegsEmitter(run_id)
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


class Simulation:
    def __init__(self, plan: Plan, directory: Directory) -> None:
        self.plan = plan
        self.directory = directory
        self.profile = build_profile(directory, _stream(plan.seed, "profile"), plan.outage)
        self.emitter = make_emitter(plan.fmt, plan.run_id, directory)

    def starts(self) -> Iterable[int]:
        plan, rng = self.plan, _stream(self.plan.seed, "arrivals")
        if plan.rate is None:
            return spread_starts(rng, self.directory, plan.start, plan.days or 1, plan.calls or 0)
        starts: Iterable[int] = poisson_starts(rng, self.directory, plan.start, plan.rate)
        if plan.days is not None:
            end = (plan.start + timedelta(days=plan.days)).timestamp()
            starts = itertools.takewhile(lambda at: at < end, starts)
        if plan.calls is not None:
            starts = itertools.islice(starts, plan.calls)
        return starts

    def calls(self) -> Iterator[SimCall]:
        rng = _stream(self.plan.seed, "calls")
        return simulate_calls(rng, self.directory, self.profile, self.starts())

    def truth(self, call: SimCall) -> Truth:
        return truth_of(call, self.emitter.call_id(call), self.directory)

    def records(self, on_call: Callable[[SimCall], None] | None = None) -> Iterator[SimRecord]:
        """Every record in the order the platform writes them (``emit_at``, then call order)."""
        rng = _stream(self.plan.seed, "faults")
        pending: list[tuple[int, int, SimRecord]] = []
        order = itertools.count()
        for call in self.calls():
            if on_call is not None:
                on_call(call)
            while pending and pending[0][0] <= call.start:
                yield heapq.heappop(pending)[2]
            for record in self._with_faults(call, rng):
                heapq.heappush(pending, (record.emit_at, next(order), record))
        while pending:
            yield heapq.heappop(pending)[2]

    def _with_faults(self, call: SimCall, rng: random.Random) -> list[SimRecord]:
        records = self.emitter.records(call)
        if self.plan.late and rng.random() < self.plan.late:
            candidates = [i for i, r in enumerate(records) if _may_be_late(r, call)]
            if candidates:
                index = rng.choice(candidates)
                delay = rng.randint(*LATE_DELAY)
                records[index] = replace(records[index], emit_at=records[index].emit_at + delay)
        if self.plan.duplicates:
            for record in list(records):
                if rng.random() < self.plan.duplicates:
                    delay = rng.randint(*DUPLICATE_DELAY)
                    records.append(replace(record, emit_at=record.emit_at + delay))
        return records


def _may_be_late(record: SimRecord, call: SimCall) -> bool:
    if len(record.legs) == len(call.legs):
        return True  # the call's only record: the whole call arrives late
    legs = [call.legs[index] for index in record.legs]
    return all(
        not leg.decisive and call.start < leg.ring_at and leg.end_at < call.end for leg in legs
    )


def _stream(seed: int, purpose: str) -> random.Random:
    return random.Random(f"reachability-simulate:{purpose}:{seed}")
