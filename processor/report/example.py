"""``python -m processor.report.example [FILE]``: the example weekly HTML report, from made-up but
realistic figures (no Redis, no directory file). Deterministic: the same page on every run.

Used to produce ``docs/example-weekly-report.html`` and to try changes to the page by eye.
"""

from __future__ import annotations

import sys
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from processor.directory.model import UNASSIGNED
from processor.figures import Counts
from processor.report.chart import chart_png
from processor.report.departments import UNASSIGNED_NAME, Department
from processor.report.model import Report, build_report, history_dates
from processor.report.page import render_html
from processor.report.periods import iso_week

TIMEZONE = "Europe/Amsterdam"
WEEK = iso_week(2026, 48)

# id, name, target, calls on a full weekday, usual reachability, Friday volume share
DEPARTMENTS: tuple[tuple[str, str, float | None, int, float, float], ...] = (
    ("kcc", "KCC 14 070", 0.98, 880, 0.975, 0.8),
    ("burgerzaken", "Burgerzaken", 0.90, 240, 0.885, 0.45),  # open Friday mornings only
    ("vth", "Vergunningen, Toezicht & Handhaving", 0.90, 85, 0.93, 0.9),
    ("werk_inkomen", "Werk en Inkomen", 0.90, 150, 0.80, 0.9),
    ("belastingen", "Belastingen", 0.90, 60, 0.91, 0.9),
    (UNASSIGNED, UNASSIGNED_NAME, None, 14, 0.70, 0.9),
)
# Monday is the busiest day; each week a little different from the last.
WEEKDAY_LOAD = (1.25, 1.05, 1.0, 0.95, 1.0, 0.0, 0.0)
WEEKDAY_SHIFT = (-0.012, 0.01, 0.004, -0.003, -0.016, 0.0, 0.0)
WEEK_SHIFT = (-0.03, -0.01, -0.015, 0.005, 0.0)  # four weeks before, then the reported week


def day_counts(volume: int, reachability: float, seed: int) -> Counts:
    """Plausible counts: 3% short abandons, 6% of reached calls taken elsewhere, 80% in time."""
    short = round(volume * 0.03)
    offered = volume - short
    reached = min(offered, round(offered * reachability))
    elsewhere = round(reached * (0.04 + 0.01 * (seed % 4)))
    unreached = offered - reached
    voicemail = round(unreached * 0.3)
    return Counts(
        answered=reached - elsewhere,
        answered_elsewhere=elsewhere,
        voicemail=voicemail,
        missed=unreached - voicemail,
        short_abandoned=short,
        within_service_level=round(reached * (0.78 + 0.02 * (seed % 3))),
    )


def example_figures() -> dict[tuple[str, date], Counts]:
    dates = [*history_dates(WEEK), *WEEK.dates()]
    out: dict[tuple[str, date], Counts] = {}
    for n, (dept_id, _, _, calls, usual, friday) in enumerate(DEPARTMENTS):
        for i, day in enumerate(dates):
            weekday = day.weekday()
            load = WEEKDAY_LOAD[weekday] * (friday if weekday == 4 else 1.0)
            volume = round(calls * load * (1 + 0.04 * ((i + n) % 3 - 1)))
            shift = WEEKDAY_SHIFT[(weekday + n) % 5] if weekday < 5 else 0.0
            ratio = usual + shift + WEEK_SHIFT[(i // 7 + n) % 5] + 0.004 * ((i * n) % 3)
            out[dept_id, day] = day_counts(volume, min(ratio, 0.995), i + n)
    return out


def example_report() -> Report:
    departments = [Department(dept_id, name, target) for dept_id, name, target, *_ in DEPARTMENTS]
    return build_report(WEEK, departments, example_figures(), timezone=TIMEZONE)


def example_html() -> str:
    report = example_report()
    sent = datetime.combine(WEEK.end + timedelta(days=1), datetime.min.time(), ZoneInfo(TIMEZONE))
    return render_html(report, chart_png(report), generated_at=sent.replace(hour=7))


def main(argv: list[str]) -> int:
    html = example_html()
    if argv:
        Path(argv[0]).write_text(html, encoding="utf-8")
    else:
        sys.stdout.write(html)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
