"""Every panel of every dashboard (deploy/grafana/dashboards/) returns data from a real
Prometheus that scrapes a real worker fed with simulated traffic.

A Prometheus of the test's own (tests/rules/servers.py) scrapes the test worker every second and
evaluates deploy/prometheus/rules/ every second. The traffic is ``reachability simulate``'s busy
stretch of a working day moved into the last 50 minutes (tests/rules/traffic.py), plus a few bad
records for the reject panels. Each panel's PromQL is run with the dashboard's variables filled
in ($department=kcc) the way Grafana runs it: instant queries now, range queries over the last
minute.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from tests.integration.harness import Deployment, WorkerProcess, wait_for
from tests.rules.dashboards import Query, dashboard_files, fill, queries
from tests.rules.promql import rules_files
from tests.rules.servers import PrometheusServer
from tests.rules.traffic import TZ, Traffic, last_hour

pytestmark = pytest.mark.integration

VARIABLES = {"department": "kcc", "name": "KCC 14 070"}
BAD_RECORDS = [
    (b"bad-1", b"this is not JSON"),
    (b"bad-2", b'{"schema": "call-leg/1", "call_id": "x"}'),
]
DATA_TIMEOUT = 120  # s: scrape (1 s), recording rules (1 s), the first rate() needs two scrapes


@dataclass
class Fed:
    prometheus: PrometheusServer
    traffic: Traffic
    worker: WorkerProcess


def minutes_of_today(now: datetime) -> float:
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    return (now - midnight).total_seconds() / 60


@pytest.fixture
def fed(deployment: Deployment, tmp_path: Path) -> Iterator[Fed]:
    worker = WorkerProcess(deployment, label="dashboards-worker").start()
    prometheus = PrometheusServer(
        tmp_path, targets=[f"127.0.0.1:{worker.port}"], rule_files=rules_files()
    )
    try:
        worker.wait_ready()
        prometheus.start()
        wait_for(
            "Prometheus scraping the worker",
            lambda: bool(prometheus.query('up{job="reachability"} == 1')),
            30,
        )
        # Today's figures need calls of today: just after midnight, wait until a few minutes
        # of the new day have passed (at most 6 minutes, once a day).
        if minutes_of_today(datetime.now(TZ)) < 6:
            time.sleep((6 - minutes_of_today(datetime.now(TZ))) * 60)
        now = datetime.now(TZ)
        minutes = min(50.0, minutes_of_today(now) - 2)
        traffic = last_hour(
            tmp_path, deployment.directory, seed=21, minutes=minutes, end=now - timedelta(minutes=1)
        )
        n = deployment.produce("call-legs", [*traffic.records, *BAD_RECORDS])
        deployment.wait_settled(n)
        yield Fed(prometheus, traffic, worker)
    finally:
        prometheus.stop()
        worker.stop()


def has_data(prometheus: PrometheusServer, query: Query) -> bool:
    expr = fill(query.expr, VARIABLES)
    if query.instant:
        result = prometheus.query(expr)
        return any("value" in series for series in result)
    result = prometheus.query_range(expr, seconds=60)
    return any(series.get("values") for series in result)


def test_every_panel_query_returns_data(fed: Fed) -> None:
    all_queries = [q for path in dashboard_files() for q in queries(path)]
    assert len(all_queries) >= 30
    missing = set(all_queries)
    started = time.monotonic()
    deadline = started + DATA_TIMEOUT
    while missing and time.monotonic() < deadline:
        missing = {q for q in missing if not has_data(fed.prometheus, q)}
        if missing:
            time.sleep(1)
    assert fed.prometheus.rule_health() == []
    assert not missing, "panels without data after {:.0f} s:\n{}".format(
        time.monotonic() - started,
        "\n".join(f"  {q}: {fill(q.expr, VARIABLES)}" for q in sorted(missing, key=str)),
    )


def test_panels_show_the_simulated_figures(fed: Fed) -> None:
    """The wall's and the detail's figures are the simulator's truth, per department."""
    traffic, prometheus = fed.traffic, fed.prometheus

    def figure(expr: str) -> float | None:
        result = prometheus.query(expr)
        return float(result[0]["value"][1]) if result else None

    def shows(expr: str, value: float) -> Callable[[], bool]:
        return lambda: figure(expr) == value

    for department in sorted(traffic.departments()):
        where = f'{{department="{department}", window="1h"}}'
        offered = f"department_window:reachability_offered_calls:sum{where}"
        ratio = f"department_window:reachability_ratio:max{where}"
        # Prometheus may have scraped while the worker was still applying the records: wait for
        # a scrape after it settled, and for the recording rules evaluated on it.
        expected = traffic.offered(department)
        try:
            wait_for(
                f"{department}: {expected} calls offered in the last hour",
                shows(offered, expected),
                DATA_TIMEOUT,
            )
        except AssertionError as err:
            raise AssertionError(f"{err}; Prometheus shows {figure(offered)}") from None
        expected_ratio = traffic.reachability(department)
        if expected_ratio is None:
            assert figure(ratio) is None, department
        else:
            assert figure(ratio) == pytest.approx(expected_ratio, abs=1e-9), department
    rejected = figure('sum(reachability_records_total{result="rejected"})')
    assert rejected == len(BAD_RECORDS)
