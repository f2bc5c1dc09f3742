"""When calls start: an office-hours load curve over local time, and the two arrival modes.

The curve (peak 1.0 around 10:00, a dip at lunch, a little traffic before and after office hours,
almost none at night) is scaled per day: weekdays 1.0, Saturday and Sunday a few percent, closed
days (public holidays, ``closed_dates``) about as quiet as a Saturday. All local time in the
directory's zone, daylight saving included. Deterministic for a given random stream.
"""

from __future__ import annotations

import bisect
import itertools
import math
import random
from collections.abc import Iterator
from datetime import date, datetime, timedelta

from processor.directory import Directory

# (local hour, relative load): linear in between.
CURVE = (
    (0.0, 0.01),
    (6.5, 0.01),
    (7.5, 0.05),
    (8.25, 0.15),
    (8.75, 0.6),
    (9.5, 0.9),
    (10.0, 1.0),
    (11.0, 0.9),
    (12.0, 0.6),
    (12.5, 0.5),
    (13.25, 0.75),
    (14.0, 0.8),
    (15.0, 0.7),
    (16.0, 0.55),
    (16.9, 0.35),
    (17.25, 0.08),
    (19.0, 0.04),
    (22.0, 0.02),
    (24.0, 0.01),
)
SATURDAY = 0.06
SUNDAY = 0.03
CLOSED_DAY = 0.06


def curve_at(hour: float) -> float:
    """The relative load at a local time of day (hours since midnight, 0..24)."""
    for (h0, w0), (h1, w1) in itertools.pairwise(CURVE):
        if h0 <= hour <= h1:
            return w0 + (w1 - w0) * (hour - h0) / (h1 - h0)
    return CURVE[-1][1]


def day_factor(directory: Directory, day: date) -> float:
    if directory.is_closed_day(day):
        return CLOSED_DAY
    return {5: SATURDAY, 6: SUNDAY}.get(day.weekday(), 1.0)


def load_at(directory: Directory, at: datetime) -> float:
    """Relative load (0..1) at the instant ``at``."""
    local = directory.to_local(at)
    hour = local.hour + local.minute / 60 + local.second / 3600
    return curve_at(hour) * day_factor(directory, local.date())


def spread_starts(
    rng: random.Random, directory: Directory, start: datetime, days: int, calls: int
) -> list[int]:
    """``calls`` start times (epoch seconds, sorted) from ``start`` over ``days`` local days."""
    first_day = directory.to_local(start).date()
    end_local = datetime.combine(first_day + timedelta(days=days), datetime.min.time())
    end = end_local.replace(tzinfo=directory.tz).timestamp()
    begin = math.ceil(start.timestamp() / 60) * 60
    minutes = range(int(begin), int(end), 60)
    factors: dict[date, float] = {}

    def load(minute: int) -> float:
        local = datetime.fromtimestamp(minute, directory.tz)
        day = local.date()
        if day not in factors:
            factors[day] = day_factor(directory, day)
        return curve_at(local.hour + local.minute / 60) * factors[day]

    cumulative = list(itertools.accumulate(load(minute) for minute in minutes))
    if not cumulative or cumulative[-1] <= 0:
        return []
    starts = []
    for _ in range(calls):
        index = bisect.bisect_left(cumulative, rng.random() * cumulative[-1])
        starts.append(minutes[min(index, len(minutes) - 1)] + rng.randrange(60))
    return sorted(starts)


def poisson_starts(
    rng: random.Random, directory: Directory, start: datetime, peak_per_hour: float
) -> Iterator[int]:
    """Endless start times: a Poisson process of ``peak_per_hour`` at the peak, thinned by load."""
    if peak_per_hour <= 0:
        return
    at = start.timestamp()
    while True:
        at += rng.expovariate(peak_per_hour / 3600)
        if rng.random() < load_at(directory, datetime.fromtimestamp(at, directory.tz)):
            yield int(at)
