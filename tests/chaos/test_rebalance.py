"""Workers join and leave in the middle of a replay: each rebalance changes no figure."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.integration.callgen import expected, generate, records
from tests.integration.checks import assert_accounting, assert_gauges_match, business
from tests.integration.harness import Deployment, WorkerProcess, wait_for

pytestmark = pytest.mark.chaos
TZ = ZoneInfo("Europe/Amsterdam")


def test_join_and_leave_mid_replay(deployment: Deployment) -> None:
    day = datetime.now(TZ).replace(hour=0, minute=0, second=0, microsecond=0)
    calls = generate(seed=51, calls=16000, day_start=day)
    deployment.create_topics()
    n = deployment.produce("call-legs", records(calls))

    def applied() -> int:
        return sum(deployment.ledger("call-legs").values())

    first = WorkerProcess(deployment, "first").start().wait_ready()
    second = WorkerProcess(deployment, "second")
    third = WorkerProcess(deployment, "third")
    try:
        wait_for("a fifth applied", lambda: applied() >= n // 5, 300, every=0.05)
        second.start().wait_ready()  # joins: partitions move to it mid-replay
        joined_at = applied()
        wait_for("half applied", lambda: applied() >= n // 2, 300, every=0.05)
        first.stop()  # leaves: its partitions move to the second worker
        left_at = applied()
        third.start().wait_ready()  # and one more joins
        assert left_at < n, "the replay was over before the last rebalance: make it longer"
        deployment.wait_settled(n, timeout=400)
        b, c = second.samples(), third.samples()
        assert_gauges_match(b, expected(calls), "today")
        assert business(b) == business(c)
        assert assert_accounting(deployment) == {"accepted": n}
        print(f"\nrebalances at {joined_at} and {left_at} of {n} legs applied")
    finally:
        for worker in (first, second, third):
            worker.stop()
