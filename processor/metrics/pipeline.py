"""Counters of what this worker process did. Reset on restart; ``sum`` them across workers."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

from processor import __version__
from processor.calls.model import OUTCOMES
from processor.metrics import names

RESULTS = ("accepted", "duplicate", "late", "rejected")
# Call start to first human answer: the VNG norm is 25 s, so resolve finely below a minute.
ANSWER_DELAY_BUCKETS = (5.0, 10.0, 15.0, 20.0, 25.0, 30.0, 45.0, 60.0, 90.0, 120.0, 300.0)


class PipelineMetrics:
    def __init__(self, registry: CollectorRegistry) -> None:
        self.records = Counter(
            names.RECORDS,
            "Records read, by topic and result",
            ["topic", "result"],
            registry=registry,
        )
        self.rejected = Counter(
            names.REJECTED, "Rejected records by reason", ["topic", "reason"], registry=registry
        )
        self.finalized = Counter(
            names.CALLS_FINALIZED,
            "Calls this worker finalised",
            ["department", "outcome"],
            registry=registry,
        )
        self.closed_hours = Counter(
            names.CLOSED_HOURS_CALLS,
            "Calls finalised that started outside office hours or on a closed day",
            ["department"],
            registry=registry,
        )
        self.answer_delay = Histogram(
            names.ANSWER_DELAY_SECONDS,
            "Call start to first human answer",
            ["department"],
            buckets=ANSWER_DELAY_BUCKETS,
            registry=registry,
        )
        self.open_calls = Gauge(
            names.OPEN_CALLS, "Calls waiting to settle on this worker", registry=registry
        )
        self.last_record = Gauge(
            names.LAST_RECORD_TIMESTAMP_SECONDS,
            "Arrival time of the newest record",
            ["topic"],
            registry=registry,
        )
        build = Gauge(names.BUILD_INFO, "Build information", ["version"], registry=registry)
        build.labels(version=__version__).set(1)

    def zero(self, topics: list[str], departments: list[str]) -> None:
        """Create every series at start-up so that it reads 0, not absent."""
        for topic in topics:
            for result in RESULTS:
                self.records.labels(topic=topic, result=result)
        for dept in departments:
            self.closed_hours.labels(department=dept)
            self.answer_delay.labels(department=dept)
            for outcome in OUTCOMES:
                self.finalized.labels(department=dept, outcome=outcome.value)
