"""Where ingest and the simulator put records: Kafka (kafka-python), or a list in tests.

Guarantees: every record handed to ``send`` is either delivered (acknowledged by all in-sync
replicas, ``acks="all"``, idempotent producer) or listed by ``flush`` with its reference and the
error, so a caller can report it. Nothing fails silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from processor.kafka.topics import client_config
from processor.settings import Settings

LINGER_MS = 50
BATCH_BYTES = 512 * 1024


class Sink(Protocol):
    def send(self, topic: str, key: bytes, value: bytes, ref: str) -> None:
        """Queue one record; ``ref`` (e.g. ``file.csv:17``) names it in error reports."""

    def flush(self) -> list[tuple[str, str]]:
        """Wait until everything queued is delivered; returns (ref, error) of each failure."""

    def close(self) -> None: ...


@dataclass
class ListSink:
    """Keeps records in memory: for tests and dry runs."""

    records: list[tuple[str, bytes, bytes]] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)

    def send(self, topic: str, key: bytes, value: bytes, ref: str) -> None:
        self.records.append((topic, key, value))

    def flush(self) -> list[tuple[str, str]]:
        return list(self.failures)

    def close(self) -> None:
        return None


class KafkaSink:
    """A kafka-python producer tuned for throughput: batches of up to 512 KiB, 50 ms linger.

    Delivery results are read from the send futures (cheaper than a callback per record), at
    ``flush`` and whenever many have piled up.
    """

    PRUNE_AT = 50_000

    def __init__(self, settings: Settings, *, client_id: str, **overrides: Any) -> None:
        from kafka import KafkaProducer  # noqa: PLC0415 - imported only where Kafka is used

        options: dict[str, Any] = {
            "linger_ms": LINGER_MS,
            "batch_size": BATCH_BYTES,
            "acks": "all",
            "client_id": client_id,
            **overrides,
        }
        self._producer = KafkaProducer(**client_config(settings), **options)
        self._pending: list[tuple[Any, str]] = []
        self._failures: list[tuple[str, str]] = []

    def send(self, topic: str, key: bytes, value: bytes, ref: str) -> None:
        from kafka.errors import KafkaError  # noqa: PLC0415

        try:
            future = self._producer.send(topic, key=key, value=value)
        except KafkaError as exc:  # buffer full for max_block_ms, record too large, ...
            self._failures.append((ref, f"{type(exc).__name__}: {exc}"))
            return
        self._pending.append((future, ref))
        if len(self._pending) >= self.PRUNE_AT:
            self._collect(wait=False)

    def flush(self) -> list[tuple[str, str]]:
        from kafka.errors import KafkaError  # noqa: PLC0415

        try:
            self._producer.flush()
        except KafkaError as exc:
            self._failures.append(("flush", f"{type(exc).__name__}: {exc}"))
        self._collect(wait=True)
        return list(self._failures)

    def close(self) -> None:
        self._producer.close()

    def _collect(self, *, wait: bool) -> None:
        """Move failed futures to the failures; keep the unfinished ones (all finish on flush)."""
        still: list[tuple[Any, str]] = []
        for future, ref in self._pending:
            if not future.is_done:
                if wait:
                    self._failures.append((ref, "not delivered when the producer was flushed"))
                else:
                    still.append((future, ref))
            elif future.failed():
                exc = future.exception
                self._failures.append((ref, f"{type(exc).__name__}: {exc}"))
        self._pending = still
