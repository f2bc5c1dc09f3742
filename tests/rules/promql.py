"""Metric names in PromQL expressions, and the names Prometheus can know, for the rule and
dashboard tests: every name an expression uses must be one the worker serves
(processor/metrics/names.py), one a recording rule defines, or one of Prometheus's own.

Not a PromQL parser: strings, label matchers, ranges, grouping label lists and function calls are
removed, and what is left that looks like an identifier and is not a keyword is a metric name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from processor.metrics import names

ROOT = Path(__file__).resolve().parents[2]
RULES_DIR = ROOT / "deploy" / "prometheus" / "rules"

# Series Prometheus makes itself (scrape health) that rules and dashboards may use.
PROMETHEUS_OWN = frozenset({"up", "scrape_duration_seconds", "ALERTS", "ALERTS_FOR_STATE"})

KEYWORDS = frozenset({
    "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or",
    "unless", "offset", "inf", "nan", "atan2",
})  # fmt: skip

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|`[^`]*`')
_BRACES = re.compile(r"\{[^{}]*\}")
_BRACKETS = re.compile(r"\[[^\[\]]*\]")
_GROUPING = re.compile(
    r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^()]*\)", re.IGNORECASE
)
_OFFSET = re.compile(r"\boffset\s+-?[0-9a-z]+", re.IGNORECASE)
_AT = re.compile(r"@\s*(start\(\)|end\(\)|[0-9.]+)")
_IDENT = re.compile(r"(?<![\w:.$])([a-zA-Z_:][a-zA-Z0-9_:]*)(\s*\()?")
_NUMBER_LIKE = re.compile(r"^(0x[0-9a-f]+|[0-9].*|e[0-9]*)$", re.IGNORECASE)


def metric_names(expr: str) -> set[str]:
    """Metric names used in ``expr`` (Grafana variables like $department are fine)."""
    text = _STRING.sub('""', expr)
    text = re.sub(r"\$\{?\w+\}?", "0", text)  # Grafana template variables
    text = _BRACES.sub("", text)
    text = _BRACKETS.sub("", text)
    text = _GROUPING.sub(" ", text)
    text = _OFFSET.sub(" ", text)
    text = _AT.sub(" ", text)
    found = set()
    for match in _IDENT.finditer(text):
        word, call = match.group(1), match.group(2)
        if call or word.lower() in KEYWORDS or _NUMBER_LIKE.match(word):
            continue
        found.add(word)
    return found


def served_metric_names() -> set[str]:
    """Every series name the worker's /metrics can contain (spec section 6)."""
    served = set(names.GAUGES)
    served |= {f"{c}_total" for c in names.COUNTERS}
    served |= {f"{h}{s}" for h in names.HISTOGRAMS for s in ("_bucket", "_sum", "_count")}
    return served


def rule_groups(paths: Iterable[Path]) -> list[dict[str, Any]]:
    groups: list[dict[str, Any]] = []
    for path in paths:
        groups.extend(yaml.safe_load(path.read_text(encoding="utf-8"))["groups"])
    return groups


def rules_files() -> list[Path]:
    """The files Prometheus loads (prometheus.yml: rule_files: rules/*.yml)."""
    return sorted(RULES_DIR.glob("*.yml"))


def recorded_names(paths: Iterable[Path] | None = None) -> set[str]:
    return {
        str(rule["record"])
        for group in rule_groups(rules_files() if paths is None else paths)
        for rule in group["rules"]
        if "record" in rule
    }


def known_metric_names() -> set[str]:
    return served_metric_names() | recorded_names() | PROMETHEUS_OWN


# Business gauges are identical on every worker: aggregated with max. Pipeline counters are
# per worker: summed (over a rate or increase). See spec section 6.
BUSINESS_GAUGES = frozenset({
    names.CALLS, names.RATIO, names.SERVICE_LEVEL_RATIO, names.TARGET_RATIO, names.OFFICE_OPEN,
    names.EXTENSION_CALLS, names.DEPARTMENT_INFO,
})  # fmt: skip
PIPELINE_COUNTERS = frozenset(
    {f"{c}_total" for c in names.COUNTERS}
    | {f"{h}{s}" for h in names.HISTOGRAMS for s in ("_bucket", "_sum", "_count")}
)
_MAX_BEFORE = re.compile(r"max(\s+by\s*\([^()]*\))?\s*\(\s*$")
_SUM_RATE_BEFORE = re.compile(r"sum(\s+by\s*\([^()]*\))?\s*\(\s*(rate|increase|irate)\s*\(\s*$")


def aggregation_problems(expr: str) -> list[str]:
    """Raw business gauges not under ``max``, raw pipeline counters not under ``sum(rate())``."""
    problems = []
    for match in re.finditer(r"[a-zA-Z_:][a-zA-Z0-9_:]*", expr):
        name, before = match.group(0), expr[: match.start()]
        if before.endswith((":", "_")) or expr[match.end() : match.end() + 1] in (":", "_"):
            continue
        if name in BUSINESS_GAUGES and not _MAX_BEFORE.search(before):
            problems.append(f"{name} must be aggregated with max (identical on every worker)")
        if name in PIPELINE_COUNTERS and not _SUM_RATE_BEFORE.search(before):
            problems.append(f"{name} must be summed over a rate or increase (one per worker)")
    return problems
