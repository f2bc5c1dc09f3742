"""Report rows with exactly the CSV columns of spec 9, pure.

One row per department per day, or one per department for the whole week with ``--week``.
Ratios have 4 decimals and are empty when nothing was offered; ``met_target`` is empty when
nothing was offered or the department has no target (``unassigned``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from processor.figures import Counts
from processor.report.departments import Department
from processor.report.model import Report

COLUMNS: tuple[str, ...] = (
    "period_start",
    "period_end",
    "department",
    "calls",
    "offered",
    "reached",
    "answered",
    "answered_elsewhere",
    "voicemail",
    "missed",
    "short_abandoned",
    "reachability",
    "service_level",
    "target",
    "met_target",
)


@dataclass(frozen=True, slots=True)
class Row:
    period_start: date
    period_end: date
    department: Department
    counts: Counts

    @property
    def met_target(self) -> bool | None:
        return met_target(self.counts, self.department.target)

    def fields(self) -> dict[str, str]:
        """The row as CSV text, keyed by column name in ``COLUMNS`` order."""
        c = self.counts
        return {
            "period_start": self.period_start.isoformat(),
            "period_end": self.period_end.isoformat(),
            "department": self.department.id,
            "calls": str(c.calls),
            "offered": str(c.offered),
            "reached": str(c.reached),
            "answered": str(c.answered),
            "answered_elsewhere": str(c.answered_elsewhere),
            "voicemail": str(c.voicemail),
            "missed": str(c.missed),
            "short_abandoned": str(c.short_abandoned),
            "reachability": ratio_text(c.reachability),
            "service_level": ratio_text(c.service_level),
            "target": target_text(self.department.target),
            "met_target": bool_text(self.met_target),
        }


def met_target(counts: Counts, target: float | None) -> bool | None:
    """reached / offered >= target, exactly (no float rounding at the boundary)."""
    if target is None or counts.offered == 0:
        return None
    return Fraction(counts.reached, counts.offered) >= Fraction(repr(target))


def ratio_text(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"


def target_text(target: float | None) -> str:
    """The target as configured: 0.9 -> "0.9", 0.98 -> "0.98"."""
    return "" if target is None else repr(target)


def bool_text(value: bool | None) -> str:
    return "" if value is None else ("true" if value else "false")


def rows(report: Report) -> list[Row]:
    """Department by department (directory order, ``unassigned`` last), then by date."""
    out: list[Row] = []
    period = report.period
    for part in report.departments:
        if period.weekly:
            out.append(Row(period.start, period.end, part.department, part.total))
        else:
            out.extend(Row(day, day, part.department, counts) for day, counts in part.days)
    return out
