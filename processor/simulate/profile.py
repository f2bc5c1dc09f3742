"""Who works where in the simulation: staffed extensions, volumes and answer rates per department.

Built from the directory with its own random stream, so the same seed gives the same
municipality whatever the number of calls. KCC (the department of 14 070) answers about 97%;
other departments between 70% and 92%. ``outage:DEPT`` makes one department answer nothing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace

from processor.directory import Directory
from processor.directory.ranges import parse_range
from processor.errors import ConfigError

KCC_NUMBER = "14070"
KCC_ANSWER = 0.97
KCC_SHARE = 0.45  # of inbound calls
MAX_STAFF = 8
MAX_KCC_AGENTS = 12
_RANGE_SCAN = 400  # extensions looked at per range (ranges can be large)


@dataclass(frozen=True, slots=True)
class Department:
    id: str
    staff: tuple[str, ...]  # extensions with a person behind them
    numbers: tuple[str, ...]
    answer_p: float
    weight: float  # share of inbound calls


@dataclass(frozen=True, slots=True)
class Profile:
    departments: tuple[Department, ...]  # those with staff
    kcc: Department | None
    queue_number: str | None  # the number of the KCC queue (14 070) when the directory has one
    voicemail: str | None  # a voicemail target, when the directory has one
    outage: str | None

    def by_id(self, department_id: str) -> Department | None:
        return next((d for d in self.departments if d.id == department_id), None)

    def answers(self, department: Department) -> bool:
        """False for the department in outage: it picks up nothing."""
        return department.id != self.outage


def build_profile(directory: Directory, rng: random.Random, outage: str | None) -> Profile:
    if outage is not None and outage not in directory.department_ids:
        known = ", ".join(directory.department_ids)
        raise ConfigError(f'--scenario outage:{outage}: no department "{outage}" (known: {known})')
    kcc_id = _kcc_id(directory)
    departments: list[Department] = []
    for department_id in directory.department_ids:
        spec = directory.department(department_id)
        extensions = [
            extension
            for text in spec.extensions
            for extension in _extensions(text)
            if not directory.is_voicemail(extension)
        ]
        if not extensions:
            continue
        is_kcc = department_id == kcc_id
        size = min(len(extensions), MAX_KCC_AGENTS if is_kcc else MAX_STAFF)
        departments.append(
            Department(
                id=department_id,
                staff=tuple(sorted(rng.sample(extensions, size))),
                numbers=spec.numbers,
                answer_p=KCC_ANSWER if is_kcc else round(rng.uniform(0.70, 0.92), 3),
                weight=rng.uniform(0.5, 1.5),
            )
        )
    if not departments:
        raise ConfigError("the directory has no department with extensions to simulate")
    kcc = next((d for d in departments if d.id == kcc_id), None)
    others = sum(d.weight for d in departments if d is not kcc)
    shares = []
    for department in departments:
        if department is kcc:
            share = KCC_SHARE if others else 1.0
        else:
            share = department.weight / others * (1 - KCC_SHARE if kcc else 1.0)
        shares.append(replace(department, weight=share))
    kcc = next((d for d in shares if d.id == kcc_id), None)
    queue = None
    if kcc is not None and kcc.numbers:
        queue = KCC_NUMBER if KCC_NUMBER in kcc.numbers else kcc.numbers[0]
    voicemail = min(directory.voicemail_targets) if directory.voicemail_targets else None
    return Profile(tuple(shares), kcc, queue, voicemail, outage)


def _kcc_id(directory: Directory) -> str | None:
    found = directory.department_of(KCC_NUMBER)
    if found is None and "kcc" in directory.department_ids:
        found = "kcc"
    return found


def _extensions(text: str) -> list[str]:
    extension_range = parse_range(text)
    last = min(extension_range.end, extension_range.start + _RANGE_SCAN - 1)
    width = extension_range.width
    return [f"{number:0{width}d}" for number in range(extension_range.start, last + 1)]
