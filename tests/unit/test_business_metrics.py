"""The business gauges as served: zero series from start-up, ratio absent when nothing offered."""

from __future__ import annotations

from prometheus_client import CollectorRegistry

from processor.figures import Counts
from processor.metrics.business import BusinessCollector, Snapshot
from processor.store.figures import WINDOWS, ExtensionCounts


def registry_for(snapshot: Snapshot) -> CollectorRegistry:
    registry = CollectorRegistry(auto_describe=False)
    registry.register(BusinessCollector(snapshot))
    return registry


def snapshot(**windows: Counts) -> Snapshot:
    return Snapshot(
        departments=["kcc", "unassigned"],
        targets={"kcc": 0.98},
        office_open={"kcc": True, "unassigned": False},
        windows={("kcc", w.replace("w", "")): c for w, c in windows.items()},
        extensions=[ExtensionCounts("kcc", "2001", "today", Counts(answered=4, missed=1))],
    )


def test_gauges_from_counts() -> None:
    reg = registry_for(
        snapshot(today=Counts(answered=45, missed=4, short_abandoned=2, within_service_level=40))
    )
    assert (
        reg.get_sample_value(
            "reachability_calls", {"department": "kcc", "window": "today", "outcome": "answered"}
        )
        == 45
    )
    assert (
        reg.get_sample_value("reachability_ratio", {"department": "kcc", "window": "today"})
        == 45 / 49
    )
    assert (
        reg.get_sample_value(
            "reachability_service_level_ratio", {"department": "kcc", "window": "today"}
        )
        == 40 / 49
    )
    assert reg.get_sample_value("reachability_target_ratio", {"department": "kcc"}) == 0.98
    assert reg.get_sample_value("reachability_office_open", {"department": "kcc"}) == 1
    assert reg.get_sample_value("reachability_office_open", {"department": "unassigned"}) == 0
    assert (
        reg.get_sample_value(
            "reachability_extension_calls",
            {"department": "kcc", "extension": "2001", "window": "today", "outcome": "missed"},
        )
        == 1
    )


def test_every_department_has_zero_series_but_no_ratio_without_offered() -> None:
    reg = registry_for(snapshot(today=Counts(short_abandoned=3)))
    for window in WINDOWS:
        for dept in ("kcc", "unassigned"):
            assert (
                reg.get_sample_value(
                    "reachability_calls",
                    {"department": dept, "window": window, "outcome": "missed"},
                )
                == 0
            )
            assert (
                reg.get_sample_value("reachability_ratio", {"department": dept, "window": window})
                is None
            )
