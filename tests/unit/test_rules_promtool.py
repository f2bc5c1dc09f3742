"""The Prometheus rules (deploy/prometheus/rules/) and the Alertmanager example, checked by the
tools that will load them: ``promtool check rules``, the ``promtool test rules`` unit tests in
tests/rules/, and ``amtool``. Also: every metric name the rules use is one the worker serves,
including the readable department names (reachability_department_info, from the worker's own
directory: there is no rules file to regenerate when the directory changes).

promtool and amtool come with Debian's prometheus and prometheus-alertmanager packages, which
``deploy/local/stack up`` installs. Without them these tests fail; they never skip.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from processor.metrics import names as metric
from tests.rules.promql import (
    ROOT,
    aggregation_problems,
    known_metric_names,
    metric_names,
    recorded_names,
    rule_groups,
    rules_files,
    served_metric_names,
)

RULE_TESTS = sorted((ROOT / "tests" / "rules").glob("*.yml"))
ALERTS = ROOT / "deploy" / "prometheus" / "rules" / "alerts.yml"
ALERTMANAGER = ROOT / "deploy" / "alertmanager" / "alertmanager.yml"
DEPARTMENT_ALERTS = {"DepartmentBelowTarget", "KccBelowTarget"}
PIPELINE_ALERTS = {
    "ReachabilityDataStale", "ReachabilityDeadLetters", "ReachabilityFiguresMissing",
    "ReachabilityWorkerDown",
}  # fmt: skip


def tool(name: str) -> str:
    path = shutil.which(name) or (f"/usr/bin/{name}" if Path(f"/usr/bin/{name}").exists() else None)
    if path is None:
        pytest.fail(
            f"{name} is not installed. Run deploy/local/stack up: it installs Debian's "
            "prometheus and prometheus-alertmanager packages, which bring promtool and amtool.",
            pytrace=False,
        )
    return path


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, cwd=ROOT, timeout=120, check=False)


def alert_rules() -> list[dict[str, Any]]:
    return [rule for group in rule_groups([ALERTS]) for rule in group["rules"]]


def all_rules() -> list[dict[str, Any]]:
    return [rule for group in rule_groups(rules_files()) for rule in group["rules"]]


def test_rule_files_pass_promtool_check() -> None:
    files = rules_files()
    # No file generated from a directory: the names come from the worker.
    assert {f.name for f in files} == {"alerts.yml", "recording.yml"}
    result = run(tool("promtool"), "check", "rules", *map(str, files))
    assert result.returncode == 0, result.stdout + result.stderr


def test_rule_unit_tests_pass() -> None:
    assert RULE_TESTS, "no promtool rule tests in tests/rules/"
    result = run(tool("promtool"), "test", "rules", *map(str, RULE_TESTS))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("SUCCESS") == len(RULE_TESTS), result.stdout


def test_every_alert_is_tested_firing_and_silent() -> None:
    firing: set[str] = set()
    silent: set[str] = set()
    for path in RULE_TESTS:
        for case in yaml.safe_load(path.read_text(encoding="utf-8"))["tests"]:
            for check in case.get("alert_rule_test", []):
                (firing if check.get("exp_alerts") else silent).add(check["alertname"])
    names = {rule["alert"] for rule in alert_rules()}
    assert names == DEPARTMENT_ALERTS | PIPELINE_ALERTS
    assert names - firing == set(), "alerts without a test in which they fire"
    assert names - silent == set(), "alerts without a test in which they stay silent"


def test_every_alert_has_a_severity_and_texts_for_people() -> None:
    for rule in alert_rules():
        assert rule["labels"]["severity"] in {"warning", "critical"}, rule["alert"]
        annotations = rule["annotations"]
        assert set(annotations) == {"summary", "description"}, rule["alert"]
        if rule["alert"] in DEPARTMENT_ALERTS:
            # Named by the readable name, with the figures: the ratio and the target.
            for text in annotations.values():
                assert "department:reachability_department_name:info" in text
                assert "$value | humanizePercentage" in text
                assert "department:reachability_target_ratio:max" in text


def test_department_alerts_keep_the_department_label_and_need_office_hours() -> None:
    for rule in alert_rules():
        if rule["alert"] not in DEPARTMENT_ALERTS:
            continue
        expr = " ".join(rule["expr"].split())
        # The first operand is per department (and window): the alert carries `department`,
        # which Alertmanager routes on. Joins are `on (department)`: they keep it.
        assert expr.startswith("department_window:reachability_ratio:max{"), expr
        assert "department:reachability_office_open:max == 1" in expr
        assert "department_window:reachability_offered_calls:sum" in expr
        assert re.search(r"\bon \(department\)", expr)
    (department,) = [r for r in alert_rules() if r["alert"] == "DepartmentBelowTarget"]
    assert 'department!="kcc"' in department["expr"]
    assert department["for"] == "15m"


_TEMPLATE_QUERY = re.compile(r'printf\s+"((?:[^"\\]|\\.)*)"[^}]*\|\s*query')


def template_queries(text: str) -> list[str]:
    """The PromQL of ``printf "..." ... | query`` in an alert template."""
    return [q.replace('\\"', '"') for q in _TEMPLATE_QUERY.findall(text)]


def test_rules_use_only_metrics_the_worker_serves() -> None:
    known = known_metric_names()
    for rule in all_rules():
        exprs = [rule["expr"]]
        for text in rule.get("annotations", {}).values():
            exprs.extend(template_queries(text))
        for expr in exprs:
            unknown = metric_names(expr) - known
            assert not unknown, f"{rule.get('alert') or rule.get('record')}: {unknown} in {expr}"


def test_template_queries_are_found() -> None:
    (rule,) = [r for r in alert_rules() if r["alert"] == "DepartmentBelowTarget"]
    queries = template_queries(rule["annotations"]["description"])
    assert 'department_window:reachability_offered_calls:sum{department=%q,window="1h"}' in queries


def test_business_gauges_are_aggregated_with_max_and_counters_summed() -> None:
    for rule in all_rules():
        problems = aggregation_problems(rule["expr"])
        assert not problems, f"{rule.get('alert') or rule.get('record')}: {problems}"


def test_department_names_come_from_the_worker() -> None:
    """The worker serves the names; no rule records them, one recording rule picks one per
    department for the alert texts and the wall."""
    assert metric.DEPARTMENT_INFO in served_metric_names()
    assert metric.DEPARTMENT_INFO not in recorded_names()
    (rule,) = [
        r for r in all_rules() if r.get("record") == "department:reachability_department_name:info"
    ]
    assert "max by (department, name) (reachability_department_info)" in rule["expr"]


def test_figures_missing_needs_a_worker_up_and_no_business_gauges() -> None:
    (rule,) = [r for r in alert_rules() if r["alert"] == "ReachabilityFiguresMissing"]
    expr = " ".join(rule["expr"].split())
    assert 'up{job="reachability"}' in expr
    assert "unless on () max(reachability_office_open)" in expr
    assert rule["for"] == "5m"
    assert rule["labels"]["severity"] == "critical"
    assert "cannot read Redis" in rule["annotations"]["description"]


def test_alertmanager_config_is_valid_and_routes_by_department() -> None:
    amtool = tool("amtool")
    result = run(amtool, "check-config", str(ALERTMANAGER))
    assert result.returncode == 0, result.stdout + result.stderr

    def receiver(*labels: str) -> str:
        routed = run(amtool, "config", "routes", "test", f"--config.file={ALERTMANAGER}", *labels)
        assert routed.returncode == 0, routed.stdout + routed.stderr
        return routed.stdout.strip()

    assert receiver("alertname=KccBelowTarget", "department=kcc", "severity=critical") == "kcc"
    assert receiver("alertname=DepartmentBelowTarget", "department=burgerzaken") == "burgerzaken"
    assert receiver("alertname=DepartmentBelowTarget", "department=jeugd") == "jeugd"
    # A department without a route of its own (one added to the directory later), and the
    # pipeline alerts: the operators.
    assert receiver("alertname=DepartmentBelowTarget", "department=archief") == "operators"
    for alert in PIPELINE_ALERTS:
        assert receiver(f"alertname={alert}") == "operators"


def test_alertmanager_holds_back_department_alerts_while_figures_are_not_live() -> None:
    config = yaml.safe_load(ALERTMANAGER.read_text(encoding="utf-8"))
    (inhibit,) = config["inhibit_rules"]
    assert inhibit["source_matchers"] == [
        'alertname =~ "ReachabilityWorkerDown|ReachabilityDataStale"'
    ]
    assert inhibit["target_matchers"] == ['alertname =~ "DepartmentBelowTarget|KccBelowTarget"']
    for receiver in config["receivers"]:
        for hook in receiver["webhook_configs"]:
            assert hook["send_resolved"] is True
