"""The HTML report for department managers: one self-contained page (inline CSS, the chart as a
``data:`` URI, no external links or scripts), every piece of text escaped.

Per department: a plain-language summary, target met or not (colour and words), the figures per
day and, for a weekly report, the trend over the previous weeks.
"""

from __future__ import annotations

import base64
from datetime import date, datetime
from html import escape

from processor.directory.model import UNASSIGNED
from processor.figures import Counts
from processor.report.model import DepartmentFigures, Report
from processor.report.page_style import CSS
from processor.report.periods import WEEKDAYS, Period, day_text
from processor.report.summary import percent, summary, target_percent
from processor.report.table import met_target

_BADGES = {
    True: ("met", "\u2713 Target met"),
    False: ("below", "\u2717 Below target"),
}


def badge(counts: Counts, target: float | None) -> str:
    met = met_target(counts, target)
    if met is None:
        text = "No target" if counts.offered and target is None else "No calls offered"
        return f'<span class="badge none">{text}</span>'
    css, text = _BADGES[met]
    return f'<span class="badge {css}">{text}</span>'


def _ratio_cell(counts: Counts, target: float | None) -> str:
    ratio = counts.reachability
    if ratio is None:
        return "<td>-</td>"
    met = met_target(counts, target)
    css = "" if met is None else (' class="met"' if met else ' class="below"')
    mark = "" if met is not False else ' \u2717<span class="vh"> below target</span>'
    return f"<td{css}>{percent(ratio)}{mark}</td>"


def _counts_cells(counts: Counts, target: float | None) -> str:
    c = counts
    numbers = (c.calls, c.offered, c.reached, c.answered, c.answered_elsewhere, c.voicemail)
    cells = "".join(f"<td>{n:,}</td>" for n in numbers)
    cells += f"<td>{c.missed:,}</td><td>{c.short_abandoned:,}</td>"
    cells += _ratio_cell(counts, target)
    level = "-" if c.service_level is None else percent(c.service_level)
    return cells + f"<td>{level}</td>"


_DAY_HEAD = (
    "<thead><tr><th>{first}</th><th>Calls</th><th>Offered</th><th>Reached</th><th>Answered</th>"
    "<th>Answered elsewhere</th><th>Voicemail</th><th>Missed</th><th>Short abandoned</th>"
    "<th>Reachability</th><th>Service level</th></tr></thead>"
)


def _day_label(day: date, period: Period) -> str:
    return f"{WEEKDAYS[day.weekday()]} {day_text(day, year=not period.weekly)}"


def _days_table(part: DepartmentFigures, period: Period) -> str:
    target = part.department.target
    body, quiet = [], []
    for day, counts in part.days:
        if counts.calls == 0:
            quiet.append(f"{WEEKDAYS[day.weekday()][:3]} {day_text(day, year=False)}")
            continue
        label = escape(_day_label(day, period))
        body.append(f"<tr><td>{label}</td>{_counts_cells(counts, target)}</tr>")
    body.append(f'<tr class="total"><td>Total</td>{_counts_cells(part.total, target)}</tr>')
    html = (
        f'<div class="scroll"><table>{_DAY_HEAD.format(first="Day")}'
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )
    if quiet:
        shown = ", ".join(quiet) if len(quiet) <= 10 else f"{len(quiet)} days"
        html += f'<p class="note">No calls on: {escape(shown)}.</p>'
    return html


def _bar(counts: Counts, target: float | None) -> str:
    ratio = counts.reachability
    if ratio is None:
        return ""
    met = met_target(counts, target)
    css = "" if met is None else (" met" if met else " below")
    goal = "" if target is None else f'<span class="goal" style="left:{target * 100:.1f}%"></span>'
    return (
        f'<span class="bar" aria-hidden="true"><span class="fill{css}" '
        f'style="width:{ratio * 100:.1f}%"></span>{goal}</span>'
    )


