"""Fixtures shared by integration and chaos tests: an isolated deployment and its worker."""

from __future__ import annotations

import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.harness import Deployment, WorkerProcess
from tests.stack import StackInfo, start_stack


@pytest.fixture(scope="session")
def stack() -> StackInfo:
    """The real local stack, started by the project's own script. Fails loudly, never skips."""
    return start_stack()


@pytest.fixture
def deployment(stack: StackInfo, tmp_path: Path) -> Iterator[Deployment]:
    """A deployment of its own: app id, topic prefix and Redis keys unique to this test."""
    dep = Deployment(
        name=f"t{uuid.uuid4().hex[:12]}",
        bootstrap=stack.bootstrap,
        redis_url=stack.redis_url,
        workdir=tmp_path,
    )
    yield dep
    r = dep.redis()
    for key in r.scan_iter(f"{dep.name}:*", count=1000):
        r.delete(key)
    dep.delete_topics()
    shutil.rmtree(
        Path(tempfile.gettempdir()) / f"reachability-faust-{dep.name}", ignore_errors=True
    )


@pytest.fixture
def worker(deployment: Deployment) -> Iterator[WorkerProcess]:
    proc = WorkerProcess(deployment).start()
    try:
        proc.wait_ready()
        yield proc
    finally:
        proc.stop()
