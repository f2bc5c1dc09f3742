"""``reachability simulate``: deterministic, realistic, and its records agree with its truth.

The ground truth is compared with the product's own classifier here, on legs parsed back from
each format: the simulator derives it from its scenario decisions, so the two are independent.
"""

from __future__ import annotations

import io
import json
from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from processor.adapters.registry import NORMALIZERS
from processor.calls.classify import classify
from processor.calls.model import StoredLeg
from processor.directory import Directory, load_directory
from processor.ingest.sink import ListSink
from processor.kafka.topics import CDR_ASTERISK, CDR_CUCM
from processor.settings import DEFAULT_DIRECTORY, Settings
from processor.simulate.cli import main
from processor.simulate.simulation import Plan, Simulation
from schemas.call_leg import CallLeg

MONDAY = "2026-11-23"  # a week without public holidays
CHRISTMAS_WEEK = "2026-12-21"  # 24 Dec closed (directory), 25 and 26 Dec public holidays


@pytest.fixture(scope="module")
def directory() -> Directory:
    return load_directory(DEFAULT_DIRECTORY)


@pytest.fixture(scope="module")
def settings() -> Settings:
    return Settings(directory=DEFAULT_DIRECTORY, topic_prefix="sim.")


def simulate(settings: Settings, tmp_path: Path, *argv: str) -> tuple[bytes, list[dict[str, Any]]]:
    out, truth = tmp_path / "out", tmp_path / "truth.jsonl"
    code = main([*argv, "--out", str(out), "--truth", str(truth)], settings, stderr=io.StringIO())
    assert code == 0
    lines = truth.read_text(encoding="utf-8").splitlines()
    return out.read_bytes(), [json.loads(line) for line in lines]


@pytest.mark.parametrize("fmt", ["legs", "asterisk", "cucm"])
def test_same_seed_same_bytes_other_seed_other_bytes(
    settings: Settings, tmp_path: Path, fmt: str
) -> None:
    args = [
        "--calls",
        "300",
        "--start",
        MONDAY,
        "--format",
        fmt,
        "--duplicates",
        "0.05",
        "--late",
        "0.05",
    ]
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "c").mkdir()
    first = simulate(settings, tmp_path / "a", "--seed", "7", *args)
    again = simulate(settings, tmp_path / "b", "--seed", "7", *args)
    other = simulate(settings, tmp_path / "c", "--seed", "8", *args)
    assert first == again
    assert first[0] != other[0]
    assert len(first[1]) == 300


def parse_back(fmt: str, data: bytes, directory: Directory) -> dict[str, list[CallLeg]]:
    """The legs of each call id, read from the file the way ingest and the worker read it."""
    legs: dict[str, list[CallLeg]] = defaultdict(list)
    lines = data.decode().splitlines()
    parsed: list[Sequence[CallLeg]]
    if fmt == "legs":
        parsed = [[CallLeg.model_validate_json(line)] for line in lines]
    elif fmt == "asterisk":
        parsed = [NORMALIZERS[CDR_ASTERISK](line.encode(), directory) for line in lines]
    else:
        from processor.adapters.cucm_file import read_flat_file

        rows = [row.fields for row in read_flat_file(line + "\n" for line in lines)]
        assert all(row is not None for row in rows)
        parsed = [NORMALIZERS[CDR_CUCM](json.dumps(row).encode(), directory) for row in rows]
    for batch in parsed:
        for leg in batch:
            legs[leg.call_id].append(leg)
    return legs


@pytest.mark.parametrize("fmt", ["legs", "asterisk", "cucm"])
def test_records_parse_back_and_agree_with_the_truth(
    settings: Settings, directory: Directory, tmp_path: Path, fmt: str
) -> None:
    data, truth = simulate(
        settings,
        tmp_path,
        "--seed",
        "3",
        "--calls",
        "1500",
        "--days",
        "7",
        "--start",
        CHRISTMAS_WEEK,
        "--format",
        fmt,
        "--duplicates",
        "0.03",
        "--late",
        "0.03",
    )
    legs = parse_back(fmt, data, directory)
    assert sorted(legs) == sorted(t["call_id"] for t in truth)
    assert len({t["call_id"] for t in truth}) == 1500
    mismatches = []
    for expected in truth:
        call_id = expected["call_id"]
        unique = {leg.event_id: leg for leg in legs[call_id]}  # duplicates are one record
        stored = [StoredLeg.from_leg(leg, seq=i) for i, leg in enumerate(unique.values())]
        result = classify(call_id, stored, directory)
        got = (result.department, result.outcome.value, result.counted, result.office_open)
        want = (
            expected["department"],
            expected["outcome"],
            expected["counted"],
            expected["office_open"],
        )
        if got != want:
            mismatches.append((call_id, want, got))
        assert datetime.fromisoformat(expected["start"]).timestamp() == result.start
    assert mismatches == []


