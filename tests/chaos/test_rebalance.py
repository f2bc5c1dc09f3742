"""Workers join and leave while calls stream in: each rebalance changes no figure.

The records arrive in three parts, one before each change of the group, so every rebalance
happens with calls half-read and open: their legs land on both sides of it. Settling waits 45 s
here, longer than a change of the group takes, so that the legs of a call cut in two are still
one call (with the tests' usual 2 s the second half would rightly be late legs).
"""

from __future__ import annotations

import itertools
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.integration.callgen import expected, generate, records
from tests.integration.checks import assert_accounting, assert_gauges_match, business
from tests.integration.harness import Deployment, WorkerProcess, wait_for

pytestmark = pytest.mark.chaos
TZ = ZoneInfo("Europe/Amsterdam")


def inside_a_call(recs: list[tuple[bytes, bytes]], at: int) -> int:
    """The first index from ``at`` whose record belongs to the same call as the one before."""
    return next(i for i in range(at, len(recs)) if recs[i][0] == recs[i - 1][0])


def test_join_and_leave_while_records_stream_in(deployment: Deployment) -> None:
    day = datetime.now(TZ).replace(hour=0, minute=0, second=0, microsecond=0)
    calls = generate(seed=51, calls=9000, day_start=day)
    recs = records(calls)
    # Cut inside calls, not between them: a call's legs straddle each rebalance.
    cuts = [0, inside_a_call(recs, len(recs) // 3), inside_a_call(recs, 2 * len(recs) // 3)]
    parts = [recs[a:b] for a, b in itertools.pairwise([*cuts, len(recs)])]
    deployment.settle_seconds = 45
    deployment.create_topics()

    def applied() -> int:
        return sum(deployment.ledger("call-legs").values())

    first = WorkerProcess(deployment, "first").start().wait_ready()
    second = WorkerProcess(deployment, "second")
    third = WorkerProcess(deployment, "third")
    try:
        sent = deployment.produce("call-legs", parts[0])
        wait_for("the first part applied", lambda: applied() >= sent, 300)
        second.start().wait_ready()  # joins: partitions move to it
        sent += deployment.produce("call-legs", parts[1])
        first.stop()  # leaves while the second part is being read
        third.start().wait_ready()  # and one more joins
        sent += deployment.produce("call-legs", parts[2])
        assert sent == len(recs)
        deployment.wait_settled(sent, timeout=400)
        b, c = second.samples(), third.samples()
        assert_gauges_match(b, expected(calls), "today")
        assert business(b) == business(c)
        assert assert_accounting(deployment) == {"accepted": sent}
    finally:
        for worker in (first, second, third):
            worker.stop()
