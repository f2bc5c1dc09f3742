"""Which departments a report covers: the directory's, in its order, then ``unassigned``.

Pure apart from reading attributes of the directory object; the report needs only id, name and
target, so it depends on this small protocol rather than on the directory's classes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from processor.directory.model import UNASSIGNED
from processor.errors import ConfigError

UNASSIGNED_NAME = "Unassigned"


class DepartmentInfo(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def target(self) -> float: ...


class DirectoryInfo(Protocol):
    @property
    def department_ids(self) -> tuple[str, ...]: ...

    def department(self, department_id: str, /) -> DepartmentInfo: ...


@dataclass(frozen=True, slots=True)
class Department:
    """A department as the report shows it. ``target`` is None for ``unassigned``."""

    id: str
    name: str
    target: float | None


def departments_of(directory: DirectoryInfo) -> list[Department]:
    """The configured departments in directory order, then ``unassigned``."""
    out = []
    for dept_id in directory.department_ids:
        info = directory.department(dept_id)
        out.append(Department(dept_id, info.name, info.target))
    out.append(Department(UNASSIGNED, UNASSIGNED_NAME, None))
    return out


def select(departments: Sequence[Department], department_id: str | None) -> list[Department]:
    """All departments, or only ``department_id``; an unknown id is an error listing valid ids."""
    if department_id is None:
        return list(departments)
    chosen = [d for d in departments if d.id == department_id]
    if not chosen:
        valid = ", ".join(d.id for d in departments)
        raise ConfigError(f'unknown department "{department_id}"; valid ids: {valid}')
    return chosen
