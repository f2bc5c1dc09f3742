"""Simulator -> each PBX format -> ``reachability ingest`` -> worker -> ``reachability report``.

The report must equal the simulator's own ground truth for a simulated week that holds a public
holiday (Ascension Day, Thursday 14 May 2026), with duplicates and late records in the stream;
malformed rows written straight to the raw topic end up in the DLQ with a reason while the rows
around them are counted.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from tests.integration.checks import OUTCOMES, assert_accounting
from tests.integration.harness import ROOT, Deployment, WorkerProcess, wait_for

pytestmark = pytest.mark.integration

EXAMPLE_DIRECTORY = ROOT / "deploy" / "config" / "directory.yaml"
WEEK = "2026-W20"  # Monday 11 May to Sunday 17 May 2026; Thursday 14 May is Ascension Day
CALLS = 1200

# (simulator format, ingest format, raw topic, malformed rows written straight to that topic)
FORMATS = {
    "legs": ("legs-jsonl", "call-legs", [b"{not json", b'{"schema": "call-leg/1"}']),
    "asterisk": ("asterisk-csv", "cdr.asterisk", [b'"only","three","columns"', b"\xff\xfe"]),
    "cucm": ("cucm", "cdr.cucm", [b"not json", b'{"cdrRecordType": "1"}']),
}


def cli(deployment: Deployment, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "processor.cli", *args],
        env=deployment.env(),
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
        cwd=deployment.workdir,
    )


def truth_figures(path: Path) -> tuple[Counter[tuple[str, str]], int]:
    figures: Counter[tuple[str, str]] = Counter()
    closed = 0
    for line in path.read_text().splitlines():
        call = json.loads(line)
        if not call["counted"]:
            continue
        if call["office_open"]:
            figures[call["department"], call["outcome"]] += 1
        else:
            closed += 1
    return figures, closed


@pytest.mark.parametrize("sim_format", list(FORMATS))
def test_simulated_week_through_ingest_equals_ground_truth(
    deployment: Deployment, sim_format: str
) -> None:
    ingest_format, raw_topic, malformed = FORMATS[sim_format]
    deployment.directory = EXAMPLE_DIRECTORY
    # The week lies months back: accept records that old (the default is 40 days).
    deployment.extra_env["REACHABILITY_MAX_RECORD_AGE_DAYS"] = "400"
    records, truth = deployment.workdir / f"week.{sim_format}", deployment.workdir / "truth.jsonl"
    sim = cli(
        deployment,
        "simulate",
        "--seed",
        "7",
        "--calls",
        str(CALLS),
        "--start",
        "2026-05-11",
        "--days",
        "7",
        "--format",
        sim_format,
        "--out",
        str(records),
        "--truth",
        str(truth),
        "--duplicates",
        "0.03",
        "--late",
        "0.02",
        "--speed",
        "0",
    )
    assert sim.returncode == 0, sim.stderr
    expected, closed = truth_figures(truth)
    assert closed > 0  # the holiday and the evenings are in the week
    assert sum(expected.values()) > CALLS // 2

    deployment.create_topics()
    bad_before = deployment.produce(raw_topic, [(None, row) for row in malformed])
    worker = WorkerProcess(deployment).start().wait_ready()
    try:
        ingest = cli(deployment, "ingest", "--format", ingest_format, str(records))
        assert ingest.returncode == 0, ingest.stderr
        assert "sent " in ingest.stdout + ingest.stderr
        bad_after = deployment.produce(raw_topic, [(None, row) for row in malformed])
        total = deployment.end_offsets_total(raw_topic)
        wait_for(
            f"{total} {raw_topic} records applied",
            lambda: sum(deployment.ledger(raw_topic).values()) == total,
            300,
        )
        wait_for(
            "every produced leg applied and settled",
            lambda: (
                sum(deployment.ledger("call-legs").values())
                == deployment.end_offsets_total("call-legs")
                and deployment.open_calls() == 0
            ),
            300,
        )

        report = cli(deployment, "report", "--week", WEEK, "--format", "csv")
        assert report.returncode == 0, report.stderr
        rows = {row["department"]: row for row in csv.DictReader(io.StringIO(report.stdout))}
        got = Counter(
            {
                (dept, outcome): int(row[outcome])
                for dept, row in rows.items()
                for outcome in OUTCOMES
                if int(row[outcome])
            }
        )
        assert got == expected

        ledger = assert_accounting(deployment, raw_topic)
        assert ledger["rejected"] == bad_before + bad_after
        assert_accounting(deployment, "call-legs")
        dead = deployment.consume_all("call-legs.dlq")
        assert sorted(value for value, _ in dead) == sorted(malformed * 2)
        assert all(headers.get("reachability.reason") for _, headers in dead)
        samples = worker.samples()
        rejected = sum(
            v
            for (name, labels), v in samples.items()
            if name == "reachability_rejected_total"
            and dict(labels)["topic"] == deployment.topic(raw_topic)
        )
        assert rejected == 2 * len(malformed)
    finally:
        worker.stop()
