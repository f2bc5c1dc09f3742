"""The local stack as the tests see it: started by ``deploy/local/stack up`` (idempotent).

When it cannot start, the run fails loudly: an integration test never skips for want of Kafka,
Redis, Prometheus or Alertmanager.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
STACK_SCRIPT = ROOT / "deploy" / "local" / "stack"
# Below pytest-timeout's 600 s, so that a slow first start fails with the script's own output.
STACK_UP_TIMEOUT = 570


@dataclass(frozen=True)
class StackInfo:
    """Where the services of the local stack answer."""

    bootstrap: str
    redis_url: str
    prometheus_url: str
    alertmanager_url: str


def start_stack() -> StackInfo:
    """Run ``deploy/local/stack up`` and return the addresses, or fail the run with its output."""
    env = dict(os.environ)
    # The script's Kafka readiness check uses kafka-python: this interpreter has it.
    env.setdefault("REACHABILITY_STACK_PYTHON", sys.executable)
    try:
        result = subprocess.run(
            [str(STACK_SCRIPT), "up"],
            capture_output=True,
            text=True,
            env=env,
            timeout=STACK_UP_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        pytest.fail(
            f"deploy/local/stack up did not finish in {STACK_UP_TIMEOUT}s:\n"
            f"{exc.stdout!s}\n{exc.stderr!s}",
            pytrace=False,
        )
    if result.returncode != 0:
        pytest.fail(
            f"the local stack did not start (deploy/local/stack up, exit {result.returncode}):\n"
            f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}",
            pytrace=False,
        )
    kafka_port = env.get("REACHABILITY_KAFKA_PORT", "9092")
    redis_port = env.get("REACHABILITY_REDIS_PORT", "6379")
    return StackInfo(
        bootstrap=f"127.0.0.1:{kafka_port}",
        redis_url=f"redis://127.0.0.1:{redis_port}/0",
        prometheus_url="http://127.0.0.1:9090",
        alertmanager_url="http://127.0.0.1:9093",
    )
