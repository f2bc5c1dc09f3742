"""Redis refuses writes mid-batch: the worker must not commit what it could not apply.

Redis answers with an error the worker cannot retry (``OOM``, as with a full ``maxmemory``).
The worker exits without committing; once Redis accepts writes again, a restarted worker reads
the same records and every figure is as if nothing had happened.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import redis

from tests.integration.callgen import expected, generate, records
from tests.integration.checks import assert_accounting, assert_gauges_match
from tests.integration.harness import Deployment, WorkerProcess

pytestmark = pytest.mark.chaos
TZ = ZoneInfo("Europe/Amsterdam")
EXIT_BATCH_FAILED = 70


@pytest.fixture
def refusing_redis(deployment: Deployment) -> Iterator[redis.Redis]:
    client = deployment.redis()
    before = client.config_get("maxmemory")["maxmemory"]
    try:
        yield client
    finally:
        client.config_set("maxmemory", before)


def test_failed_batch_is_read_again_after_exit(
    deployment: Deployment, refusing_redis: redis.Redis
) -> None:
    day = datetime.now(TZ).replace(hour=0, minute=0, second=0, microsecond=0)
    calls = generate(seed=31, calls=1500, day_start=day)
    deployment.create_topics()
    n = deployment.produce("call-legs", records(calls))

    refusing_redis.config_set("maxmemory", "1")  # every write is now refused with OOM
    victim = WorkerProcess(deployment, "victim").start()
    assert victim.proc is not None
    assert victim.proc.wait(timeout=120) == EXIT_BATCH_FAILED, victim.log_tail()
    assert "exiting without commit" in victim.log_path.read_text()
    refusing_redis.config_set("maxmemory", "0")
    assert deployment.ledger("call-legs") == {}

    restarted = WorkerProcess(deployment, "restarted").start().wait_ready()
    try:
        deployment.wait_settled(n)
        assert_gauges_match(restarted.samples(), expected(calls), "today")
        assert assert_accounting(deployment) == {"accepted": n}
    finally:
        restarted.stop()
