"""A day of calls whose outcomes are known by construction, for end-to-end checks.

Independent of ``processor.calls``: each scenario states the outcome the spec's rules give it,
and the expected figures are tallied from those statements, not by running our classifier.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

DEPARTMENTS = {
    "kcc": [str(n) for n in range(2000, 2050)],
    "burgerzaken": [str(n) for n in range(3100, 3200)],
    "vergunningen": [str(n) for n in range(3200, 3300)],
    "belastingen": [str(n) for n in range(3300, 3400)],
}
SERVICE_LEVEL = 25.0


@dataclass
class Call:
    call_id: str
    department: str | None  # None: not counted (internal, outbound)
    outcome: str | None
    within_sl: bool
    legs: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Expected:
    outcomes: Counter[tuple[str, str]] = field(default_factory=Counter)
    service_level: Counter[str] = field(default_factory=Counter)

    def calls(self, dept: str) -> int:
        return sum(n for (d, _), n in self.outcomes.items() if d == dept)

    def reachability(self, dept: str) -> float | None:
        offered = self.calls(dept) - self.outcomes[dept, "short_abandoned"]
        reached = self.outcomes[dept, "answered"] + self.outcomes[dept, "answered_elsewhere"]
        return reached / offered if offered else None


class _Builder:
    def __init__(self, call_id: str, start: datetime, rng: random.Random) -> None:
        self.call_id, self.start, self.rng = call_id, start, rng
        self.legs: list[dict[str, Any]] = []

    def leg(
        self,
        target: str,
        ring: float,
        end: float,
        disposition: str,
        *,
        answer: float | None = None,
        answered_by: str | None = None,
        direction: str = "inbound",
        dialed: str | None = None,
    ) -> None:
        t = self.start
        self.legs.append(
            {
                "schema": "call-leg/1",
                "event_id": f"{self.call_id}:{len(self.legs)}",
                "call_id": self.call_id,
                "direction": direction,
                "caller": f"+3161{self.rng.randrange(10**7):07d}",
                "dialed": dialed,
                "target": target,
                "ring_at": (t + timedelta(seconds=ring)).isoformat(),
                "answer_at": None
                if answer is None
                else (t + timedelta(seconds=answer)).isoformat(),
                "end_at": (t + timedelta(seconds=end)).isoformat(),
                "answered_by": answered_by,
                "disposition": disposition,
                "source": "test",
            }
        )


def _scenario(b: _Builder, rng: random.Random) -> Call:
    """Build one call; returns its expected department, outcome and service-level flag."""
    dept = rng.choice(list(DEPARTMENTS))
    exts = DEPARTMENTS[dept]
    a, c = rng.sample(exts, 2)
    kind = rng.choices(
        [
            "direct",
            "colleague",
            "to_kcc",
            "ring_all",
            "voicemail",
            "missed",
            "short",
            "busy",
            "queue",
            "unassigned",
            "internal",
            "outbound",
        ],
        weights=[30, 10, 6, 6, 6, 8, 5, 2, 10, 2, 3, 3],
    )[0]
    delay = rng.uniform(2, 40)
    if kind == "direct":
        b.leg(a, 0, delay + 120, "answered", answer=delay)
        return Call(b.call_id, dept, "answered", delay <= SERVICE_LEVEL)
    if kind == "colleague":
        b.leg(a, 0, 20, "no_answer")
        b.leg(c, 20, 20 + delay + 60, "answered", answer=20 + delay)
        return Call(b.call_id, dept, "answered", 20 + delay <= SERVICE_LEVEL)
    if kind == "to_kcc":
        if dept == "kcc":
            dept, a = "burgerzaken", rng.choice(DEPARTMENTS["burgerzaken"])
        agent = rng.choice(DEPARTMENTS["kcc"])
        b.leg(a, 0, 15, "no_answer")
        b.leg(agent, 15, 15 + delay + 90, "answered", answer=15 + delay)
        return Call(b.call_id, dept, "answered_elsewhere", 15 + delay <= SERVICE_LEVEL)
    if kind == "ring_all":
        phones = rng.sample(exts, 3)
        # Same ring time for all three: the entry leg is the first received (listed first).
        for i, phone in enumerate(phones):
            if i == 1:
                b.leg(phone, 0, delay + 100, "answered", answer=delay)
            else:
                b.leg(phone, 0, delay, "cancelled")
        return Call(b.call_id, dept, "answered", delay <= SERVICE_LEVEL)
    if kind == "voicemail":
        b.leg(a, 0, 20, "no_answer")
        b.leg("8500", 20, 60, "voicemail", answer=21)
        return Call(b.call_id, dept, "voicemail", False)
    if kind == "missed":
        b.leg(a, 0, rng.uniform(5, 60), "no_answer")
        return Call(b.call_id, dept, "missed", False)
    if kind == "short":
        b.leg(a, 0, rng.uniform(0.5, 4.9), rng.choice(["cancelled", "no_answer"]))
        return Call(b.call_id, dept, "short_abandoned", False)
    if kind == "busy":
        b.leg(a, 0, 1, "busy")
        return Call(b.call_id, dept, "missed", False)
    if kind == "queue":
        agents = rng.sample(DEPARTMENTS["kcc"], 2)
        b.leg("14070", 0, 30 + delay + 200, "no_answer", dialed="14070")
        b.leg(agents[0], 1, 16, "no_answer")
        if rng.random() < 0.8:
            b.leg(agents[1], 16, 16 + delay + 200, "answered", answer=16 + delay)
            return Call(b.call_id, "kcc", "answered", 16 + delay <= SERVICE_LEVEL)
        b.leg(agents[1], 16, 40, "cancelled")
        return Call(b.call_id, "kcc", "missed", False)
    if kind == "unassigned":
        b.leg("9999", 0, delay + 30, "answered", answer=delay)
        return Call(b.call_id, "unassigned", "answered", delay <= SERVICE_LEVEL)
    if kind == "internal":
        b.leg(a, 0, 60, "answered", answer=3, direction="internal")
        return Call(b.call_id, None, None, False)
    b.leg("0201234567", 0, 60, "answered", answer=8, direction="outbound")
    return Call(b.call_id, None, None, False)


def generate(seed: int, calls: int, day_start: datetime, *, span_hours: float = 24.0) -> list[Call]:
    """``calls`` calls starting in [day_start, day_start + span_hours), in start order."""
    rng = random.Random(seed)
    starts = sorted(rng.uniform(0, span_hours * 3600 - 600) for _ in range(calls))
    out = []
    for n, offset in enumerate(starts):
        builder = _Builder(f"gen-{seed}-{n}", day_start + timedelta(seconds=offset), rng)
        call = _scenario(builder, rng)
        call.legs = builder.legs
        rng.shuffle(call.legs)  # legs of one call arrive in any order
        out.append(call)
    return out


def expected(calls: list[Call]) -> Expected:
    exp = Expected()
    for call in calls:
        if call.department is None or call.outcome is None:
            continue
        exp.outcomes[call.department, call.outcome] += 1
        if call.within_sl:
            exp.service_level[call.department] += 1
    return exp


def records(calls: list[Call]) -> list[tuple[bytes, bytes]]:
    """(key, value) pairs in call order, ready to produce to ``call-legs``."""
    return [
        (leg["call_id"].encode(), json.dumps(leg).encode()) for call in calls for leg in call.legs
    ]