def test_legs_are_valid_and_event_ids_unique(settings: Settings, tmp_path: Path) -> None:
    data, _truth = simulate(settings, tmp_path, "--calls", "500", "--start", MONDAY)
    legs = [CallLeg.model_validate_json(line) for line in data.decode().splitlines()]
    assert len({leg.event_id for leg in legs}) == len(legs)
    assert all(leg.caller and leg.caller.startswith(("+316", "2", "3")) for leg in legs)
    assert {leg.source for leg in legs} == {"simulator"}


def test_duplicates_and_late_records_do_not_change_the_truth(
    settings: Settings, tmp_path: Path
) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    args = ["--calls", "400", "--start", MONDAY, "--seed", "5"]
    plain, truth = simulate(settings, tmp_path / "a", *args)
    faulty, faulty_truth = simulate(
        settings, tmp_path / "b", *args, "--duplicates", "0.1", "--late", "0.2"
    )
    assert truth == faulty_truth
    plain_lines, faulty_lines = plain.splitlines(), faulty.splitlines()
    assert len(faulty_lines) > len(plain_lines)
    assert set(faulty_lines) == set(plain_lines)  # the same records, some twice, some later
    assert faulty_lines != sorted(faulty_lines, key=plain_lines.index)


def plan(directory: Directory, **changes: Any) -> Simulation:
    start = datetime.fromisoformat(MONDAY).replace(tzinfo=directory.tz)
    return Simulation(
        Plan(**{"seed": 1, "start": start, "calls": 4000, "days": 7, **changes}), directory
    )


def test_realistic_traffic(directory: Directory) -> None:
    simulation = plan(directory)
    truths = [simulation.truth(call) for call in simulation.calls()]
    weekday_hours = Counter(t.start.hour for t in truths if t.start.weekday() < 5)
    assert max(weekday_hours, key=lambda hour: weekday_hours[hour]) in (9, 10, 11)
    assert weekday_hours[12] < weekday_hours[10]  # the lunch dip
    assert 0.02 < sum(not t.office_open for t in truths) / len(truths) < 0.25
    counted = [t for t in truths if t.counted and t.office_open]
    share = Counter(t.department for t in counted)
    assert share["kcc"] / len(counted) > 0.3
    outcomes = Counter(t.outcome for t in counted)
    assert set(outcomes) == {
        "answered",
        "answered_elsewhere",
        "voicemail",
        "missed",
        "short_abandoned",
    }
    kcc = [t for t in counted if t.department == "kcc"]
    kcc_reached = sum(t.outcome == "answered" for t in kcc) / len(kcc)
    assert kcc_reached > 0.9
    directions = Counter(call.direction for call in simulation.calls())
    assert set(directions) == {"inbound", "internal", "outbound"}


def test_outage_department_answers_nothing(directory: Directory) -> None:
    simulation = plan(directory, outage="burgerzaken", calls=2000)
    truths = [simulation.truth(call) for call in simulation.calls()]
    hit = [t for t in truths if t.department == "burgerzaken" and t.counted]
    assert hit
    assert {t.outcome for t in hit} <= {"voicemail", "missed", "short_abandoned"}


def test_unknown_outage_department_is_a_config_error(directory: Directory) -> None:
    from processor.errors import ConfigError

    with pytest.raises(ConfigError, match="no department"):
        plan(directory, outage="nope")


def test_rate_mode_is_open_ended(directory: Directory) -> None:
    simulation = plan(directory, calls=None, rate=600.0, days=None)
    calls = []
    for call in simulation.calls():
        calls.append(call)
        if len(calls) == 50:
            break
    starts = [call.start for call in calls]
    assert starts == sorted(starts)
    assert starts[0] >= simulation.plan.start.timestamp()


def test_to_kafka_topic_without_out(settings: Settings) -> None:
    sink = ListSink()
    code = main(
        ["--calls", "50", "--start", MONDAY, "--format", "asterisk"],
        settings,
        sink=sink,
        stderr=io.StringIO(),
        now=datetime(2026, 11, 23, 12, tzinfo=UTC),
    )
    assert code == 0
    assert {topic for topic, _key, _value in sink.records} == {"sim.cdr.asterisk"}
    keys = [key for _topic, key, _value in sink.records]
    assert all(key.startswith(b"sim-1-") for key in keys)


def test_pacing_follows_call_time() -> None:
    from processor.simulate.run import Pacer

    slept: list[float] = []
    pacer = Pacer(1440, origin=1_000_000.0, clock=lambda: 50.0, sleep=slept.append)
    pacer.wait_for(1_000_000.0 + 1440)  # a day in a minute: 1440 s of call time is 1 s
    pacer.wait_for(1_000_000.0)  # already due: no sleep
    assert slept == [1.0]
