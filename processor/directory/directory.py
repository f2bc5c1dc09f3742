"""The directory at run time: which department a target belongs to, and whether it is open.

Guarantees: a ``Directory`` is only built from a model without conflicts (else ``DirectoryError``),
so every extension and number belongs to at most one department. ``department_of`` looks up an
extension by bisect (O(log n)), then a number exactly (spaces and dashes removed). ``is_open`` takes
an aware instant, converts it to the directory's time zone with zoneinfo (daylight saving
included), and is false on ``closed_dates``, on public holidays of the configured country and
outside the department's office hours ("unassigned": the default office hours).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import holidays as holidays_lib

from processor.directory.conflicts import find_conflicts
from processor.directory.errors import DirectoryError
from processor.directory.hours import OfficeHours, parse_office_hours
from processor.directory.model import UNASSIGNED, DirectoryModel, Sources
from processor.directory.ranges import RangeIndex, is_digits, normalise_number, parse_range

UNASSIGNED_NAME = "Niet toegewezen"


@dataclass(frozen=True, slots=True)
class Department:
    """A configured department. ``numbers`` are normalised; ``extensions`` as written."""

    id: str
    name: str
    target: float
    numbers: tuple[str, ...]
    extensions: tuple[str, ...]
    office_hours: OfficeHours


class Directory:
    """Lookups over one validated directory; immutable after construction."""

    def __init__(self, model: DirectoryModel) -> None:
        conflicts = find_conflicts(model)
        if conflicts:
            raise DirectoryError([conflict.render("directory") for conflict in conflicts])
        self.model = model
        self.tz = ZoneInfo(model.timezone)
        self.holiday_country: str | None = model.holidays
        self.closed_dates: frozenset[date] = frozenset(model.closed_dates)
        self.default_office_hours = parse_office_hours(model.office_hours)
        self.short_abandon_seconds: float = model.short_abandon_seconds
        self.service_level_seconds: float = model.service_level_seconds
        self.count_internal_calls: bool = model.count_internal_calls
        self.per_extension: bool = model.per_extension
        self.extension_retention_days: int = model.extension_retention_days
        self.voicemail_targets = frozenset(target.strip() for target in model.voicemail_targets)
        self.sources: Sources = model.sources

        self._departments: dict[str, Department] = {}
        numbers: dict[str, str] = {}
        ranges = []
        for spec in model.departments:
            hours = spec.office_hours
            department = Department(
                id=spec.id,
                name=spec.name,
                target=spec.target,
                numbers=tuple(normalise_number(n) for n in spec.numbers),
                extensions=spec.extensions,
                office_hours=self.default_office_hours
                if hours is None
                else parse_office_hours(hours),
            )
            self._departments[spec.id] = department
            numbers.update(dict.fromkeys(department.numbers, spec.id))
            ranges += [(parse_range(text), spec.id) for text in spec.extensions]
        self._numbers = numbers
        self._extensions: RangeIndex[str] = RangeIndex(ranges)
        self.department_ids: tuple[str, ...] = tuple(self._departments)
        self.names: dict[str, str] = {d.id: d.name for d in self._departments.values()}
        self.extension_count: int = sum(r.size for r, _ in ranges)
        self.number_count: int = len(numbers)
        self._holidays: dict[int, frozenset[date]] = {}

    # -- departments ---------------------------------------------------------------------------

    def department(self, department_id: str) -> Department:
        """The configured department; KeyError for "unassigned" and unknown ids."""
        try:
            return self._departments[department_id]
        except KeyError:
            raise KeyError(f"no department {department_id!r} in the directory") from None

    def name_of(self, department_id: str) -> str:
        """Display name; "Niet toegewezen" for "unassigned"; KeyError for unknown ids."""
        if department_id == UNASSIGNED:
            return UNASSIGNED_NAME
        return self.department(department_id).name

    def department_of(self, target: str) -> str | None:
        """Department of an extension (ranges), else of a number (exact, spaces/dashes removed)."""
        key = target.strip()
        if is_digits(key):
            found = self._extensions.get(key)
            if found is not None:
                return found
        return self._numbers.get(normalise_number(key))

    def department_for_call(self, entry_target: str, dialed: str | None) -> str:
        """Department of the entry target, else of the dialled number, else "unassigned"."""
        found = self.department_of(entry_target)
        if found is None and dialed:
            found = self.department_of(dialed)
        return UNASSIGNED if found is None else found

    def is_extension(self, target: str) -> bool:
        """Whether ``target`` lies in any department's extension ranges."""
        return self._extensions.get(target.strip()) is not None

    def is_voicemail(self, target: str) -> bool:
        return target.strip() in self.voicemail_targets

    # -- time ----------------------------------------------------------------------------------

    def to_local(self, at: datetime) -> datetime:
        """``at`` (aware) in the directory's time zone; ValueError for a naive datetime."""
        if at.tzinfo is None or at.utcoffset() is None:
            raise ValueError(f"{at.isoformat()} has no UTC offset; pass an aware datetime")
        return at.astimezone(self.tz)

    def local_date(self, at: datetime) -> date:
        return self.to_local(at).date()

    def iso_week(self, at: datetime) -> tuple[int, int]:
        """(ISO year, ISO week) of the local date of ``at``."""
        year, week, _weekday = self.local_date(at).isocalendar()
        return year, week

    def is_closed_day(self, day: date) -> bool:
        """A closed date of the directory or a public holiday of its country."""
        return day in self.closed_dates or day in self._holidays_of(day.year)

    def is_open(self, department_id: str, at: datetime) -> bool:
        """Whether ``department_id`` (or "unassigned") is open at the instant ``at``."""
        hours = (
            self.default_office_hours
            if department_id == UNASSIGNED
            else self.department(department_id).office_hours
        )
        local = self.to_local(at)
        return not self.is_closed_day(local.date()) and hours.is_open(local)

    def _holidays_of(self, year: int) -> frozenset[date]:
        cached = self._holidays.get(year)
        if cached is None:
            if self.holiday_country is None:
                cached = frozenset()
            else:
                found = holidays_lib.country_holidays(self.holiday_country, years=year)
                cached = frozenset(found.keys())
            self._holidays[year] = cached
        return cached
