"""The figures of one report, pure: daily counts per department for the period, and for a weekly
report the weekly totals of the weeks before it (the trend).

Every date of the period is present for every department (a day without calls has zero counts),
so totals are plain sums of the days and nothing depends on which keys Redis happened to hold.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from processor.figures import Counts, total
from processor.report.departments import Department
from processor.report.periods import Period, previous_weeks

# Weeks of trend in a weekly report: a month of context without crowding the page.
TREND_WEEKS = 4

DayFigures = Mapping[tuple[str, date], Counts]


@dataclass(frozen=True, slots=True)
class DepartmentFigures:
    department: Department
    days: tuple[tuple[date, Counts], ...]
    previous: tuple[tuple[Period, Counts], ...] = ()

    @property
    def total(self) -> Counts:
        return total(counts for _, counts in self.days)


@dataclass(frozen=True, slots=True)
class Report:
    period: Period
    departments: tuple[DepartmentFigures, ...]
    timezone: str = ""


def history_dates(period: Period, weeks: int = TREND_WEEKS) -> list[date]:
    """The dates to read besides the period's own: the previous weeks of a weekly report."""
    if not period.weekly:
        return []
    return [d for week in previous_weeks(period, weeks) for d in week.dates()]


def build_report(
    period: Period,
    departments: Sequence[Department],
    figures: DayFigures,
    *,
    trend_weeks: int = TREND_WEEKS,
    timezone: str = "",
) -> Report:
    """Assemble a report from daily counts; missing (department, date) pairs count as zero."""
    history = previous_weeks(period, trend_weeks) if period.weekly else []
    parts = []
    for dept in departments:
        days = tuple((d, _get(figures, dept.id, d)) for d in period.dates())
        previous = tuple(
            (week, total(_get(figures, dept.id, d) for d in week.dates())) for week in history
        )
        parts.append(DepartmentFigures(dept, days, previous))
    return Report(period, tuple(parts), timezone)


def _get(figures: DayFigures, dept_id: str, day: date) -> Counts:
    counts = figures.get((dept_id, day))
    return counts if counts is not None else Counts()
