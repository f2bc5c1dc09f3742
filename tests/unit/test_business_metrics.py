"""The business gauges as served: zero series from start-up, ratio absent when nothing offered,
and every department's readable name."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, cast

from prometheus_client import CollectorRegistry

from processor.directory import Directory
from processor.figures import Counts
from processor.metrics.business import BusinessCollector, Snapshot
from processor.store.figures import WINDOWS, ExtensionCounts, FiguresReader
from processor.worker.web import business_snapshot


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
        names={"kcc": "KCC 14 070", "unassigned": "Niet toegewezen"},
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


def department_info(reg: CollectorRegistry) -> dict[str, tuple[str, float]]:
    """department -> (name label, value) of every reachability_department_info sample."""
    return {
        sample.labels["department"]: (sample.labels["name"], sample.value)
        for family in reg.collect()
        if family.name == "reachability_department_info"
        for sample in family.samples
    }


def test_every_department_is_served_with_its_readable_name() -> None:
    assert department_info(registry_for(snapshot())) == {
        "kcc": ("KCC 14 070", 1.0),
        "unassigned": ("Niet toegewezen", 1.0),
    }


class _NoFigures:
    """A FiguresReader with nothing counted yet (no Redis needed)."""

    async def windows(self, departments: Sequence[str], now: datetime) -> dict[Any, Counts]:
        return {}

    async def extensions(self, departments: Sequence[str], today: date) -> list[ExtensionCounts]:
        return []


def test_the_worker_names_departments_from_its_directory(directory: Directory) -> None:
    """The names the wall and the alert texts show come from the worker's own directory."""
    reader = cast(FiguresReader, _NoFigures())
    reg = registry_for(asyncio.run(business_snapshot(directory, reader)))
    assert department_info(reg) == {
        "kcc": ("KCC 14 070", 1.0),
        "burgerzaken": ("Burgerzaken", 1.0),
        "vergunningen": ("Vergunningen", 1.0),
        "unassigned": ("Niet toegewezen", 1.0),
    }
