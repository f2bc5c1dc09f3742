"""Reading a directory file: YAML with line numbers, every problem reported at once.

Guarantees: ``parse_directory`` returns a ``Directory`` or raises ``DirectoryError`` whose
``errors`` list every problem found (YAML syntax, keys given twice, wrong or unknown fields,
conflicts between departments), each as ``<source>:<line>: <what is wrong>``, sorted by line. No
other exception escapes for bad input. ``load_directory`` adds a clear error for a file that is
missing or unreadable.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from pydantic_core import ErrorDetails

from processor.directory.conflicts import Indexed, LineOf, Loc, find_department_conflicts
from processor.directory.directory import Directory
from processor.directory.errors import DirectoryError
from processor.directory.model import DepartmentModel, DirectoryModel


class _MarkedLoader(yaml.SafeLoader):
    """A SafeLoader that notes keys given twice in one mapping (PyYAML silently keeps the last).

    The composed node tree it returns keeps every node's start mark; ``_line_of`` walks it.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicate_keys: list[tuple[int, str, int]] = []  # (line, key, line of first use)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Hashable, Any]:
        first: dict[str, int] = {}
        for key_node, _value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                line = key_node.start_mark.line + 1
                if key_node.value in first:
                    self.duplicate_keys.append((line, key_node.value, first[key_node.value]))
                else:
                    first[key_node.value] = line
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> date | datetime:
        try:
            value: date | datetime = super().construct_yaml_timestamp(node)
        except ValueError as exc:  # 2026-02-30 looks like a date to YAML but is none
            raise yaml.constructor.ConstructorError(
                None, None, f'"{node.value}" is not a valid date ({exc})', node.start_mark
            ) from exc
        return value


_MarkedLoader.add_constructor("tag:yaml.org,2002:timestamp", _MarkedLoader.construct_yaml_timestamp)


def load_directory(path: Path | str) -> Directory:
    """The directory in the YAML file at ``path``."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DirectoryError(
            [
                f"{file}: no such directory file; point REACHABILITY_DIRECTORY at your directory "
                "(an example ships as deploy/config/directory.yaml)"
            ]
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DirectoryError([f"{file}: cannot read the directory file: {exc}"]) from exc
    return parse_directory(text, str(file))


def parse_directory(text: str, source_name: str = "directory") -> Directory:
    """The directory in YAML ``text``; ``source_name`` prefixes every error line."""
    loader = _MarkedLoader(text)
    try:
        root = loader.get_single_node()
        data = None if root is None else loader.construct_document(root)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = "" if mark is None else f":{mark.line + 1}"
        problem = exc.problem or exc.context or "invalid YAML"
        kind = "" if isinstance(exc, yaml.constructor.ConstructorError) else "YAML syntax error: "
        raise DirectoryError([f"{source_name}{line}: {kind}{problem}"]) from exc
    except (yaml.YAMLError, ValueError) as exc:  # not expected, but never a crash
        raise DirectoryError([f"{source_name}: cannot read the YAML: {exc}"]) from exc
    finally:
        loader.dispose()
    if root is None:
        raise DirectoryError([f"{source_name}: the directory file is empty"])
    if not isinstance(data, dict):
        raise DirectoryError(
            [f"{source_name}:1: expected a mapping of settings (timezone:, departments:, ...)"]
        )

    def line_of(loc: Loc) -> int:
        return _line_of(root, loc)

    errors = [
        (line, f'{source_name}:{line}: key "{key}" is given twice (first on line {first})')
        for line, key, first in loader.duplicate_keys
    ]
    model: DirectoryModel | None = None
    try:
        model = DirectoryModel.model_validate(data)
    except ValidationError as exc:
        errors += [_field_error(err, data, source_name, line_of) for err in exc.errors()]
    departments = _valid_departments(data) if model is None else list(enumerate(model.departments))
    conflicts = find_department_conflicts(departments)
    errors += [(line_of(c.loc), c.render(source_name, line_of)) for c in conflicts]
    if errors or model is None:
        raise DirectoryError([message for _line, message in sorted(errors, key=lambda e: e[0])])
    return Directory(model)


def _valid_departments(data: dict[Any, Any]) -> list[Indexed]:
    """The departments that are valid on their own, so conflicts can be reported in the same run
    as errors elsewhere in the file."""
    items = data.get("departments")
    valid: list[Indexed] = []
    for index, item in enumerate(items if isinstance(items, list) else []):
        try:
            valid.append((index, DepartmentModel.model_validate(item)))
        except ValidationError:
            continue
    return valid


def _line_of(root: yaml.Node, loc: Sequence[str | int]) -> int:
    """1-based line of the deepest node of ``loc`` that exists (a key's line for mappings)."""
    node, line = root, root.start_mark.line + 1
    for part in loc:
        child: tuple[yaml.Node, int] | None = None
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:  # the last one wins, as in PyYAML
                if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(part):
                    child = (value_node, key_node.start_mark.line + 1)
        elif (
            isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value)
        ):
            child = (node.value[part], node.value[part].start_mark.line + 1)
        if child is None:
            break
        node, line = child
    return line


def _field_error(
    err: ErrorDetails, data: dict[Any, Any], source: str, line_of: LineOf
) -> tuple[int, str]:
    loc: Loc = tuple(err["loc"])
    line = line_of(loc)
    if err["type"] == "missing":
        message = "is required but missing"
    elif err["type"] == "extra_forbidden":
        message = "unknown key (check its spelling against deploy/config/directory.yaml)"
    else:
        message = err["msg"].removeprefix("Value error, ")
    return line, f"{source}:{line}: {_describe(loc, data)}: {message}"


def _describe(loc: Loc, data: dict[Any, Any]) -> str:
    """``department "kcc": office_hours.mon-fri[0]`` for a pydantic location."""
    parts = [part for part in loc if part != "[key]"]
    prefix = ""
    if len(parts) >= 2 and parts[0] == "departments" and isinstance(parts[1], int):
        departments = data.get("departments")
        item = departments[parts[1]] if isinstance(departments, list) else None
        ident = item.get("id") if isinstance(item, dict) else None
        prefix = f'department "{ident}"' if isinstance(ident, str) else f"departments[{parts[1]}]"
        parts = parts[2:]
    path = ""
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else part)
    return f"{prefix}: {path}" if prefix and path else prefix or path or "(top level)"
