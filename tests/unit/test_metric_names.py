"""Naming rules for every metric we serve (prometheus naming conventions)."""

from __future__ import annotations

import re

from prometheus_client import CollectorRegistry

from processor.metrics import names
from processor.metrics.pipeline import PipelineMetrics

ALL = names.GAUGES + names.COUNTERS + names.HISTOGRAMS


def test_prefix_and_charset() -> None:
    for name in ALL:
        assert name.startswith(names.PREFIX), name
        assert re.fullmatch(r"[a-z_][a-z0-9_]*", name), name


def test_total_only_on_counters() -> None:
    for name in names.GAUGES + names.HISTOGRAMS:
        assert not name.endswith("_total"), name
    registry = CollectorRegistry()
    PipelineMetrics(registry)
    exposed = {m.name: m.type for m in registry.collect()}
    for name in names.COUNTERS:
        assert exposed[name] == "counter", name


def test_ratio_suffix_only_for_ratios() -> None:
    for name in ALL:
        assert name.endswith("_ratio") == (name in names.RATIOS), name


def test_base_units() -> None:
    for name in ALL:
        assert not re.search(r"_(milliseconds|minutes|hours|ms|percent)$", name), name
    assert names.ANSWER_DELAY_SECONDS.endswith("_seconds")
    assert names.LAST_RECORD_TIMESTAMP_SECONDS.endswith("_timestamp_seconds")


def test_pipeline_metrics_start_at_zero() -> None:
    registry = CollectorRegistry()
    metrics = PipelineMetrics(registry)
    metrics.zero(["call-legs"], ["kcc", "unassigned"])
    value = registry.get_sample_value(
        "reachability_records_total", {"topic": "call-legs", "result": "late"}
    )
    assert value == 0.0
    assert (
        registry.get_sample_value(
            "reachability_calls_finalized_total", {"department": "kcc", "outcome": "missed"}
        )
        == 0.0
    )
    assert registry.get_sample_value("reachability_build_info", {"version": _version()}) == 1.0


def _version() -> str:
    from processor import __version__

    return __version__
