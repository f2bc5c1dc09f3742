"""The report: periods, rows with the exact CSV columns of spec 9, Markdown, HTML and the chart.

Pure: hand-built counts, no Redis (the Redis read is exercised against a fake pipeline).
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import csv
import io
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from processor.directory import Directory, parse_directory
from processor.errors import ConfigError
from processor.figures import Counts
from processor.report.chart import chart_png, write_chart
from processor.report.departments import Department, departments_of, select
from processor.report.model import Report, build_report
from processor.report.page import render_html
from processor.report.periods import (
    date_range,
    parse_date,
    parse_week,
    period_from_args,
    previous_weeks,
)
from processor.report.render import render_csv, render_markdown
from processor.report.source import read_report, redis_location
from processor.report.summary import summary
from processor.report.table import COLUMNS, rows
from processor.store.keys import Keys

REPORT_DIRECTORY = """
timezone: Europe/Amsterdam
departments:
  - id: kcc
    name: "KCC 14 070"
    target: 0.98
    numbers: ["14070"]
    extensions: ["2000-2049"]
  - id: burgerzaken
    name: Burgerzaken
    target: 0.90
    extensions: ["3100-3199"]
  - id: vreemd
    name: "<b>Bold</b> & | Co"
    target: 0.9
    extensions: ["3300"]
