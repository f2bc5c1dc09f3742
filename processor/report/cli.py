"""``reachability report``: a thin command over the pure report code (spec 9).

Exit codes: 0 written; 1 Redis unreachable or the output cannot be written; bad arguments and a
bad directory raise ``ConfigError``, which ``processor.cli`` turns into exit 2.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from processor.directory import load_directory
from processor.errors import ConfigError
from processor.report.departments import departments_of, select
from processor.report.errors import RedisUnavailableError
from processor.report.model import Report
from processor.report.page import render_html
from processor.report.periods import parse_date, parse_week, period_from_args
from processor.report.render import render_csv, render_markdown
from processor.report.source import fetch_report
from processor.settings import Settings

FORMATS = ("csv", "md", "html")


def _checked(parse: Callable[[str], object]) -> Callable[[str], str]:
    """An argparse ``type`` that reports our ``ConfigError`` message as a usage error."""

    def convert(text: str) -> str:
        try:
            parse(text)
        except ConfigError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from exc
        return text

    return convert


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    report = sub.add_parser(
        "report",
        help="historical figures from Redis as CSV, Markdown or HTML",
        description="Historical reachability per department from Redis (spec 9).",
    )
    period = report.add_mutually_exclusive_group(required=True)
    period.add_argument(
        "--week",
        metavar="YYYY-Www",
        type=_checked(parse_week),
        help="one ISO week, Monday to Sunday, e.g. 2026-W48; one row per department",
    )
    period.add_argument(
        "--from",
        dest="start",
        metavar="YYYY-MM-DD",
        type=_checked(parse_date),
        help="first day (with --to); one row per department per day",
    )
    report.add_argument(
        "--to",
        dest="end",
        metavar="YYYY-MM-DD",
        type=_checked(parse_date),
        help="last day, inclusive",
    )
    report.add_argument("--department", metavar="ID", help="only this department id")
    report.add_argument("--format", choices=FORMATS, default="csv", help="default: csv")
    report.add_argument(
        "--chart",
        metavar="FILE.png",
        type=Path,
        help="also write a PNG chart (embedded in --format html anyway)",
    )
    report.add_argument("--output", metavar="FILE", type=Path, help="default: standard output")


def render(report: Report, fmt: str, chart: bytes | None, generated_at: datetime) -> str:
    if fmt == "csv":
        return render_csv(report)
    if fmt == "md":
        return render_markdown(report)
    return render_html(report, chart, generated_at)


def run(settings: Settings, args: argparse.Namespace) -> int:
    period = period_from_args(args.week, args.start, args.end)
    directory = load_directory(settings.directory)
    departments = select(departments_of(directory), args.department)
    try:
        report = asyncio.run(
            fetch_report(
                settings.redis_url.get_secret_value(),
                settings.app_id,
                period,
                departments,
                timezone=str(directory.tz),
            )
        )
    except RedisUnavailableError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    # matplotlib takes about a second to import: load it only when a report is drawn, not on
    # every start of the ``reachability`` command (the worker builds this parser too).
    from processor.report.chart import chart_png, write_chart  # noqa: PLC0415

    try:
        chart = None
        if args.chart is not None:
            chart = write_chart(report, args.chart)
        elif args.format == "html":
            chart = chart_png(report)
        text = render(report, args.format, chart, datetime.now(directory.tz))
        if args.output is None:
            sys.stdout.write(text)
        else:
            args.output.write_text(text, encoding="utf-8")
    except OSError as exc:
        print(f"error: cannot write the report: {exc}", file=sys.stderr)
        return 1
    return 0
