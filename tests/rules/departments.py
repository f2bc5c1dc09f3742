"""The readable department names for Prometheus: deploy/prometheus/rules/departments.yml.

Alert texts and the wall display name a department by its readable name ("KCC 14 070"), which
is not a label of the worker's metrics. departments.yml records one series per department of the
directory, ``reachability_department_info{department="kcc", name="KCC 14 070"} 1``, rendered
from the directory by this module; tests/unit/test_rules_promtool.py fails when the file and
deploy/config/directory.yaml drift apart. For your own directory:

    python -m tests.rules.departments path/to/directory.yaml \
        > deploy/prometheus/rules/departments.yml
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_DIRECTORY = ROOT / "deploy" / "config" / "directory.yaml"
DEPARTMENTS_RULES = ROOT / "deploy" / "prometheus" / "rules" / "departments.yml"
UNASSIGNED = ("unassigned", "No department (unknown number)")

HEADER = """\
# Readable department names, one series per department of the directory:
#     reachability_department_info{{department="<id>", name="<name>"}} 1
# Alert texts (alerts.yml) and dashboards show these names; a department missing here is shown
# by its id. GENERATED from {source}; do not edit by hand. After changing the directory:
#     python -m tests.rules.departments {source} > deploy/prometheus/rules/departments.yml
groups:
  - name: reachability.department_names
    rules:
"""


def department_names(directory: Path) -> list[tuple[str, str]]:
    data = yaml.safe_load(directory.read_text(encoding="utf-8"))
    return [(str(d["id"]), str(d.get("name") or d["id"])) for d in data["departments"]]


def render(directory: Path, source: str | None = None) -> str:
    lines = [HEADER.format(source=source or directory.as_posix())]
    for dept_id, name in [*department_names(directory), UNASSIGNED]:
        lines.append("      - record: reachability_department_info\n")
        lines.append("        expr: vector(1)\n")
        # JSON strings are valid YAML scalars: names with quotes or colons stay intact.
        lines.append(
            f"        labels: {{department: {json.dumps(dept_id)}, name: {json.dumps(name)}}}\n"
        )
    return "".join(lines)


def main(argv: list[str]) -> int:
    directory = Path(argv[0]) if argv else EXAMPLE_DIRECTORY
    sys.stdout.write(render(directory, argv[0] if argv else "deploy/config/directory.yaml"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