"""

HEADER = (
    "period_start,period_end,department,calls,offered,reached,answered,answered_elsewhere,"
    "voicemail,missed,short_abandoned,reachability,service_level,target,met_target"
)
W48 = parse_week("2026-W48")  # Monday 23 Nov .. Sunday 29 Nov 2026
MONDAY = date(2026, 11, 23)
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def directory() -> Directory:
    return parse_directory(REPORT_DIRECTORY, "test.yaml")


@pytest.fixture(scope="module")
def departments(directory: Directory) -> list[Department]:
    return departments_of(directory)


def counts(
    *,
    answered: int = 0,
    elsewhere: int = 0,
    voicemail: int = 0,
    missed: int = 0,
    short: int = 0,
    in_time: int = 0,
) -> Counts:
    return Counts(
        answered=answered,
        answered_elsewhere=elsewhere,
        voicemail=voicemail,
        missed=missed,
        short_abandoned=short,
        within_service_level=in_time,
    )


def csv_rows(report: Report) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(render_csv(report))))


def one_day(departments: list[Department], figures: dict[str, Counts]) -> Report:
    period = date_range(MONDAY, MONDAY)
    return build_report(period, departments, {(d, MONDAY): c for d, c in figures.items()})


# -- CSV rows ----------------------------------------------------------------------------------


def test_csv_header_is_exactly_the_spec_columns(departments: list[Department]) -> None:
    text = render_csv(one_day(departments, {}))
    assert text.splitlines()[0] == HEADER
    assert ",".join(COLUMNS) == HEADER


def test_row_figures_ratios_and_target(departments: list[Department]) -> None:
    c = counts(answered=80, elsewhere=7, voicemail=5, missed=6, short=2, in_time=70)
    row = next(
        r
        for r in csv_rows(one_day(departments, {"burgerzaken": c}))
        if r["department"] == "burgerzaken"
    )
    assert row == {
        "period_start": "2026-11-23",
        "period_end": "2026-11-23",
        "department": "burgerzaken",
        "calls": "100",
        "offered": "98",
        "reached": "87",
        "answered": "80",
        "answered_elsewhere": "7",
        "voicemail": "5",
        "missed": "6",
        "short_abandoned": "2",
        "reachability": "0.8878",  # 87 / 98
        "service_level": "0.7143",  # 70 / 98
        "target": "0.9",
        "met_target": "false",
    }


def test_ratios_and_met_target_are_empty_when_nothing_offered(
    departments: list[Department],
) -> None:
    report = one_day(departments, {"kcc": counts(short=3)})
    row = next(r for r in csv_rows(report) if r["department"] == "kcc")
    assert (row["calls"], row["offered"], row["short_abandoned"]) == ("3", "0", "3")
    assert (row["reachability"], row["service_level"], row["met_target"]) == ("", "", "")
    assert row["target"] == "0.98"


@pytest.mark.parametrize(
    ("dept", "reached", "offered", "expected"),
    [
        ("burgerzaken", 9, 10, "true"),  # exactly on 0.90 counts as met
        ("kcc", 49, 50, "true"),  # exactly on 0.98, no float rounding at the boundary
        ("kcc", 48, 50, "false"),
        ("burgerzaken", 10, 10, "true"),
    ],
)
def test_met_target_boundary(
    departments: list[Department], dept: str, reached: int, offered: int, expected: str
) -> None:
    report = one_day(departments, {dept: counts(answered=reached, missed=offered - reached)})
    row = next(r for r in csv_rows(report) if r["department"] == dept)
    assert row["met_target"] == expected


def test_unassigned_comes_last_without_target(departments: list[Department]) -> None:
    report = one_day(departments, {"unassigned": counts(answered=3, missed=1)})
    got = csv_rows(report)
    assert [r["department"] for r in got] == ["kcc", "burgerzaken", "vreemd", "unassigned"]
    assert got[-1]["reachability"] == "0.7500"
    assert (got[-1]["target"], got[-1]["met_target"]) == ("", "")


def test_daily_rows_one_per_department_per_day(departments: list[Department]) -> None:
    report = build_report(date_range(MONDAY, MONDAY + timedelta(days=2)), departments, {})
    got = csv_rows(report)
    assert len(got) == 3 * len(departments)
    assert [(r["period_start"], r["period_end"]) for r in got[:3]] == [
        ("2026-11-23", "2026-11-23"),
        ("2026-11-24", "2026-11-24"),
        ("2026-11-25", "2026-11-25"),
    ]
    assert all(r["calls"] == "0" and r["reachability"] == "" for r in got)


def test_weekly_row_sums_the_days(departments: list[Department]) -> None:
    figures = {
        ("burgerzaken", MONDAY): counts(answered=50, elsewhere=2, missed=8, short=1, in_time=40),
        ("burgerzaken", MONDAY + timedelta(days=1)): counts(answered=30, voicemail=4, in_time=25),
        ("burgerzaken", MONDAY + timedelta(days=6)): counts(missed=1, short=2),
        ("burgerzaken", MONDAY + timedelta(days=7)): counts(answered=999),  # next week: ignored
        ("kcc", MONDAY - timedelta(days=1)): counts(answered=999),  # last week: ignored
    }
    got = {r["department"]: r for r in csv_rows(build_report(W48, departments, figures))}
    assert len(got) == len(departments)
    row = got["burgerzaken"]
    assert (row["period_start"], row["period_end"]) == ("2026-11-23", "2026-11-29")
    assert [row[k] for k in ("calls", "offered", "reached", "answered", "answered_elsewhere")] == [
        "98",
        "95",
        "82",
        "80",
        "2",
    ]
    assert [row[k] for k in ("voicemail", "missed", "short_abandoned")] == ["4", "9", "3"]
    assert row["reachability"] == "0.8632"  # 82 / 95
    assert row["service_level"] == "0.6842"  # 65 / 95
    assert row["met_target"] == "false"
    assert got["kcc"]["calls"] == "0"


def test_weekly_report_carries_the_previous_four_weeks(departments: list[Department]) -> None:
    figures = {("kcc", MONDAY - timedelta(weeks=w)): counts(answered=w) for w in range(1, 6)}
    report = build_report(W48, departments, figures)
    kcc = report.departments[0]
    assert [week.short_label for week, _ in kcc.previous] == [
        "2026-W44",
        "2026-W45",
        "2026-W46",
        "2026-W47",
    ]
    assert [c.answered for _, c in kcc.previous] == [4, 3, 2, 1]
    assert len(rows(report)) == len(departments)  # the trend is not in the CSV


# -- periods -----------------------------------------------------------------------------------


def test_iso_week_is_monday_to_sunday() -> None:
    assert (W48.start, W48.end, W48.iso_week) == (
        date(2026, 11, 23),
        date(2026, 11, 29),
        (2026, 48),
    )
    assert W48.dates() == [date(2026, 11, 23) + timedelta(days=i) for i in range(7)]
    assert parse_week("2026w48") == W48
    assert parse_week(" 2026-W48 ") == W48


def test_week_53_of_2026_exists_and_of_2025_does_not() -> None:
    assert date.fromisocalendar(2026, 53, 1) == date(2026, 12, 28)
    w53 = parse_week("2026-W53")
    assert (w53.start, w53.end) == (date(2026, 12, 28), date(2027, 1, 3))
    with pytest.raises(ConfigError, match="weeks 1 to 52"):
        parse_week("2025-W53")


@pytest.mark.parametrize("text", ["2026-48", "2026-W00", "2026-W54", "week 48", "", "26-W48"])
def test_bad_weeks_are_config_errors(text: str) -> None:
    with pytest.raises(ConfigError, match="week"):
        parse_week(text)


def test_previous_weeks_cross_the_year_boundary() -> None:
    got = previous_weeks(parse_week("2027-W01"), 4)
    assert [p.short_label for p in got] == ["2026-W50", "2026-W51", "2026-W52", "2026-W53"]


def test_date_range_is_inclusive_and_validated() -> None:
    period = period_from_args(None, "2026-11-30", "2026-12-02")
    assert period.dates() == [date(2026, 11, 30), date(2026, 12, 1), date(2026, 12, 2)]
    assert not period.weekly
    assert period_from_args(None, "2026-11-30", "2026-11-30").days == 1
    with pytest.raises(ConfigError, match="before --from"):
        period_from_args(None, "2026-12-02", "2026-11-30")
    with pytest.raises(ConfigError, match="not a valid date"):
        parse_date("2026-02-30")
    with pytest.raises(ConfigError, match="YYYY-MM-DD"):
        parse_date("30-11-2026")
    with pytest.raises(ConfigError, match="at most"):
        period_from_args(None, "2020-01-01", "2026-01-01")


@pytest.mark.parametrize(
    ("week", "start", "end"),
    [(None, None, None), (None, "2026-11-30", None), ("2026-W48", None, "2026-11-30")],
)
def test_period_needs_week_or_both_dates(
    week: str | None, start: str | None, end: str | None
) -> None:
    with pytest.raises(ConfigError):
        period_from_args(week, start, end)


# -- departments -------------------------------------------------------------------------------


def test_department_filter(departments: list[Department]) -> None:
    assert [d.id for d in select(departments, "burgerzaken")] == ["burgerzaken"]
    assert [d.id for d in select(departments, "unassigned")] == ["unassigned"]
    assert select(departments, None) == departments
    with pytest.raises(ConfigError, match="valid ids: kcc, burgerzaken, vreemd, unassigned"):
        select(departments, "parkeren")


# -- Markdown and summary ----------------------------------------------------------------------


def test_markdown_shows_department_names(departments: list[Department]) -> None:
    c = counts(answered=9, missed=1)
    text = render_markdown(build_report(W48, departments, {("kcc", MONDAY): c}))
    assert text.startswith("# Phone reachability, week 48 of 2026 (23 Nov - 29 Nov 2026)\n")
    assert "| 2026-W48 | KCC 14 070 | 10 | 10 | 9 | 9 | 0 | 0 | 1 | 0 | 90.0% |" in text
    assert "| Burgerzaken |" in text
    # A name cannot break the table or inject HTML.
    assert "&lt;b&gt;Bold&lt;/b&gt; & \\| Co" in text
    assert "<b>" not in text


def test_summary_in_plain_language() -> None:
    dept = Department("burgerzaken", "Burgerzaken", 0.90)
    per_day = [(281, 250), (230, 215), (248, 216), (250, 220), (195, 150)]  # offered, reached
    figures = {
        ("burgerzaken", MONDAY + timedelta(days=i)): counts(answered=r, missed=o - r)
        for i, (o, r) in enumerate(per_day)
    }
    report = build_report(W48, [dept], figures)
    assert summary(report.departments[0], W48) == (
        "Burgerzaken was reached on 87.3% of 1,204 calls offered (target 90%): 2.7 points below "
        "target; best day Tuesday, worst Friday."
    )


def test_summary_trend_and_empty_period() -> None:
    dept = Department("kcc", "KCC 14 070", 0.98)
    figures = {
        ("kcc", MONDAY): counts(answered=99, missed=1),
        ("kcc", MONDAY - timedelta(weeks=1)): counts(answered=95, missed=5),
        ("kcc", MONDAY - timedelta(weeks=3)): counts(answered=97, missed=3),
    }
    text = summary(build_report(W48, [dept], figures).departments[0], W48)
    assert text == (
        "KCC 14 070 was reached on 99.0% of 100 calls offered (target 98%): 1.0 points above "
        "target. Up 3.0 points on the previous 4 weeks (96.0%)."
    )
    empty = build_report(date_range(MONDAY, MONDAY), [dept], {})
    assert summary(empty.departments[0], empty.period) == (
        "KCC 14 070 had no calls offered in this period."
    )


# -- HTML and chart ----------------------------------------------------------------------------


def week_report(departments: list[Department]) -> Report:
    figures: dict[tuple[str, date], Counts] = {}
    for i in range(5):
        day = MONDAY + timedelta(days=i)
        figures["kcc", day] = counts(
            answered=90 + i, elsewhere=3, missed=i % 2, short=2, in_time=80
        )
        figures["burgerzaken", day] = counts(answered=40, missed=3 + i, voicemail=1, in_time=30)
        figures["vreemd", day] = counts(answered=5, missed=i % 2)
        figures["burgerzaken", day - timedelta(weeks=1)] = counts(answered=41, missed=4)
    return build_report(W48, departments, figures, timezone="Europe/Amsterdam")


def test_html_is_self_contained_and_escaped(departments: list[Department]) -> None:
    page = render_html(week_report(departments))
    assert page.startswith("<!DOCTYPE html>")
    assert "<title>Phone reachability, week 48 of 2026 (23 Nov - 29 Nov 2026)</title>" in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page, re.IGNORECASE)
    assert "<script" not in page
    assert "<link" not in page
    assert "@import" not in page
    assert "<b>Bold</b>" not in page
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; | Co" in page
    assert "data:image/png" not in page  # no chart requested


def test_html_states_target_in_words_and_shows_the_trend(departments: list[Department]) -> None:
    page = render_html(week_report(departments))
    kcc = page[page.index('id="dept-kcc"') : page.index('id="dept-burgerzaken"')]
    burgerzaken = page[page.index('id="dept-burgerzaken"') : page.index('id="dept-vreemd"')]
    assert "Target met" in kcc
    assert "Below target" in burgerzaken
    assert "Burgerzaken was reached on" in burgerzaken
    assert "2026-W44" in burgerzaken
    assert "2026-W47" in burgerzaken
    assert "Down " in burgerzaken  # 91.1% the week before, 87.0% now
    assert "No calls on: Sat 28 Nov, Sun 29 Nov." in kcc


def test_html_embeds_the_chart_as_png_data_uri(departments: list[Department]) -> None:
    report = week_report(departments)
    page = render_html(report, chart_png(report))
    match = re.search(r'<img src="data:image/png;base64,([A-Za-z0-9+/=]+)"', page)
    assert match is not None
    assert base64.b64decode(match.group(1)).startswith(PNG_MAGIC)


def test_chart_file_is_a_png(departments: list[Department], tmp_path: Path) -> None:
    path = tmp_path / "week.png"
    png = write_chart(week_report(departments), path)
    assert path.read_bytes() == png
    assert png.startswith(PNG_MAGIC)
    assert len(png) > 1000


def test_chart_of_a_long_range_and_of_nothing(departments: list[Department]) -> None:
    period = date_range(date(2026, 1, 1), date(2026, 3, 31))
    figures = {("kcc", d): counts(answered=9, missed=d.day % 3) for d in period.dates()}
    assert chart_png(build_report(period, departments, figures)).startswith(PNG_MAGIC)
    assert chart_png(build_report(W48, departments[:1], {})).startswith(PNG_MAGIC)


# -- Redis read (fake pipeline) and the command ------------------------------------------------


class FakePipeline:
    def __init__(self, data: dict[str, dict[bytes, bytes]], asked: list[str]) -> None:
        self._data, self._asked, self._keys = data, asked, list[str]()

    async def __aenter__(self) -> FakePipeline:
        return self

    async def __aexit__(self, *exc: object) -> None:
        return None

    def hgetall(self, key: str) -> None:
        self._keys.append(key)
        self._asked.append(key)

    async def execute(self) -> list[dict[bytes, bytes]]:
        return [self._data.get(k, {}) for k in self._keys]


class FakeRedis:
    def __init__(self, data: dict[str, dict[bytes, bytes]]) -> None:
        self.data, self.asked = data, list[str]()

    def pipeline(self, transaction: bool = True) -> FakePipeline:
        return FakePipeline(self.data, self.asked)


def test_read_report_reads_the_week_and_four_weeks_before() -> None:
    fake = FakeRedis(
        {
            "t:day:kcc:2026-11-24": {b"answered": b"7", b"missed": b"1", b"sl": b"6"},
            "t:day:kcc:2026-10-26": {b"answered": b"3"},
        }
    )
    dept = Department("kcc", "KCC 14 070", 0.98)
    client: Any = fake
    report = asyncio.run(read_report(client, Keys("t"), W48, [dept]))
    assert len(fake.asked) == 35
    assert "t:day:kcc:2026-10-26" in fake.asked
    assert "t:day:kcc:2026-11-29" in fake.asked
    part = report.departments[0]
    assert (part.total.answered, part.total.missed, part.total.within_service_level) == (7, 1, 6)
    assert part.previous[0][1].answered == 3


def test_redis_location_hides_the_password() -> None:
    assert (
        redis_location("redis://:s3cret@cache.internal:6380/2") == "redis://cache.internal:6380/2"
    )
    assert redis_location("rediss://user:pw@host") == "rediss://host:6379/0"


def test_command_exits_1_when_redis_is_unreachable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import socket

    from processor.report.cli import add_parser, run
    from processor.settings import Settings

    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    yaml_file = tmp_path / "directory.yaml"
    yaml_file.write_text(REPORT_DIRECTORY, encoding="utf-8")
    settings = Settings(
        redis_url=SecretStr(f"redis://:s3cret@127.0.0.1:{port}/0"), directory=yaml_file
    )
    parser = argparse.ArgumentParser()
    add_parser(parser.add_subparsers(dest="command"))

    args = parser.parse_args(["report", "--week", "2026-W48", "--format", "html"])
    assert run(settings, args) == 1
    err = capsys.readouterr().err
    assert f"cannot read figures from Redis at redis://127.0.0.1:{port}/0" in err
    assert "s3cret" not in err

    args = parser.parse_args(["report", "--week", "2026-W48", "--department", "nope"])
    with pytest.raises(ConfigError, match="valid ids"):
        run(settings, args)


def test_command_line_rejects_bad_periods(capsys: pytest.CaptureFixture[str]) -> None:
    from processor.report.cli import add_parser

    parser = argparse.ArgumentParser()
    add_parser(parser.add_subparsers(dest="command"))
    for argv in (
        ["report"],
        ["report", "--week", "2025-W53"],
        ["report", "--week", "2026-W48", "--from", "2026-11-01"],
        ["report", "--from", "2026-13-01", "--to", "2026-12-01"],
        ["report", "--week", "2026-W48", "--format", "pdf"],
    ):
        with pytest.raises(SystemExit) as exc:
            parser.parse_args(argv)
        assert exc.value.code == 2
    assert "2025 has weeks 1 to 52" in capsys.readouterr().err
