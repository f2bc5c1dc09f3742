"""The core against the real Kafka and Redis: a generated day, duplicates, two workers."""

from __future__ import annotations

import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.integration.callgen import expected, generate, records
from tests.integration.checks import (
    assert_accounting,
    assert_gauges_match,
    assert_report_matches,
    business,
    gauge_figures,
)
from tests.integration.harness import Deployment, WorkerProcess, sample, wait_for

pytestmark = pytest.mark.integration
TZ = ZoneInfo("Europe/Amsterdam")


def today_start() -> datetime:
    return datetime.now(TZ).replace(hour=0, minute=0, second=0, microsecond=0)


def test_generated_day_matches_independent_figures(
    deployment: Deployment, worker: WorkerProcess
) -> None:
    calls = generate(seed=11, calls=2500, day_start=today_start())
    exp = expected(calls)
    n = deployment.produce("call-legs", records(calls))
    deployment.wait_settled(n)
    samples = worker.samples()
    assert_gauges_match(samples, exp, "today")
    assert_gauges_match(samples, exp, "week")  # a fresh deployment has nothing else this week
    assert_report_matches(deployment, today_start().date(), exp)
    ledger = assert_accounting(deployment)
    assert ledger == {"accepted": n}
    read = sum(
        sample(samples, "reachability_records_total", topic=deployment.topic("call-legs"), result=r)
        or 0
        for r in ("accepted", "duplicate", "late", "rejected")
    )
    assert read == n


def test_rolling_hour_window(deployment: Deployment, worker: WorkerProcess) -> None:
    now = datetime.now(UTC)
    calls = generate(seed=12, calls=300, day_start=now - timedelta(hours=3), span_hours=3)
    n = deployment.produce("call-legs", records(calls))
    deployment.wait_settled(n)
    samples = worker.samples()
    minute_now = int(time.time() // 60)

    def tally(first_minute: int) -> Counter[tuple[str, str]]:
        counted = Counter[tuple[str, str]]()
        for call in calls:
            start = min(datetime.fromisoformat(leg["ring_at"]) for leg in call.legs)
            if call.department and call.outcome and int(start.timestamp() // 60) >= first_minute:
                counted[call.department, call.outcome] += 1
        return counted

    got = {k: v for k, v in gauge_figures(samples, "1h").items() if v}
    # The scrape may fall in the next minute; the window is the current minute and the 59 before.
    assert got in (
        {k: v for k, v in tally(m - 59).items() if v} for m in (minute_now, minute_now + 1)
    )
    assert sum(got.values()) > 0


def test_every_record_twice_gives_the_same_figures(
    deployment: Deployment, worker: WorkerProcess
) -> None:
    calls = generate(seed=13, calls=800, day_start=today_start())
    exp = expected(calls)
    recs = records(calls)
    n = deployment.produce("call-legs", recs + recs)
    deployment.wait_settled(n)
    assert_gauges_match(worker.samples(), exp, "today")
    ledger = assert_accounting(deployment)
    assert ledger.get("accepted", 0) == len(recs)
    assert ledger.get("duplicate", 0) + ledger.get("late", 0) == len(recs)
    assert ledger.get("late", 0) == 0  # a copy of a known event id is a duplicate, never late


def test_bad_records_go_to_the_dead_letter_topic(
    deployment: Deployment, worker: WorkerProcess
) -> None:
    from kafka import KafkaConsumer

    calls = generate(seed=14, calls=50, day_start=today_start())
    good = records(calls)
    bad = [(b"x1", b"{not json"), (b"x2", b'{"schema": "call-leg/1"}'), (b"x3", b"[]")]
    n = deployment.produce("call-legs", good[:40] + bad + good[40:])
    deployment.wait_settled(n)
    assert_gauges_match(worker.samples(), expected(calls), "today")
    ledger = assert_accounting(deployment)
    assert ledger["rejected"] == 3
    samples = worker.samples()
    topic = deployment.topic("call-legs")
    assert sample(samples, "reachability_rejected_total", topic=topic, reason="invalid_json") == 1
    assert sample(samples, "reachability_rejected_total", topic=topic, reason="schema") == 2
    consumer = KafkaConsumer(
        deployment.topic("call-legs.dlq"),
        bootstrap_servers=deployment.bootstrap,
        auto_offset_reset="earliest",
        consumer_timeout_ms=5000,
    )
    dead = list(consumer)
    consumer.close()
    assert sorted(m.value for m in dead) == sorted(v for _, v in bad)
    reasons = sorted(dict(m.headers)["reachability.reason"].decode() for m in dead)
    assert reasons == ["invalid_json", "schema", "schema"]


def test_two_workers_share_partitions_and_agree(deployment: Deployment) -> None:
    calls = generate(seed=15, calls=1500, day_start=today_start())
    exp = expected(calls)
    first = WorkerProcess(deployment, "worker-a").start()
    second = WorkerProcess(deployment, "worker-b").start()
    try:
        first.wait_ready()
        second.wait_ready()
        n = deployment.produce("call-legs", records(calls))
        deployment.wait_settled(n)
        a, b = first.samples(), second.samples()
        assert_gauges_match(a, exp, "today")
        assert business(a) == business(b)
        assert_accounting(deployment)
        finalized = sum(
            v
            for s in (a, b)
            for (name, _), v in s.items()
            if name == "reachability_calls_finalized_total"
        )
        assert finalized == sum(exp.outcomes.values())
    finally:
        first.stop()
        second.stop()


def test_health_endpoints_and_probe(deployment: Deployment, worker: WorkerProcess) -> None:
    import json
    import subprocess
    import sys

    def probe() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "processor.cli", "check", "--max-age", "3"],
            env=deployment.env(),
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )

    assert worker.get("/livez") == (200, '{"status":"ok"}')
    status, body = worker.get("/readyz")
    assert (status, json.loads(body)) == (200, {"status": "ready"})
    # The first heartbeat follows readiness by up to one heartbeat interval.
    wait_for("a fresh heartbeat", lambda: probe().returncode == 0, 15)
    alive = probe()
    assert "healthy: 1 worker(s)" in alive.stdout
    worker.stop()
    time.sleep(4)  # heartbeats are 1 s apart in tests; the probe allows 3 s
    dead = probe()
    assert dead.returncode == 1
    assert "unhealthy" in dead.stderr
