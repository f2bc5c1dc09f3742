"""CSV (the exact columns of spec 9) and Markdown renderings of a report, pure."""

from __future__ import annotations

import csv
import io

from processor.report.model import Report
from processor.report.periods import WEEKDAYS
from processor.report.summary import percent, summary, target_percent
from processor.report.table import COLUMNS, Row, rows


def render_csv(report: Report) -> str:
    """Header ``COLUMNS`` and one line per row; ``\\n`` line ends (csv quoting where needed)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows(report):
        writer.writerow(row.fields())
    return buffer.getvalue()


_MD_HEADER = (
    ("Period", "---"),
    ("Department", "---"),
    ("Calls", "---:"),
    ("Offered", "---:"),
    ("Reached", "---:"),
    ("Answered", "---:"),
    ("Answered elsewhere", "---:"),
    ("Voicemail", "---:"),
    ("Missed", "---:"),
    ("Short abandoned", "---:"),
    ("Reachability", "---:"),
    ("Service level", "---:"),
    ("Target", "---:"),
    ("Target met", "---"),
)


def md_text(text: str) -> str:
    """Text safe inside a Markdown table cell (no table break-out, no raw HTML)."""
    flat = " ".join(text.split()).replace("\\", "\\\\").replace("|", "\\|")
    return flat.replace("<", "&lt;").replace(">", "&gt;")


def _md_row(row: Row, weekly: bool) -> list[str]:
    c = row.counts
    if weekly:
        year, week, _ = row.period_start.isocalendar()
        period = f"{year}-W{week:02d}"
    else:
        period = f"{row.period_start.isoformat()} {WEEKDAYS[row.period_start.weekday()][:3]}"
    target = row.department.target
    met = {True: "yes", False: "**no**", None: "-"}[row.met_target]
    return [
        period,
        md_text(row.department.name),
        f"{c.calls:,}",
        f"{c.offered:,}",
        f"{c.reached:,}",
        f"{c.answered:,}",
        f"{c.answered_elsewhere:,}",
        f"{c.voicemail:,}",
        f"{c.missed:,}",
        f"{c.short_abandoned:,}",
        "-" if c.reachability is None else percent(c.reachability),
        "-" if c.service_level is None else percent(c.service_level),
        "-" if target is None else target_percent(target),
        met,
    ]


def render_markdown(report: Report) -> str:
    """A heading, one table row per CSV row (readable names and percentages), then summaries."""
    period = report.period
    lines = [f"# Phone reachability, {period.label}", ""]
    if report.timezone:
        lines += [f"Days are local dates ({md_text(report.timezone)}) of call start.", ""]
    lines.append("| " + " | ".join(name for name, _ in _MD_HEADER) + " |")
    lines.append("|" + "|".join(align for _, align in _MD_HEADER) + "|")
    lines.extend("| " + " | ".join(_md_row(r, period.weekly)) + " |" for r in rows(report))
    lines += ["", "## Summary", ""]
    lines.extend(f"- {md_text(summary(part, period))}" for part in report.departments)
    return "\n".join(lines) + "\n"
