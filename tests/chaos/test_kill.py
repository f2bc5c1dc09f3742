"""SIGKILL the worker in the middle of a 50,000-leg replay: the figures must not change."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.integration.callgen import expected, generate, records
from tests.integration.checks import assert_accounting, assert_gauges_match, gauge_figures
from tests.integration.harness import Deployment, WorkerProcess, wait_for

pytestmark = pytest.mark.chaos
TZ = ZoneInfo("Europe/Amsterdam")
LEGS = 50_000


def test_sigkill_mid_replay_changes_no_figure(deployment: Deployment) -> None:
    day = datetime.now(TZ).replace(hour=0, minute=0, second=0, microsecond=0)
    generated = generate(seed=21, calls=LEGS, day_start=day)
    calls, legs = [], 0
    for call in generated:  # whole calls, until the replay holds 50,000 legs
        if legs >= LEGS:
            break
        calls.append(call)
        legs += len(call.legs)
    exp = expected(calls)
    deployment.create_topics()
    n = deployment.produce("call-legs", records(calls))
    assert n >= LEGS

    worker = WorkerProcess(deployment, "victim").start().wait_ready()
    wait_for(
        "a third of the replay applied",
        lambda: sum(deployment.ledger("call-legs").values()) >= n // 3,
        300,
        every=0.05,
    )
    worker.kill()
    applied_at_kill = sum(deployment.ledger("call-legs").values())
    before = deployment.ledger("call-legs")

    restarted = WorkerProcess(deployment, "restarted").start().wait_ready()
    try:
        deployment.wait_settled(n)
        samples = restarted.samples()
        assert_gauges_match(samples, exp, "today")
        ledger = assert_accounting(deployment)
        assert ledger == {"accepted": n}
        after = gauge_figures(samples, "today")
        print(
            f"\nkill test: killed after {applied_at_kill} of {n} legs applied "
            f"(ledger at kill: {before})"
        )
        print(
            "figures after restart (today): "
            + ", ".join(f"{d}/{o}={v}" for (d, o), v in sorted(after.items()) if v)
        )
    finally:
        restarted.stop()
