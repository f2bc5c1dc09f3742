"""Office hours: day specs ("mon-fri", "mon,wed", "sat"), time spans ("08:30-17:00") and the test
whether a local wall-clock time falls inside them.

Guarantees: a span "08:30-17:00" is open from 08:30:00 inclusive to 17:00:00 exclusive ("24:00" may
end a span: until midnight); every weekday is given by at most one day spec; the spans of one day do
not overlap. Bad input raises ``ConfigError`` naming the offending text. Pure: no clock and no time
zone here; callers pass local time (``Directory`` converts).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from processor.errors import ConfigError

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DEFAULT_OFFICE_HOURS: dict[str, tuple[str, ...]] = {"mon-fri": ("08:30-17:00",)}

_SPAN = re.compile(r"(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})")
_DAY_SECONDS = 24 * 3600


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """Seconds after local midnight: ``start`` inclusive, ``end`` exclusive (at most 86400)."""

    start: int
    end: int

    def __str__(self) -> str:
        return f"{_clock_text(self.start)}-{_clock_text(self.end)}"


@dataclass(frozen=True, slots=True)
class OfficeHours:
    """The spans of each weekday, Monday first (seven entries; an empty one is a closed day)."""

    by_weekday: tuple[tuple[Span, ...], ...]

    def is_open(self, local_dt: datetime) -> bool:
        """Whether the wall-clock time of ``local_dt`` (already in local time) is inside a span."""
        seconds = local_dt.hour * 3600 + local_dt.minute * 60 + local_dt.second
        return any(span.start <= seconds < span.end for span in self.by_weekday[local_dt.weekday()])


def parse_day_spec(spec: str) -> frozenset[int]:
    """Weekday numbers (Monday = 0) of a spec like "mon-fri", "mon,wed", "sat" or "mon-wed,fri"."""
    text = spec.strip().lower()
    if not text:
        raise ConfigError('empty day spec; write days like "mon-fri", "mon,wed" or "sat"')
    days: set[int] = set()
    for part in text.split(","):
        first, dash, last = part.partition("-")
        start = _day(first, spec)
        end = _day(last, spec) if dash else start
        if end < start:
            raise ConfigError(
                f'day range "{part.strip()}" in "{spec}" runs backwards; days run mon..sun, '
                'so write e.g. "sat-sun,mon" instead of "sat-mon"'
            )
        days.update(range(start, end + 1))
    return frozenset(days)


def parse_span(text: str) -> Span:
    """One span "HH:MM-HH:MM"; the end must come after the start (use "24:00" for midnight)."""
    match = _SPAN.fullmatch(text.strip())
    if match is None:
        raise ConfigError(f'time span "{text}" is not written as "HH:MM-HH:MM", e.g. "08:30-17:00"')
    start = _seconds(match[1], match[2], text, may_be_midnight=False)
    end = _seconds(match[3], match[4], text, may_be_midnight=True)
    if end <= start:
        raise ConfigError(f'time span "{text}" ends before it starts; spans cannot cross midnight')
    return Span(start, end)


def parse_spans(value: str | Sequence[str]) -> tuple[Span, ...]:
    """One span or a list of spans of one day, sorted; overlapping spans are an error."""
    texts = [value] if isinstance(value, str) else list(value)
    spans = sorted(parse_span(text) for text in texts)
    for earlier, later in itertools.pairwise(spans):
        if later.start < earlier.end:
            raise ConfigError(f'time spans "{earlier}" and "{later}" overlap; merge them into one')
    return tuple(spans)


def parse_office_hours(mapping: Mapping[str, str | Sequence[str]]) -> OfficeHours:
    """Office hours from ``{day spec: span or [spans]}``; days not mentioned are closed."""
    by_day: list[tuple[Span, ...]] = [()] * len(DAY_NAMES)
    given_by: dict[int, str] = {}
    for spec, value in mapping.items():
        spans = parse_spans(value)
        for day in sorted(parse_day_spec(spec)):
            if day in given_by:
                raise ConfigError(
                    f'{DAY_NAMES[day]} is in both "{given_by[day]}" and "{spec}"; give each day '
                    'once (a day with several spans takes a list: ["08:30-12:00", "13:00-17:00"])'
                )
            given_by[day] = spec
            by_day[day] = spans
    return OfficeHours(tuple(by_day))


def _day(name: str, spec: str) -> int:
    key = name.strip()
    if key not in DAY_NAMES:
        raise ConfigError(f'unknown day "{key}" in "{spec}"; use {", ".join(DAY_NAMES)}')
    return DAY_NAMES.index(key)


def _seconds(hours: str, minutes: str, text: str, *, may_be_midnight: bool) -> int:
    hour, minute = int(hours), int(minutes)
    seconds = hour * 3600 + minute * 60
    if (
        minute > 59
        or hour > 24
        or seconds > _DAY_SECONDS
        or (seconds == _DAY_SECONDS and not may_be_midnight)
    ):
        raise ConfigError(f'time span "{text}" has an impossible time; use 00:00 to 24:00')
    return seconds


def _clock_text(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}"
