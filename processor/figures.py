"""Derived figures of spec section 4 for any window and group. Pure arithmetic."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields

from processor.calls.model import OUTCOMES, Outcome


@dataclass(slots=True)
class Counts:
    answered: int = 0
    answered_elsewhere: int = 0
    voicemail: int = 0
    missed: int = 0
    short_abandoned: int = 0
    within_service_level: int = 0
    extra: dict[str, int] = field(default_factory=dict)

    @classmethod
    def from_fields(cls, raw: Mapping[str, int]) -> Counts:
        counts = cls()
        for name, value in raw.items():
            counts.add_field(name, value)
        return counts

    def add_field(self, name: str, value: int) -> None:
        if name in _OUTCOME_NAMES:
            setattr(self, name, getattr(self, name) + value)
        elif name == "sl":
            self.within_service_level += value
        else:
            self.extra[name] = self.extra.get(name, 0) + value

    def add(self, other: Counts) -> None:
        for f in fields(self):
            if f.name != "extra":
                setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))
        for name, value in other.extra.items():
            self.extra[name] = self.extra.get(name, 0) + value

    def of(self, outcome: Outcome) -> int:
        value: int = getattr(self, outcome.value)
        return value

    @property
    def calls(self) -> int:
        return sum(self.of(o) for o in OUTCOMES)

    @property
    def offered(self) -> int:
        return self.calls - self.short_abandoned

    @property
    def reached(self) -> int:
        return self.answered + self.answered_elsewhere

    @property
    def reachability(self) -> float | None:
        return self.reached / self.offered if self.offered else None

    @property
    def service_level(self) -> float | None:
        return self.within_service_level / self.offered if self.offered else None


_OUTCOME_NAMES = frozenset(o.value for o in OUTCOMES)


def total(parts: Iterable[Counts]) -> Counts:
    out = Counts()
    for part in parts:
        out.add(part)
    return out
