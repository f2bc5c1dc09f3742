"""Report periods: an ISO week (``2026-W48``, Monday to Sunday) or an inclusive date range.

Pure: no clock, no time zone. Dates are the local calendar dates of call start, the same dates the
daily counters in Redis are kept under (spec 4). Bad input raises ``ConfigError`` with a message
that says what to write instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from processor.errors import ConfigError

# A guard against a typo in a year (one pipelined Redis read per department and day), generous
# beyond the 400 days of history the spec requires.
MAX_DAYS = 1100

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

_WEEK = re.compile(r"(\d{4})-?W(\d{1,2})", re.IGNORECASE)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True, slots=True)
class Period:
    """``start`` to ``end``, both inclusive. ``iso_week`` is (year, week) for a weekly report."""

    start: date
    end: date
    iso_week: tuple[int, int] | None = None

    @property
    def weekly(self) -> bool:
        return self.iso_week is not None

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def dates(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range(self.days)]

    @property
    def span_label(self) -> str:
        """The dates as text: "23 Nov - 29 Nov 2026", "30 Dec 2025 - 5 Jan 2026"."""
        return _span_text(self.start, self.end)

    @property
    def label(self) -> str:
        """Human text, e.g. "week 48 of 2026 (23 Nov - 29 Nov 2026)" or "1 Nov - 30 Nov 2026"."""
        if self.iso_week is None:
            return self.span_label
        year, week = self.iso_week
        return f"week {week} of {year} ({self.span_label})"

    @property
    def short_label(self) -> str:
        """Compact text for tables and charts: "2026-W48" or "2026-11-01..2026-11-30"."""
        if self.iso_week is not None:
            year, week = self.iso_week
            return f"{year}-W{week:02d}"
        if self.start == self.end:
            return self.start.isoformat()
        return f"{self.start.isoformat()}..{self.end.isoformat()}"


def iso_week(year: int, week: int) -> Period:
    """The ISO week ``week`` of ``year``; ``ConfigError`` when that year has no such week."""
    try:
        monday = date.fromisocalendar(year, week, 1)
    except ValueError as exc:
        weeks = date(year, 12, 28).isocalendar().week if 1 <= year <= 9999 else 0
        raise ConfigError(
            f"week {week} does not exist in {year}: ISO year {year} has weeks 1 to {weeks}"
        ) from exc
    return Period(monday, monday + timedelta(days=6), (year, week))


def parse_week(text: str) -> Period:
    """``2026-W48`` (also ``2026w48``, ``2026-W5``) as the Monday..Sunday of that ISO week."""
    match = _WEEK.fullmatch(text.strip())
    if match is None:
        raise ConfigError(f'week "{text}" is not an ISO week; write it as YYYY-Www, e.g. 2026-W48')
    return iso_week(int(match.group(1)), int(match.group(2)))


def parse_date(text: str, what: str = "date") -> date:
    """A calendar date written as YYYY-MM-DD."""
    value = text.strip()
    if _DATE.fullmatch(value) is None:
        raise ConfigError(f'{what} "{text}" is not a date; write it as YYYY-MM-DD, e.g. 2026-11-23')
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise ConfigError(f'{what} "{text}" is not a valid date: {exc}') from exc


def date_range(start: date, end: date) -> Period:
    """The days ``start`` to ``end`` inclusive."""
    if end < start:
        raise ConfigError(
            f"--to {end.isoformat()} is before --from {start.isoformat()}; the range is inclusive "
            "and runs forward"
        )
    period = Period(start, end)
    if period.days > MAX_DAYS:
        raise ConfigError(
            f"the range has {period.days} days; a report covers at most {MAX_DAYS} days"
        )
    return period


def period_from_args(week: str | None, start: str | None, end: str | None) -> Period:
    """The period of ``--week W`` or ``--from DATE --to DATE`` (exactly one of the two)."""
    if week is not None:
        if start is not None or end is not None:
            raise ConfigError("give either --week or --from/--to, not both")
        return parse_week(week)
    if start is not None and end is None:
        raise ConfigError("--from needs --to YYYY-MM-DD (the last day, inclusive)")
    if start is None and end is not None:
        raise ConfigError("--to needs --from YYYY-MM-DD (the first day)")
    if start is None or end is None:
        raise ConfigError(
            "give a period: --week YYYY-Www, or both --from YYYY-MM-DD and --to YYYY-MM-DD"
        )
    return date_range(parse_date(start, "--from"), parse_date(end, "--to"))


def previous_weeks(period: Period, count: int) -> list[Period]:
    """The ``count`` ISO weeks before a weekly ``period``, oldest first."""
    if period.iso_week is None:
        raise ValueError("previous weeks exist only for a weekly period")
    out: list[Period] = []
    for back in range(count, 0, -1):
        monday = period.start - timedelta(weeks=back)
        year, week, _ = monday.isocalendar()
        out.append(Period(monday, monday + timedelta(days=6), (year, week)))
    return out


def day_text(day: date, *, year: bool = True) -> str:
    """ "23 Nov 2026" (English month names whatever the process locale)."""
    text = f"{day.day} {MONTHS[day.month - 1]}"
    return f"{text} {day.year}" if year else text


def _span_text(start: date, end: date) -> str:
    if start == end:
        return day_text(start)
    return f"{day_text(start, year=start.year != end.year)} - {day_text(end)}"
