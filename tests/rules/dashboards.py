"""The Grafana dashboards (deploy/grafana/dashboards/*.json) as the tests see them: every panel
query, and its PromQL with the dashboard's template variables filled in."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
DASHBOARDS_DIR = ROOT / "deploy" / "grafana" / "dashboards"
DATASOURCE_UID = "prometheus"  # deploy/grafana/provisioning/datasources/prometheus.yml

# Grafana's own variables, with values fit for a Prometheus scraping every second.
BUILTINS = {
    "__rate_interval": "1m",
    "__interval": "15s",
    "__range": "10m",
    "__range_s": "600",
    "__range_ms": "600000",
}
_VARIABLE = re.compile(r"\$\{(\w+)(?::\w+)?\}|\$(\w+)|\[\[(\w+)\]\]")


@dataclass(frozen=True)
class Query:
    dashboard: str  # file name
    panel_id: int
    panel_title: str
    ref_id: str
    expr: str
    instant: bool

    def __str__(self) -> str:
        return f"{self.dashboard} panel {self.panel_id} ({self.panel_title}) {self.ref_id}"


def dashboard_files() -> list[Path]:
    return sorted(DASHBOARDS_DIR.glob("*.json"))


def load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def panels(dashboard: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    """Every panel, including those inside rows."""
    for panel in dashboard.get("panels", []):
        yield panel
        yield from panel.get("panels", [])


def queries(path: Path) -> list[Query]:
    dashboard = load(path)
    return [
        Query(
            path.name,
            panel["id"],
            panel.get("title", ""),
            target.get("refId", "?"),
            target["expr"],
            bool(target.get("instant")) and not target.get("range"),
        )
        for panel in panels(dashboard)
        for target in panel.get("targets", [])
        if target.get("expr")
    ]


def variables_used(expr: str) -> set[str]:
    return {next(g for g in m.groups() if g) for m in _VARIABLE.finditer(expr)}


def fill(expr: str, values: Mapping[str, str]) -> str:
    """``expr`` with Grafana's variables replaced by ``values`` (and the built-ins)."""
    known = {**BUILTINS, **values}

    def value(match: re.Match[str]) -> str:
        name = next(g for g in match.groups() if g)
        if name not in known:
            raise KeyError(f"no value for the variable ${name} in {expr!r}")
        return known[name]

    return _VARIABLE.sub(value, expr)
