"""Run real ``reachability worker`` processes against the local stack and read what they did."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import redis
from kafka import KafkaAdminClient, KafkaProducer
from prometheus_client.parser import text_string_to_metric_families

ROOT = Path(__file__).resolve().parents[2]
TEST_DIRECTORY = ROOT / "tests" / "integration" / "data" / "directory.yaml"

Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(what: str, condition: Callable[[], bool], timeout: float, every: float = 0.5) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")


@dataclass
class Deployment:
    """One isolated deployment: its own app id, topic prefix and Redis keys."""

    name: str
    bootstrap: str
    redis_url: str
    workdir: Path
    directory: Path = TEST_DIRECTORY
    settle_seconds: float = 2.0
    partitions: int = 6
    extra_env: dict[str, str] = field(default_factory=dict)

    @property
    def prefix(self) -> str:
        return f"{self.name}."

    def topic(self, base: str) -> str:
        return f"{self.prefix}{base}"

    def env(self, **overrides: str) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            {
                "REACHABILITY_KAFKA_BOOTSTRAP": self.bootstrap,
                "REACHABILITY_REDIS_URL": self.redis_url,
                "REACHABILITY_APP_ID": self.name,
                "REACHABILITY_TOPIC_PREFIX": self.prefix,
                "REACHABILITY_DIRECTORY": str(self.directory),
                "REACHABILITY_SETTLE_SECONDS": str(self.settle_seconds),
                "REACHABILITY_TOPIC_PARTITIONS": str(self.partitions),
                "REACHABILITY_HEARTBEAT_SECONDS": "1",
            }
        )
        env.update(self.extra_env)
        env.update(overrides)
        return env

    def redis(self) -> redis.Redis:
        return redis.Redis.from_url(self.redis_url, decode_responses=True)

    def create_topics(self) -> None:
        """Create the deployment's topics the way the product does at start-up."""
        from processor.kafka.topics import ensure_topics
        from processor.settings import Settings

        ensure_topics(
            Settings(
                kafka_bootstrap=self.bootstrap,
                app_id=self.name,
                topic_prefix=self.prefix,
                topic_partitions=self.partitions,
            )
        )

    def produce(self, topic: str, records: Iterable[tuple[bytes | None, bytes]]) -> int:
        producer = KafkaProducer(
            bootstrap_servers=self.bootstrap, linger_ms=20, batch_size=256 * 1024, acks="all"
        )
        n = 0
        for key, value in records:
            producer.send(self.topic(topic), key=key, value=value)
            n += 1
        producer.flush()
        producer.close()
        return n

    def end_offsets_total(self, topic: str) -> int:
        from kafka import KafkaConsumer, TopicPartition

        consumer = KafkaConsumer(bootstrap_servers=self.bootstrap)
        try:
            parts = consumer.partitions_for_topic(self.topic(topic)) or set()
            tps = [TopicPartition(self.topic(topic), p) for p in parts]
            return sum(consumer.end_offsets(tps).values())
        finally:
            consumer.close()

    def consume_all(self, topic: str) -> list[tuple[bytes, dict[str, str]]]:
        """Every record of ``topic``: value and decoded headers."""
        from kafka import KafkaConsumer

        consumer = KafkaConsumer(
            self.topic(topic),
            bootstrap_servers=self.bootstrap,
            auto_offset_reset="earliest",
            consumer_timeout_ms=5000,
        )
        try:
            return [(m.value, {k: v.decode() for k, v in (m.headers or [])}) for m in consumer]
        finally:
            consumer.close()

    def ledger(self, topic: str) -> dict[str, int]:
        raw = self.redis().hgetall(f"{self.name}:ledger:{self.topic(topic)}")
        return {k: int(v) for k, v in raw.items()}

    def open_calls(self) -> int:
        r = self.redis()
        return sum(int(r.zcard(f"{self.name}:settle:{p}")) for p in range(self.partitions))

    def wait_settled(self, records: int, timeout: float = 300) -> None:
        """Every record of ``call-legs`` applied once, and every call finalised."""
        wait_for(
            f"{records} records applied",
            lambda: sum(self.ledger("call-legs").values()) >= records,
            timeout,
        )
        wait_for("all calls finalised", lambda: self.open_calls() == 0, timeout)

    def delete_topics(self) -> None:
        admin = KafkaAdminClient(bootstrap_servers=self.bootstrap)
        try:
            mine = [t for t in admin.list_topics() if t.startswith(self.prefix)]
            if mine:
                admin.delete_topics(mine)
        finally:
            admin.close()


class WorkerProcess:
    def __init__(self, deployment: Deployment, label: str = "worker") -> None:
        self.deployment = deployment
        self.port = free_port()
        self.log_path = deployment.workdir / f"{label}.log"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> WorkerProcess:
        log = self.log_path.open("ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "processor.cli", "worker", "--loglevel", "warning"],
            env=self.deployment.env(
                REACHABILITY_WEB_PORT=str(self.port), REACHABILITY_WEB_HOST="127.0.0.1"
            ),
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=self.deployment.workdir,
            start_new_session=True,
        )
        log.close()
        return self

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def _get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.url(path), timeout=10) as resp:
                return resp.status, resp.read().decode()
        except urllib.error.HTTPError as err:
            return err.code, err.read().decode()
        except OSError:
            return 0, ""

    def wait_ready(self, timeout: float = 90) -> WorkerProcess:
        def ready() -> bool:
            if self.proc is not None and self.proc.poll() is not None:
                raise AssertionError(
                    f"worker exited with {self.proc.returncode}:\n{self.log_tail()}"
                )
            return self._get("/readyz")[0] == 200

        try:
            wait_for(f"worker on port {self.port} ready", ready, timeout)
        except AssertionError as err:
            raise AssertionError(f"{err}\n{self.log_tail()}") from None
        return self

    def get(self, path: str) -> tuple[int, str]:
        return self._get(path)

    def samples(self) -> Samples:
        status, body = self._get("/metrics")
        assert status == 200, f"/metrics answered {status}"
        out: Samples = {}
        for family in text_string_to_metric_families(body):
            for s in family.samples:
                out[s.name, tuple(sorted(s.labels.items()))] = s.value
        return out

    def log_tail(self, lines: int = 40) -> str:
        if not self.log_path.exists():
            return "(no log)"
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def kill(self) -> None:
        assert self.proc is not None
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=30)

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=30)


def sample(samples: Samples, name: str, **labels: str) -> float | None:
    return samples.get((name, tuple(sorted(labels.items()))))