def _trend_table(part: DepartmentFigures, period: Period) -> str:
    target = part.department.target
    weeks = [*part.previous, (period, part.total)]
    body = []
    for week, counts in weeks:
        current = ' class="current"' if week == period else ""
        ratio = "-" if counts.reachability is None else percent(counts.reachability)
        body.append(
            f"<tr{current}><td>{escape(week.short_label)}</td>"
            f"<td>{escape(week.span_label)}</td>"
            f"<td>{counts.offered:,}</td><td>{ratio}</td><td>{_bar(counts, target)}</td>"
            f"<td>{badge(counts, target)}</td></tr>"
        )
    return (
        "<table><thead><tr><th>Week</th><th>Dates</th><th>Offered</th><th>Reachability</th>"
        '<th><span class="vh">Bar</span></th><th>Target</th></tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def _section(part: DepartmentFigures, period: Period) -> str:
    dept = part.department
    if dept.target is not None:
        goal = f"target {target_percent(dept.target)}"
    elif dept.id == UNASSIGNED:
        goal = "calls that matched no department in the directory; no target"
    else:
        goal = "no target"
    html = (
        f'<section id="dept-{escape(dept.id)}"><h2>{escape(dept.name)} '
        f"{badge(part.total, dept.target)}</h2>"
        f'<p class="sub">{escape(goal)}</p>'
        f'<p class="summary">{escape(summary(part, period))}</p>'
        f"<h3>Per day</h3>{_days_table(part, period)}"
    )
    if part.previous:
        weeks = len(part.previous)
        html += f"<h3>Trend: this week and the {weeks} weeks before</h3>"
        html += f'<div class="scroll">{_trend_table(part, period)}</div>'
    return html + "</section>"


def _overview(report: Report) -> str:
    body = []
    for part in report.departments:
        dept, counts = part.department, part.total
        ratio = "-" if counts.reachability is None else percent(counts.reachability)
        goal = "-" if dept.target is None else target_percent(dept.target)
        body.append(
            f'<tr><td><a href="#dept-{escape(dept.id)}">{escape(dept.name)}</a></td>'
            f"<td>{counts.offered:,}</td><td>{ratio}</td><td>{goal}</td>"
            f"<td>{badge(counts, dept.target)}</td></tr>"
        )
    return (
        "<table><thead><tr><th>Department</th><th>Offered</th><th>Reachability</th>"
        "<th>Target</th><th>Result</th></tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def render_html(
    report: Report, chart: bytes | None = None, generated_at: datetime | None = None
) -> str:
    """The whole page. ``chart`` (PNG bytes) is embedded as a data URI when given."""
    title = f"Phone reachability, {report.period.label}"
    where = f" ({report.timezone})" if report.timezone else ""
    parts = [
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body>",
        f"<header><h1>{escape(title)}</h1>",
        f'<p class="sub">Days are local dates{escape(where)} of call start; only calls '
        "within office hours count.</p></header>",
        f'<h2>Overview</h2><div class="scroll">{_overview(report)}</div>',
    ]
    if chart is not None:
        data = base64.b64encode(chart).decode("ascii")
        parts.append(
            f'<figure><img src="data:image/png;base64,{data}" alt="Chart: reachability per day '
            f'for each department, with its target as a dashed line">'
            "<figcaption>A green dot is a day on or above target, a red cross a day below it; "
            "the dashed line is the target. Each panel's vertical axis starts just below its "
            "lowest value.</figcaption></figure>"
        )
    parts.extend(_section(part, report.period) for part in report.departments)
    stamp = "" if generated_at is None else f" Generated {generated_at:%Y-%m-%d %H:%M %Z}."
    parts.append(
        "<footer><p><strong>Reachability</strong> = calls answered by a person (in the "
        "department or elsewhere) / calls offered. <strong>Offered</strong> = all calls except "
        "callers who hung up within a few seconds (short abandoned). <strong>Service level</strong>"
        " = calls answered by a person within the service-level time / calls offered."
        f"{escape(stamp)}</p></footer></body></html>\n"
    )
    return "\n".join(parts)
