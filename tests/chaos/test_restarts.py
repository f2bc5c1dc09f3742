"""Redis and the Kafka broker restart in the middle of a replay: the figures must not change.

These tests restart servers, so they run against a private Kafka and Redis of their own, started
by the project's stack script on free ports with its own state folder (Prometheus and
Alertmanager of the shared stack are reused, never stopped).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.integration.callgen import expected, generate, records
from tests.integration.checks import assert_accounting, assert_gauges_match
from tests.integration.harness import Deployment, WorkerProcess, free_port, wait_for
from tests.stack import ROOT, StackInfo

pytestmark = pytest.mark.chaos
TZ = ZoneInfo("Europe/Amsterdam")
CALLS = 16000


@dataclass
class PrivateStack:
    env: dict[str, str]
    state: Path
    kafka_port: int
    redis_port: int

    def run(self, *args: str) -> None:
        result = subprocess.run(
            [str(ROOT / "deploy" / "local" / "stack"), *args],
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )
        assert result.returncode == 0, f"stack {' '.join(args)}:\n{result.stdout}\n{result.stderr}"

    def crash(self, service: str) -> None:
        """SIGKILL the service, as a power cut or the OOM killer would."""
        pid = int((self.state / "run" / f"{service}.pid").read_text())
        os.kill(pid, signal.SIGKILL)
        wait_for(f"{service} gone", lambda: not Path(f"/proc/{pid}").exists(), 30, every=0.1)


@pytest.fixture(scope="module")
def private_stack(
    stack: StackInfo, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[PrivateStack]:
    state = tmp_path_factory.mktemp("private-stack")
    kafka_port, redis_port = free_port(), free_port()
    env = dict(os.environ)
    env.update(
        {
            "REACHABILITY_STACK_DIR": str(state),
            "REACHABILITY_KAFKA_PORT": str(kafka_port),
            "REACHABILITY_KAFKA_CONTROLLER_PORT": str(free_port()),
            "REACHABILITY_REDIS_PORT": str(redis_port),
            "REACHABILITY_STACK_PYTHON": sys.executable,
        }
    )
    private = PrivateStack(env, state, kafka_port, redis_port)
    private.run("up", "kafka", "redis")
    try:
        yield private
    finally:
        private.run("down", "kafka", "redis")


@pytest.fixture
def private_deployment(private_stack: PrivateStack, tmp_path: Path) -> Deployment:
    return Deployment(
        name=f"r{uuid.uuid4().hex[:12]}",
        bootstrap=f"127.0.0.1:{private_stack.kafka_port}",
        redis_url=f"redis://127.0.0.1:{private_stack.redis_port}/0",
        workdir=tmp_path,
    )


def _replay_with(deployment: Deployment, disruption: Callable[[WorkerProcess], None]) -> None:
    day = datetime.now(TZ).replace(hour=0, minute=0, second=0, microsecond=0)
    calls = generate(seed=41, calls=CALLS, day_start=day)
    deployment.create_topics()
    n = deployment.produce("call-legs", records(calls))
    worker = WorkerProcess(deployment).start().wait_ready()
    try:
        wait_for(
            "a third applied",
            lambda: sum(deployment.ledger("call-legs").values()) >= n // 3,
            300,
            every=0.05,
        )
        disruption(worker)
        applied = sum(deployment.ledger("call-legs").values())
        print(f"\ndisrupted with {applied} of {n} legs applied")
        assert applied < n, "the replay was over before the disruption: make it longer"
        deployment.wait_settled(n, timeout=400)
        assert worker.proc is not None
        assert worker.proc.poll() is None, f"the worker died:\n{worker.log_tail()}"
        assert_gauges_match(worker.samples(), expected(calls), "today")
        assert assert_accounting(deployment) == {"accepted": n}
    finally:
        worker.stop()


def test_redis_crash_and_restart_mid_replay(
    private_stack: PrivateStack, private_deployment: Deployment
) -> None:
    def crash_redis(worker: WorkerProcess) -> None:
        private_stack.crash("redis")

        def unready() -> bool:
            status, body = worker.get("/readyz")
            return status == 503 and "redis" in json.loads(body)["failing"]

        wait_for("/readyz to name Redis as failing", unready, 30)
        private_stack.run("up", "redis")  # the same AOF: appendfsync always lost nothing

    _replay_with(private_deployment, crash_redis)


def test_kafka_broker_restart_mid_replay(
    private_stack: PrivateStack, private_deployment: Deployment
) -> None:
    def restart_kafka(worker: WorkerProcess) -> None:
        private_stack.run("down", "kafka")
        private_stack.run("up", "kafka")

    _replay_with(private_deployment, restart_kafka)
