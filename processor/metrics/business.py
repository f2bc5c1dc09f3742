"""Business gauges of spec section 6, rendered from a snapshot read from Redis at scrape time."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from processor.calls.model import OUTCOMES
from processor.figures import Counts
from processor.metrics import names
from processor.store.figures import WINDOWS, ExtensionCounts


@dataclass(frozen=True, slots=True)
class Snapshot:
    departments: Sequence[str]  # configured ids plus "unassigned"
    targets: Mapping[str, float]
    office_open: Mapping[str, bool]
    windows: Mapping[tuple[str, str], Counts]
    extensions: Sequence[ExtensionCounts]
    names: Mapping[str, str]  # readable name per department, "unassigned" included


class BusinessCollector(Collector):
    def __init__(self, snapshot: Snapshot) -> None:
        self._snap = snapshot

    def collect(self) -> Iterator[GaugeMetricFamily]:
        snap = self._snap
        calls = GaugeMetricFamily(
            names.CALLS, "Counted calls per outcome", labels=["department", "window", "outcome"]
        )
        ratio = GaugeMetricFamily(
            names.RATIO,
            "Reached / offered; absent when nothing was offered",
            labels=["department", "window"],
        )
        service = GaugeMetricFamily(
            names.SERVICE_LEVEL_RATIO,
            "Answered by a person within the service level / offered",
            labels=["department", "window"],
        )
        for dept in snap.departments:
            for window in WINDOWS:
                counts = snap.windows.get((dept, window), Counts())
                for outcome in OUTCOMES:
                    calls.add_metric([dept, window, outcome.value], counts.of(outcome))
                if counts.reachability is not None:
                    ratio.add_metric([dept, window], counts.reachability)
                if counts.service_level is not None:
                    service.add_metric([dept, window], counts.service_level)
        target = GaugeMetricFamily(names.TARGET_RATIO, "Reachability target", labels=["department"])
        for dept, value in snap.targets.items():
            target.add_metric([dept], value)
        office = GaugeMetricFamily(
            names.OFFICE_OPEN, "1 while office hours are open", labels=["department"]
        )
        for dept in snap.departments:
            office.add_metric([dept], 1.0 if snap.office_open.get(dept) else 0.0)
        # Alert texts and the wall show these names; served by the worker from its own
        # directory, so a changed directory needs a worker restart and nothing else.
        info = GaugeMetricFamily(
            names.DEPARTMENT_INFO,
            "The directory's readable name of the department; always 1",
            labels=["department", "name"],
        )
        for dept in snap.departments:
            info.add_metric([dept, snap.names.get(dept, dept)], 1.0)
        yield from (calls, ratio, service, target, office, info)
        if snap.extensions:
            ext = GaugeMetricFamily(
                names.EXTENSION_CALLS,
                "Calls per entry extension and outcome",
                labels=["department", "extension", "window", "outcome"],
            )
            for item in snap.extensions:
                for outcome in OUTCOMES:
                    ext.add_metric(
                        [item.department, item.extension, item.window, outcome.value],
                        item.counts.of(outcome),
                    )
            yield ext
