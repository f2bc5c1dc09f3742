"""Assertions shared by the end-to-end tests: figures against expectations, accounting identity."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from datetime import date

import pytest

from tests.integration.callgen import DEPARTMENTS, Expected
from tests.integration.harness import Deployment, Samples, sample

OUTCOMES = ("answered", "answered_elsewhere", "voicemail", "missed", "short_abandoned")
ALL_DEPARTMENTS = (*DEPARTMENTS, "unassigned")


def gauge_figures(samples: Samples, window: str) -> dict[tuple[str, str], int]:
    out = {}
    for dept in ALL_DEPARTMENTS:
        for outcome in OUTCOMES:
            value = sample(
                samples, "reachability_calls", department=dept, window=window, outcome=outcome
            )
            assert value is not None, f"series missing: {dept} {window} {outcome}"
            out[dept, outcome] = int(value)
    return out


def assert_gauges_match(samples: Samples, exp: Expected, window: str = "today") -> None:
    got = gauge_figures(samples, window)
    want = {(d, o): exp.outcomes[d, o] for d in ALL_DEPARTMENTS for o in OUTCOMES}
    assert got == want
    for dept in ALL_DEPARTMENTS:
        ratio = sample(samples, "reachability_ratio", department=dept, window=window)
        expected_ratio = exp.reachability(dept)
        if expected_ratio is None:
            assert ratio is None
        else:
            assert ratio == pytest.approx(expected_ratio, abs=1e-9), dept
        offered = exp.calls(dept) - exp.outcomes[dept, "short_abandoned"]
        sl = sample(samples, "reachability_service_level_ratio", department=dept, window=window)
        if offered:
            assert sl == pytest.approx(exp.service_level[dept] / offered, abs=1e-9), dept


def business(samples: Samples) -> Samples:
    """Only the business gauges (identical on every worker)."""
    names = (
        "reachability_calls",
        "reachability_ratio",
        "reachability_service_level_ratio",
        "reachability_target_ratio",
        "reachability_extension_calls",
    )
    return {k: v for k, v in samples.items() if k[0] in names}


def assert_accounting(deployment: Deployment, topic: str = "call-legs") -> dict[str, int]:
    """Spec 5.2: accepted + duplicate + late + rejected == records in the topic, each once."""
    ledger = deployment.ledger(topic)
    in_topic = deployment.end_offsets_total(topic)
    assert set(ledger) <= {"accepted", "duplicate", "late", "rejected"}
    assert sum(ledger.values()) == in_topic, (ledger, in_topic)
    return ledger


def report_rows(deployment: Deployment, day: date) -> dict[str, dict[str, str]]:
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "processor.cli",
            "report",
            "--from",
            day.isoformat(),
            "--to",
            day.isoformat(),
            "--format",
            "csv",
        ],
        env=deployment.env(),
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    return {row["department"]: row for row in rows}


def assert_report_matches(deployment: Deployment, day: date, exp: Expected) -> None:
    rows = report_rows(deployment, day)
    for dept in ALL_DEPARTMENTS:
        row = rows[dept]
        for outcome in OUTCOMES:
            assert int(row[outcome]) == exp.outcomes[dept, outcome], (dept, outcome)
        assert int(row["calls"]) == exp.calls(dept)
        ratio = exp.reachability(dept)
        assert row["reachability"] == ("" if ratio is None else f"{ratio:.4f}"), dept
