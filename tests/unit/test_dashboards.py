"""The Grafana dashboards in deploy/grafana/dashboards/: valid, provisioned against the
``prometheus`` datasource, and asking only for series that exist (served by the worker, or
recorded by deploy/prometheus/rules/). The wall display colours each tile against the target
that deploy/config/directory.yaml gives its department, and names it by the name that directory
gives it (the worker serves it as reachability_department_info).

tests/integration/test_dashboards.py runs every query against a real Prometheus.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.rules.dashboards import (
    BUILTINS,
    DATASOURCE_UID,
    dashboard_files,
    load,
    panels,
    queries,
    variables_used,
)
from tests.rules.promql import ROOT, aggregation_problems, known_metric_names, metric_names

FILES = dashboard_files()
WALL = ROOT / "deploy" / "grafana" / "dashboards" / "wall.json"
DEPARTMENT = ROOT / "deploy" / "grafana" / "dashboards" / "department.json"
PIPELINE = ROOT / "deploy" / "grafana" / "dashboards" / "pipeline.json"
DIRECTORY = ROOT / "deploy" / "config" / "directory.yaml"


def ids(paths: list[Path]) -> list[str]:
    return [p.name for p in paths]


def test_the_three_dashboards_exist_with_unique_uids() -> None:
    assert set(FILES) == {WALL, DEPARTMENT, PIPELINE}
    uids = [load(path)["uid"] for path in FILES]
    assert len(set(uids)) == len(uids)
    for path in FILES:
        dashboard = load(path)
        assert dashboard["title"].startswith("Reachability"), path.name
        assert isinstance(dashboard["schemaVersion"], int)
        assert dashboard["refresh"], f"{path.name}: a live dashboard refreshes itself"


@pytest.mark.parametrize("path", FILES, ids=ids(FILES))
def test_panel_ids_are_unique_and_panels_fit_the_grid(path: Path) -> None:
    all_panels = list(panels(load(path)))
    panel_ids = [panel["id"] for panel in all_panels]
    assert len(set(panel_ids)) == len(panel_ids), f"duplicate panel ids in {path.name}"
    boxes = []
    for panel in all_panels:
        assert panel.get("title"), f"{path.name}: panel {panel['id']} has no title"
        grid = panel["gridPos"]
        assert grid["x"] >= 0, panel["title"]
        assert grid["w"] > 0, panel["title"]
        assert grid["x"] + grid["w"] <= 24, panel["title"]
        boxes.append((panel["title"], grid))
    for (title_a, a), (title_b, b) in itertools.combinations(boxes, 2):
        overlap = (
            a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"]
            and a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"]
        )  # fmt: skip
        assert not overlap, f"{path.name}: {title_a!r} overlaps {title_b!r}"


@pytest.mark.parametrize("path", FILES, ids=ids(FILES))
def test_every_query_uses_the_prometheus_datasource(path: Path) -> None:
    dashboard = load(path)
    for panel in panels(dashboard):
        if panel["type"] == "row":
            continue
        assert panel["datasource"] == {"type": "prometheus", "uid": DATASOURCE_UID}, panel["title"]
        assert panel["targets"], f"{path.name}: panel {panel['title']!r} has no query"
        for target in panel["targets"]:
            assert target["datasource"]["uid"] == DATASOURCE_UID, panel["title"]
            assert target["expr"].strip(), panel["title"]
    for variable in dashboard["templating"]["list"]:
        if "datasource" in variable:
            assert variable["datasource"]["uid"] == DATASOURCE_UID, variable["name"]


def variable_queries(dashboard: dict[str, Any]) -> list[str]:
    found = []
    for variable in dashboard["templating"]["list"]:
        query = variable.get("query")
        text = query.get("query") if isinstance(query, dict) else query
        if variable.get("type") == "query" and text:
            found.append(str(text))
    return found


def label_values_metric(query: str) -> str:
    """The series selector of ``label_values(selector, label)``."""
    match = re.fullmatch(r"label_values\((.+),\s*\w+\)", query.strip())
    assert match, f"not a label_values() query: {query}"
    return match.group(1)


@pytest.mark.parametrize("path", FILES, ids=ids(FILES))
def test_every_metric_in_a_query_exists(path: Path) -> None:
    known = known_metric_names()
    exprs = [q.expr for q in queries(path)]
    exprs += [label_values_metric(q) for q in variable_queries(load(path))]
    assert exprs
    for expr in exprs:
        unknown = metric_names(expr) - known
        assert not unknown, f"{path.name}: {sorted(unknown)} is neither served nor recorded: {expr}"


@pytest.mark.parametrize("path", FILES, ids=ids(FILES))
def test_business_gauges_use_max_and_counters_sum(path: Path) -> None:
    for query in queries(path):
        assert not aggregation_problems(query.expr), f"{query}: {aggregation_problems(query.expr)}"


@pytest.mark.parametrize("path", FILES, ids=ids(FILES))
def test_every_variable_in_a_query_is_defined(path: Path) -> None:
    dashboard = load(path)
    defined = {variable["name"] for variable in dashboard["templating"]["list"]} | set(BUILTINS)
    for query in queries(path):
        assert variables_used(query.expr) <= defined, f"{query}: {query.expr}"


def green_from(steps: list[dict[str, Any]]) -> float:
    (green,) = [step["value"] for step in steps if step["color"] == "green"]
    return float(green)


def directory_targets() -> dict[str, tuple[str, float]]:
    data = yaml.safe_load(DIRECTORY.read_text(encoding="utf-8"))
    return {d["id"]: (d["name"], float(d["target"])) for d in data["departments"]}


def test_wall_tiles_are_coloured_against_each_departments_own_target() -> None:
    wall = load(WALL)
    targets = directory_targets()
    kcc_target = targets["kcc"][1]
    per_department = []
    for panel in panels(wall):
        (expr,) = [t["expr"] for t in panel["targets"]]
        if "reachability_ratio" not in expr:
            continue
        steps = panel["fieldConfig"]["defaults"]["thresholds"]["steps"]
        if 'department="kcc"' in expr:
            assert green_from(steps) == kcc_target, panel["title"]
        else:
            assert 'department!~"kcc|unassigned"' in expr
            # A tile shows the directory's name (the `name` label the worker serves), which the
            # thresholds overrides below match on.
            assert panel["targets"][0]["legendFormat"] == "{{name}}", panel["title"]
            per_department.append(panel)
            default = green_from(steps)
            overrides = {
                o["matcher"]["options"]: o
                for o in panel["fieldConfig"]["overrides"]
                if o["matcher"]["id"] == "byName"
            }
            for dept_id, (name, target) in targets.items():
                if dept_id == "kcc":
                    continue
                if name in overrides:
                    (props,) = [
                        p["value"] for p in overrides[name]["properties"] if p["id"] == "thresholds"
                    ]
                    assert green_from(props["steps"]) == target, name
                else:
                    assert default == target, (
                        f"{name} has target {target}: add a thresholds override for it to "
                        f"{panel['title']!r} in wall.json"
                    )
    assert {p["title"] for p in per_department} == {
        "Departments · reached today", "Departments · last hour",
    }  # fmt: skip


def test_wall_puts_14070_first_and_biggest() -> None:
    wall = load(WALL)
    tiles = [p for p in panels(wall) if "reachability_ratio" in p["targets"][0]["expr"]]
    kcc = [p for p in tiles if 'department="kcc"' in p["targets"][0]["expr"]]
    others = [p for p in tiles if p not in kcc]
    assert len(kcc) == 2  # today and the last hour
    assert all(p["gridPos"]["y"] == 0 for p in kcc)
    assert min(p["gridPos"]["y"] for p in others) >= max(
        p["gridPos"]["y"] + p["gridPos"]["h"] for p in kcc
    )
    kcc_size = min(p["options"]["text"]["valueSize"] for p in kcc)
    assert all(kcc_size > p["options"]["text"]["valueSize"] for p in others)
    windows = {re.search(r'window="(\w+)"', p["targets"][0]["expr"]).group(1) for p in kcc}  # type: ignore[union-attr]
    assert windows == {"today", "1h"}


def test_wall_is_kiosk_friendly_with_service_level_and_data_age() -> None:
    wall = load(WALL)
    assert wall["templating"]["list"] == [], "no variables to pick on a TV"
    assert wall["timepicker"]["hidden"] is True
    assert all(p["type"] == "stat" for p in panels(wall))
    exprs = " ".join(t["expr"] for p in panels(wall) for t in p["targets"])
    assert "reachability_service_level_ratio" in exprs
    assert ":reachability_data_age_seconds:min" in exprs
    # Tiles name departments by their readable name.
    assert "department:reachability_department_name:info" in exprs


def test_department_detail_has_a_department_variable_and_every_view() -> None:
    dashboard = load(DEPARTMENT)
    (variable,) = [v for v in dashboard["templating"]["list"] if v["name"] == "department"]
    assert variable["type"] == "query"
    types = {p["type"] for p in panels(dashboard)}
    assert {"timeseries", "heatmap", "table", "stat", "bargauge"} <= types
    exprs = [q.expr for q in queries(DEPARTMENT)]
    assert all('department="$department"' in e for e in exprs)
    joined = " ".join(exprs)
    for needed in (
        "reachability_ratio", "reachability_target_ratio", "reachability_calls",
        "reachability_answer_delay_seconds", "reachability_extension_calls",
    ):  # fmt: skip
        assert needed in joined, needed


def test_pipeline_health_shows_records_rejects_open_calls_data_age_and_workers() -> None:
    joined = " ".join(q.expr for q in queries(PIPELINE))
    for needed in (
        "reachability_records_total", "reachability_rejected_total", "reachability_open_calls",
        "reachability_data_age_seconds", 'up{job="reachability"}',
    ):  # fmt: skip
        assert needed in joined, needed
