"""The report chart: daily reachability per department against its target, as PNG bytes.

Uses matplotlib's object API with the Agg renderer (no pyplot, no display, no global state), so it
is safe in a server or a cron job. One panel per department: daily reachability as points joined
by a line, the target as a dashed line. A day below target is a red cross, a day on target a green
dot (shape as well as colour). The y axis starts just below the lowest value so a few points'
difference stays visible; its labels say where it starts.
"""

from __future__ import annotations

import io
import math
from datetime import date
from pathlib import Path

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import MultipleLocator, PercentFormatter

from processor.figures import Counts
from processor.report.model import DepartmentFigures, Report
from processor.report.periods import WEEKDAYS, day_text
from processor.report.summary import target_percent
from processor.report.table import met_target

MET_COLOUR = "#2e7d32"
BELOW_COLOUR = "#c62828"
PLAIN_COLOUR = "#546e7a"
LINE_COLOUR = "#b0bec5"
TARGET_COLOUR = "#212121"
# Shape as well as colour: a green dot is met, a red cross is below target.
MARKERS = {
    "met": (MET_COLOUR, "o"),
    "below": (BELOW_COLOUR, "X"),
    "none": (PLAIN_COLOUR, "s"),
}


def chart_days(report: Report) -> list[date]:
    """The period's dates on which any department had calls offered (closed days drop out)."""
    return [
        day
        for i, day in enumerate(report.period.dates())
        if any(part.days[i][1].offered for part in report.departments)
    ]


def _tick(day: date, many: bool) -> str:
    if many:
        return day_text(day, year=False)
    return f"{WEEKDAYS[day.weekday()][:3]}\n{day_text(day, year=False)}"


def _floor(values: list[float]) -> float:
    """The y-axis start: 5 points below the lowest value, on a multiple of 5%, at least 0."""
    lowest = min(values, default=0.0)
    return max(0.0, math.floor((lowest - 0.05) * 20) / 20)


def _panel(ax: Axes, part: DepartmentFigures, days: list[date]) -> None:
    by_day = dict(part.days)
    target = part.department.target
    points = [(x, by_day[d]) for x, d in enumerate(days) if by_day[d].reachability is not None]
    xs = [x for x, _ in points]
    ys = [c.reachability or 0.0 for _, c in points]
    few = len(days) <= 14
    ax.plot(xs, ys, color=LINE_COLOUR, linewidth=1.5, zorder=2)
    for style, (colour, marker) in MARKERS.items():
        chosen = [
            (x, y) for (x, c), y in zip(points, ys, strict=True) if _style(c, target) == style
        ]
        ax.scatter(
            [x for x, _ in chosen],
            [y for _, y in chosen],
            color=colour,
            marker=marker,
            s=70 if few else 25,
            zorder=3,
        )
    if few:
        for x, y in zip(xs, ys, strict=True):
            ax.annotate(
                f"{y * 100:.1f}%",
                (x, y),
                textcoords="offset points",
                xytext=(0, 8),
                ha="center",
                fontsize=8,
            )
    if target is not None:
        ax.axhline(target, color=TARGET_COLOUR, linestyle="--", linewidth=1.2, zorder=1)
    step = 1 if few else max(1, len(days) // 12)
    ax.set_xticks(range(len(days))[::step], [_tick(d, not few) for d in days[::step]], fontsize=8)
    ax.set_xlim(-0.5, len(days) - 0.5)
    floor = _floor([*ys, *([] if target is None else [target])])
    span = 1.0 - floor
    ax.set_ylim(floor, 1.0 + span * 0.12)
    ax.yaxis.set_major_locator(
        MultipleLocator(0.02 if span <= 0.16 else 0.05 if span <= 0.4 else 0.1)
    )
    ax.yaxis.set_major_formatter(PercentFormatter(xmax=1.0, decimals=0))
    if not points:
        ax.text(
            0.5,
            0.5,
            "no calls offered",
            transform=ax.transAxes,
            ha="center",
            va="center",
            color=PLAIN_COLOUR,
        )
    ax.tick_params(axis="y", labelsize=8)
    ax.grid(axis="y", alpha=0.3)
    name = part.department.name
    name = name if len(name) <= 50 else name[:49] + "..."
    goal = "no target" if target is None else f"target {target_percent(target)}"
    ax.set_title(f"{name} ({goal})", fontsize=10, loc="left")


def _style(counts: Counts, target: float | None) -> str:
    met = met_target(counts, target)
    return "none" if met is None else "met" if met else "below"


def chart_png(report: Report, dpi: int = 100) -> bytes:
    """The chart of ``report`` as PNG bytes."""
    days = chart_days(report)
    count = max(1, len(report.departments))
    ncols = 1 if count <= 2 else 2
    nrows = -(-count // ncols)
    fig = Figure(figsize=(6.0 * ncols, 1.2 + 2.6 * nrows), layout="constrained")
    fig.suptitle(f"Reachability per day, {report.period.label}", fontsize=12)
    axes = fig.subplots(nrows, ncols, squeeze=False).flatten()
    for ax, part in zip(axes, report.departments, strict=False):
        if days:
            _panel(ax, part, days)
        else:
            ax.set_title(part.department.name, fontsize=10, loc="left")
            ax.text(0.5, 0.5, "no calls offered", ha="center", va="center")
            ax.set_axis_off()
    for ax in axes[len(report.departments) :]:
        ax.set_axis_off()
    fig.legend(
        handles=[
            *(
                Line2D([], [], color=colour, marker=marker, linestyle="", label=label)
                for (colour, marker), label in zip(
                    MARKERS.values(), ("target met", "below target", "no target"), strict=True
                )
            ),
            Line2D([], [], color=TARGET_COLOUR, linestyle="--", label="target"),
        ],
        loc="outside lower center",
        ncols=4,
        fontsize=8,
        frameon=False,
    )
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()


def write_chart(report: Report, path: Path) -> bytes:
    """Write the chart to ``path`` and return its bytes (for embedding in HTML)."""
    png = chart_png(report)
    path.write_bytes(png)
    return png
