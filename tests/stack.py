"""The local stack as the tests see it: started by ``deploy/local/stack up`` (idempotent)."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Stack:
    bootstrap: str = "127.0.0.1:9092"
    redis_url: str = "redis://127.0.0.1:6379/0"
    prometheus_url: str = "http://127.0.0.1:9090"
    alertmanager_url: str = "http://127.0.0.1:9093"


def ensure_stack() -> Stack:
    result = subprocess.run(
        [str(ROOT / "deploy" / "local" / "stack"), "up"],
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
    if result.returncode != 0:
        pytest.fail(
            "the local stack did not start (deploy/local/stack up):\n"
            f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}",
            pytrace=False,
        )
    return Stack()
