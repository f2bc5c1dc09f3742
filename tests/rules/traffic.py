"""Simulated traffic of the last hour, for the dashboard and alert integration tests.

``reachability simulate`` (its public command line) writes a working day of calls to a file,
with the ground truth per call. The calls of the day's busy stretch (from 10:00 local) are then
moved, all by the same amount, to end just before now: the rolling 15-minute and 1-hour windows
and today's figures have data whatever the hour the test runs at, and the expected figures per
department are tallied from the simulator's truth, not by our classifier.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from tests.integration.harness import ROOT

TZ = ZoneInfo("Europe/Amsterdam")
SIM_DAY = "2026-11-24"  # a Tuesday: a full working day in the simulator's load curve
BUSY_FROM = datetime(2026, 11, 24, 10, 0, tzinfo=TZ)
TIME_FIELDS = ("ring_at", "answer_at", "end_at")


@dataclass
class Traffic:
    records: list[tuple[bytes, bytes]]  # (key, value) for call-legs, in the order to produce
    calls: list[dict[str, Any]]  # the simulator's truth per call, "start" moved like the records
    first_start: datetime
    last_start: datetime

    def outcomes(self, department: str) -> Counter[str]:
        return Counter(
            c["outcome"] for c in self.calls if c["counted"] and c["department"] == department
        )

    def offered(self, department: str) -> int:
        counts = self.outcomes(department)
        return sum(counts.values()) - counts["short_abandoned"]

    def reachability(self, department: str) -> float | None:
        counts = self.outcomes(department)
        offered = self.offered(department)
        return (counts["answered"] + counts["answered_elsewhere"]) / offered if offered else None

    def departments(self) -> set[str]:
        return {c["department"] for c in self.calls if c["counted"]}


def simulate_file(
    workdir: Path, directory: Path, *, seed: int, scenario: str, calls: int = 4000
) -> tuple[Path, Path]:
    """``reachability simulate ... --out`` for one day; returns (records, truth) files."""
    out, truth = workdir / f"sim-{seed}.jsonl", workdir / f"sim-{seed}-truth.jsonl"
    env = {**os.environ, "REACHABILITY_DIRECTORY": str(directory)}
    command = [
        sys.executable, "-m", "processor.cli", "simulate", "--seed", str(seed),
        "--calls", str(calls), "--start", SIM_DAY, "--days", "1", "--scenario", scenario,
        "--format", "legs", "--out", str(out), "--truth", str(truth),
    ]  # fmt: skip
    result = subprocess.run(
        command,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, f"reachability simulate failed:\n{result.stderr[-3000:]}"
    return out, truth


def _moved(text: str | None, delta: timedelta) -> str | None:
    if text is None:
        return None
    return (datetime.fromisoformat(text) + delta).isoformat()


def last_hour(
    workdir: Path,
    directory: Path,
    *,
    seed: int,
    scenario: str = "normal",
    minutes: float = 50,
    end: datetime,
) -> Traffic:
    """The simulator's calls of ``minutes`` from 10:00 on a working day, moved to end at ``end``."""
    out, truth_file = simulate_file(workdir, directory, seed=seed, scenario=scenario)
    stretch = timedelta(minutes=minutes)
    delta = (end - stretch) - BUSY_FROM
    chosen: dict[str, dict[str, Any]] = {}
    for line in truth_file.read_text(encoding="utf-8").splitlines():
        call = json.loads(line)
        start = datetime.fromisoformat(call["start"])
        if BUSY_FROM <= start < BUSY_FROM + stretch:
            call["start"] = (start + delta).isoformat()
            chosen[call["call_id"]] = call
    assert chosen, "the simulator made no calls in the busy stretch"
    legs = []
    for line in out.read_text(encoding="utf-8").splitlines():
        leg = json.loads(line)
        if leg["call_id"] in chosen:
            for name in TIME_FIELDS:
                leg[name] = _moved(leg[name], delta)
            legs.append(leg)
    legs.sort(key=lambda leg: leg["end_at"])  # as the platform writes them: when a leg ends
    starts = [datetime.fromisoformat(c["start"]) for c in chosen.values()]
    return Traffic(
        records=[(leg["call_id"].encode(), json.dumps(leg).encode()) for leg in legs],
        calls=list(chosen.values()),
        first_start=min(starts),
        last_start=max(starts),
    )
