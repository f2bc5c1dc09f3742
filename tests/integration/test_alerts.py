"""End to end: a department in outage pages its team lead, and no other department's does.

worker -> Prometheus (1 s scrape and rule evaluation, a test copy of the alert rules with a short
``for:``) -> Alertmanager (1 s group wait) -> a webhook receiver in this test. The traffic is
``reachability simulate --scenario outage:burgerzaken`` (tests/rules/traffic.py): Burgerzaken
answers nothing, the other departments answer as usual. In the test's directory the other
departments have a 50% target: the simulator's normal departments answer 70% to 92% of their
calls by design, near the real 90% target, and this test is about the outage only. The outage
department has a name there that no other file knows: the alert text names it by what the worker
serves from its directory (reachability_department_info).

The test prints its timeline: outage traffic produced, worker settled, alert pending and firing
at Prometheus, notification received.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.integration.harness import TEST_DIRECTORY, Deployment, WorkerProcess
from tests.rules.promql import RULES_DIR
from tests.rules.servers import AlertmanagerServer, PrometheusServer, WebhookReceiver
from tests.rules.traffic import TZ, last_hour

pytestmark = pytest.mark.integration

OUTAGE = "burgerzaken"
OUTAGE_NAME = "Burgerzaken (test directory)"  # set in the worker's directory, see below
SHORT_FOR = "5s"
OTHERS_TARGET = 0.5
NOTIFY_TIMEOUT = 120  # s after the worker settled
QUIET_AFTER = 10  # s to wait after the notification for one about another department


def short_for_rules(workdir: Path) -> list[Path]:
    """The rules of deploy/prometheus/rules/, with every ``for:`` of alerts.yml made short."""
    alerts = yaml.safe_load((RULES_DIR / "alerts.yml").read_text(encoding="utf-8"))
    for group in alerts["groups"]:
        for rule in group["rules"]:
            if "for" in rule:
                rule["for"] = SHORT_FOR
    copy = workdir / "alerts-short-for.yml"
    copy.write_text(yaml.safe_dump(alerts, sort_keys=False, width=1000), encoding="utf-8")
    return [copy, *(p for p in sorted(RULES_DIR.glob("*.yml")) if p.name != "alerts.yml")]


def directory_with_low_targets(workdir: Path) -> Path:
    """The integration tests' directory, with a low target for all but the outage department,
    which is named ``OUTAGE_NAME``."""
    directory = yaml.safe_load(TEST_DIRECTORY.read_text(encoding="utf-8"))
    for department in directory["departments"]:
        if department["id"] == OUTAGE:
            department["name"] = OUTAGE_NAME
        else:
            department["target"] = OTHERS_TARGET
    path = workdir / "directory.yaml"
    path.write_text(yaml.safe_dump(directory, sort_keys=False), encoding="utf-8")
    return path


@dataclass
class Chain:
    worker: WorkerProcess
    prometheus: PrometheusServer
    alertmanager: AlertmanagerServer
    receiver: WebhookReceiver


@pytest.fixture
def chain(deployment: Deployment, tmp_path: Path) -> Iterator[Chain]:
    deployment.directory = directory_with_low_targets(tmp_path)
    receiver = WebhookReceiver().start()
    alertmanager = AlertmanagerServer(tmp_path, receiver.url)
    worker = WorkerProcess(deployment, label="alerts-worker")
    prometheus: PrometheusServer | None = None
    try:
        alertmanager.start()
        worker.start().wait_ready()
        prometheus = PrometheusServer(
            tmp_path,
            targets=[f"127.0.0.1:{worker.port}"],
            rule_files=short_for_rules(tmp_path),
            alertmanager=alertmanager.address,
        )
        prometheus.start()
        yield Chain(worker, prometheus, alertmanager, receiver)
    finally:
        if prometheus is not None:
            prometheus.stop()
        worker.stop()
        alertmanager.stop()
        receiver.stop()


@dataclass
class Timeline:
    t0: float = field(default_factory=time.time)
    events: list[tuple[float, str]] = field(default_factory=list)

    def mark(self, what: str, at: float | None = None) -> None:
        self.events.append((time.time() if at is None else at, what))

    def render(self) -> str:
        lines = ["end-to-end alert timeline (seconds after the test began to produce the outage):"]
        for at, what in sorted(self.events):
            clock = datetime.fromtimestamp(at, TZ).strftime("%H:%M:%S.%f")[:-3]
            lines.append(f"  {at - self.t0:+8.1f} s  {clock}  {what}")
        return "\n".join(lines)


def department_alerts(alerts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [a for a in alerts if a["labels"]["alertname"] == "DepartmentBelowTarget"]


def test_outage_department_pages_and_others_do_not(
    chain: Chain, deployment: Deployment, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    now = datetime.now(TZ)
    traffic = last_hour(
        tmp_path,
        deployment.directory,
        seed=5,
        scenario=f"outage:{OUTAGE}",
        minutes=50,
        end=now - timedelta(minutes=1),
    )
    # The scenario is what the test needs: the outage department is far below its target with
    # enough calls; every other department has enough calls and is on its (test) target.
    assert traffic.offered(OUTAGE) >= 20
    assert traffic.reachability(OUTAGE) == 0
    others = traffic.departments() - {OUTAGE, "unassigned"}
    assert others
    for department in others:
        assert traffic.offered(department) >= 20, department
        assert (traffic.reachability(department) or 0) >= OTHERS_TARGET, department

    timeline = Timeline()
    outage_calls = [c for c in traffic.calls if c["department"] == OUTAGE and c["counted"]]
    first_outage_call = min(datetime.fromisoformat(c["start"]) for c in outage_calls)
    n = deployment.produce("call-legs", traffic.records)
    timeline.mark(
        f"outage traffic produced: {n} records, {len(traffic.calls)} calls starting "
        f"{traffic.first_start:%H:%M:%S}-{traffic.last_start:%H:%M:%S}; {OUTAGE}: "
        f"{traffic.offered(OUTAGE)} offered calls, none answered, the first at "
        f"{first_outage_call:%H:%M:%S}"
    )
    deployment.wait_settled(n)
    timeline.mark("worker settled: every record applied, every call finalised")

    prometheus, receiver = chain.prometheus, chain.receiver
    pending_seen = firing_seen = False
    received: tuple[float, dict[str, Any]] | None = None
    deadline = time.monotonic() + NOTIFY_TIMEOUT
    while received is None and time.monotonic() < deadline:
        for alert in department_alerts(prometheus.alerts()):
            if alert["labels"]["department"] != OUTAGE:
                continue
            if not pending_seen:
                pending_seen = True
                active_at = datetime.fromisoformat(alert["activeAt"].replace("Z", "+00:00"))
                timeline.mark("Prometheus: DepartmentBelowTarget pending", active_at.timestamp())
            if alert["state"] == "firing" and not firing_seen:
                firing_seen = True
                timeline.mark(f"Prometheus: DepartmentBelowTarget firing (for: {SHORT_FOR})")
        for at, alert in receiver.alerts():
            labels = alert["labels"]
            if (
                labels["alertname"] == "DepartmentBelowTarget"
                and labels.get("department") == OUTAGE
                and alert["status"] == "firing"
            ):
                received = (at, alert)
                timeline.mark(f"webhook: DepartmentBelowTarget {OUTAGE} received", at)
                break
        time.sleep(0.2)

    with capsys.disabled():
        print("\n" + timeline.render())
    assert received is not None, (
        f"no DepartmentBelowTarget for {OUTAGE} at the webhook within {NOTIFY_TIMEOUT} s after "
        f"the worker settled; Prometheus alerts: {prometheus.alerts()}; rule problems: "
        f"{prometheus.rule_health()}\n{timeline.render()}"
    )
    _, alert = received
    assert alert["labels"]["severity"] == "warning"
    assert alert["annotations"]["summary"] == (
        f"{OUTAGE_NAME} was reached on 0% of calls in the last hour (target 90%)"
    )
    assert (
        f"0% of the {traffic.offered(OUTAGE)} calls offered to {OUTAGE_NAME} were answered"
        in alert["annotations"]["description"]
    )

    # No other department: neither at the webhook nor pending or firing at Prometheus, also a
    # while after the outage's notification (their figures were in Prometheus just as long).
    time.sleep(QUIET_AFTER)
    paged = {
        alert["labels"].get("department")
        for _, alert in receiver.alerts()
        if alert["labels"]["alertname"] == "DepartmentBelowTarget"
    }
    assert paged == {OUTAGE}
    at_prometheus = {a["labels"]["department"] for a in department_alerts(prometheus.alerts())}
    assert at_prometheus == {OUTAGE}
    assert prometheus.rule_health() == []
