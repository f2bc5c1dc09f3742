"""Plain-language sentences for a department manager, pure.

E.g. "Burgerzaken was reached on 87.3% of 1,204 calls offered (target 90%): 2.7 points below
target; best day Tuesday, worst Friday." Point differences are taken from the rounded percentages
shown, so the sentence never contradicts the figures next to it.
"""

from __future__ import annotations

from datetime import date

from processor.figures import Counts, total
from processor.report.model import DepartmentFigures
from processor.report.periods import WEEKDAYS, Period, day_text
from processor.report.table import met_target


def percent(value: float) -> str:
    """0.8734 -> "87.3%"."""
    return f"{value * 100:.1f}%"


def target_percent(target: float) -> str:
    """0.9 -> "90%", 0.925 -> "92.5%"."""
    return f"{target * 100:.1f}".removesuffix(".0") + "%"


def day_name(day: date, period: Period) -> str:
    """A weekday name within one week, else a date ("Tue 24 Nov")."""
    if period.days <= 7:
        return WEEKDAYS[day.weekday()]
    return f"{WEEKDAYS[day.weekday()][:3]} {day_text(day, year=False)}"


def verdict(counts: Counts, target: float | None) -> str:
    """ "(target 90%): 2.7 points below target", or "(no target)"."""
    ratio = counts.reachability
    if target is None or ratio is None:
        return "(no target)"
    points = round(round(ratio * 100, 1) - target * 100, 1)
    if met_target(counts, target):
        where = f"{points:.1f} points above target" if points > 0 else "on target"
    else:
        where = f"{-points:.1f} points below target" if points < 0 else "just below target"
    return f"(target {target_percent(target)}): {where}"


def best_and_worst(part: DepartmentFigures, period: Period) -> str:
    """ "best day Tuesday, worst Friday", or "" when fewer than two days can be compared."""
    rated = [(c.reachability, d) for d, c in part.days if c.reachability is not None]
    if len(rated) < 2:
        return ""
    best = max(rated, key=lambda item: item[0] or 0.0)
    worst = min(rated, key=lambda item: item[0] or 0.0)
    if best[0] == worst[0]:
        return ""
    return f"best day {day_name(best[1], period)}, worst {day_name(worst[1], period)}"


def trend(part: DepartmentFigures, counts: Counts) -> str:
    """ "Up 2.2 points on the previous 4 weeks (85.1%)." or "" without history."""
    earlier = total(c for _, c in part.previous)
    if counts.reachability is None or earlier.reachability is None:
        return ""
    weeks = len(part.previous)
    points = round(round(counts.reachability * 100, 1) - round(earlier.reachability * 100, 1), 1)
    span = "week" if weeks == 1 else f"{weeks} weeks"
    base = f"the previous {span} ({percent(earlier.reachability)})"
    if points > 0:
        return f"Up {points:.1f} points on {base}."
    if points < 0:
        return f"Down {-points:.1f} points on {base}."
    return f"The same as {base}."


def summary(part: DepartmentFigures, period: Period) -> str:
    """One or two sentences about a department's period."""
    name = part.department.name
    counts = part.total
    if counts.reachability is None:
        if counts.calls:
            return (
                f"{name} had {counts.calls:,} calls, all hung up within seconds, "
                "so none counted as offered."
            )
        return f"{name} had no calls offered in this period."
    noun = "call" if counts.offered == 1 else "calls"
    text = (
        f"{name} was reached on {percent(counts.reachability)} of {counts.offered:,} {noun} "
        f"offered {verdict(counts, part.department.target)}"
    )
    extremes = best_and_worst(part, period)
    text += f"; {extremes}." if extremes else "."
    change = trend(part, counts)
    return f"{text} {change}" if change else text
