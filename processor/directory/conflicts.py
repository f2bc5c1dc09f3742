"""Checks across entries of a directory: what no single field can see.

Guarantees: ``find_conflicts`` reports every department id used twice, every extension that two
entries share (a single extension or overlapping ranges, also within one department), every number
given twice (compared after removing spaces and dashes) and every number that is another
department's extension. Each conflict carries the locations of both entries (pydantic-style paths
such as ``("departments", 3, "extensions", 0)``) so the loader can name both lines. Pure.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from processor.directory.model import DepartmentModel, DirectoryModel
from processor.directory.ranges import (
    ExtensionRange,
    RangeIndex,
    is_digits,
    normalise_number,
    parse_range,
)

Loc = tuple[str | int, ...]
LineOf = Callable[[Loc], int]
Indexed = tuple[int, DepartmentModel]  # a department and its position in the file


@dataclass(frozen=True, slots=True)
class Conflict:
    """``text`` is what is wrong with the entry at ``loc``; ``other`` describes ``other_loc``."""

    loc: Loc
    other_loc: Loc
    text: str
    other: str = ""

    def render(self, source: str, line_of: LineOf | None = None) -> str:
        """``source:line: text (other, line N)``; without ``line_of`` no line numbers."""
        details = [self.other] if self.other else []
        where = source
        if line_of is not None:
            where = f"{source}:{line_of(self.loc)}"
            details.append(f"line {line_of(self.other_loc)}")
        tail = f" ({', '.join(details)})" if details else ""
        return f"{where}: {self.text}{tail}"


@dataclass(frozen=True, slots=True)
class _Entry:
    order: int
    department: str
    extensions: ExtensionRange
    loc: Loc


def find_conflicts(model: DirectoryModel) -> list[Conflict]:
    """Every conflict in ``model``: ids, then extensions, then numbers."""
    return find_department_conflicts(list(enumerate(model.departments)))


def find_department_conflicts(departments: Sequence[Indexed]) -> list[Conflict]:
    """Conflicts among ``(position in the file, department)`` pairs; lets the loader check the
    departments that are valid on their own while other parts of the file still have errors."""
    conflicts = _duplicate_ids(departments)
    entries: list[_Entry] = []
    for d, department in departments:
        for e, text in enumerate(department.extensions):
            loc: Loc = ("departments", d, "extensions", e)
            entries.append(_Entry(len(entries), department.id, parse_range(text), loc))
    conflicts += _overlapping_extensions(entries)
    index = RangeIndex((entry.extensions, entry) for entry in entries)
    conflicts += _duplicate_numbers(departments, index)
    return conflicts


def _duplicate_ids(departments: Sequence[Indexed]) -> list[Conflict]:
    first: dict[str, int] = {}
    conflicts: list[Conflict] = []
    for index, department in departments:
        if department.id in first:
            conflicts.append(
                Conflict(
                    ("departments", index, "id"),
                    ("departments", first[department.id], "id"),
                    f'department id "{department.id}" is used twice',
                )
            )
        else:
            first[department.id] = index
    return conflicts


def _overlapping_extensions(entries: list[_Entry]) -> list[Conflict]:
    found: list[tuple[int, Conflict]] = []
    ordered = sorted(entries, key=lambda e: (e.extensions.width, e.extensions.start, e.order))
    reach: _Entry | None = None  # of the ranges seen so far (same width), the one ending last
    for entry in ordered:
        if reach is not None and reach.extensions.width == entry.extensions.width:
            if entry.extensions.start <= reach.extensions.end:
                later, earlier = sorted((entry, reach), key=lambda e: e.order, reverse=True)
                found.append((later.order, _extension_conflict(later, earlier)))
            if entry.extensions.end <= reach.extensions.end:
                continue
        reach = entry
    return [conflict for _order, conflict in sorted(found, key=lambda pair: pair[0])]


def _extension_conflict(later: _Entry, earlier: _Entry) -> Conflict:
    mine, theirs = later.extensions, earlier.extensions
    if mine.is_single:
        text = f'extension {mine} of department "{later.department}" is already in department'
        text += f' "{earlier.department}"'
        other = "" if theirs.is_single else f"range {theirs}"
    else:
        text = f'extensions {mine} of department "{later.department}" overlap extensions'
        text += f' {theirs} of department "{earlier.department}"'
        other = ""
    return Conflict(later.loc, earlier.loc, text, other)


def _duplicate_numbers(
    departments: Sequence[Indexed], extensions: RangeIndex[_Entry]
) -> list[Conflict]:
    first: dict[str, tuple[str, Loc]] = {}
    conflicts: list[Conflict] = []
    for d, department in departments:
        for n, text in enumerate(department.numbers):
            loc: Loc = ("departments", d, "numbers", n)
            number = normalise_number(text)
            owner = extensions.get(number) if is_digits(number) else None
            if owner is not None and owner.department != department.id:
                conflicts.append(
                    Conflict(
                        loc,
                        owner.loc,
                        f'number {text} of department "{department.id}" is an extension of '
                        f'department "{owner.department}"',
                        "" if owner.extensions.is_single else f"range {owner.extensions}",
                    )
                )
            if number in first:
                earlier_department, earlier_loc = first[number]
                conflicts.append(
                    Conflict(
                        loc,
                        earlier_loc,
                        f'number {text} of department "{department.id}" is already in '
                        f'department "{earlier_department}"',
                    )
                )
            else:
                first[number] = (department.id, loc)
    return conflicts
