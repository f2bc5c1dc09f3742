"""The directory: lookups, office hours in local time, closed days, and readable config errors."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from processor.directory import (
    Directory,
    DirectoryError,
    check_directory,
    load_directory,
    parse_directory,
)
from processor.directory.hours import parse_office_hours
from processor.errors import ConfigError

EXAMPLE = Path(__file__).resolve().parents[2] / "deploy" / "config" / "directory.yaml"
AMS = ZoneInfo("Europe/Amsterdam")

# Line numbers matter: tests below assert them.
SMALL = """\
timezone: Europe/Amsterdam
holidays: NL
closed_dates: [2026-12-24]
office_hours:
  mon-fri: "08:30-17:00"
voicemail_targets: ["8500"]
departments:
  - id: kcc
    name: "KCC 14 070"
    target: 0.98
    numbers: ["14070", "+31 70 300-9000"]
    extensions: ["2000-2049"]
  - id: burgerzaken
    name: Burgerzaken
    target: 0.90
    extensions: ["3100-3199", "3250", "0100-0199"]
    office_hours: {mon-thu: "08:30-17:00", fri: "08:30-12:30"}
"""


@pytest.fixture(scope="module")
def small() -> Directory:
    return parse_directory(SMALL, "small.yaml")


def local(*parts: int) -> datetime:
    """``local(2026, 6, 10, 8, 30)``: Amsterdam wall-clock time."""
    return datetime(*parts).replace(tzinfo=AMS)  # type: ignore[arg-type]  # ints only


def utc(*parts: int) -> datetime:
    return datetime(*parts).replace(tzinfo=UTC)  # type: ignore[arg-type]  # ints only


def errors_of(text: str) -> list[str]:
    with pytest.raises(DirectoryError) as caught:
        parse_directory(text, "directory.yaml")
    return caught.value.errors


# -- lookups ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("2000", "kcc"),
        ("2049", "kcc"),
        ("2050", None),
        ("1999", None),
        ("3100", "burgerzaken"),
        ("3199", "burgerzaken"),
        ("3200", None),
        ("3249", None),
        ("3250", "burgerzaken"),
        ("3251", None),
        ("0100", "burgerzaken"),
        ("100", None),  # not the same length as "0100-0199"
        ("20000", None),  # five digits never match a four-digit range
        (" 2001 ", "kcc"),
        ("14070", "kcc"),
        ("+31703009000", "kcc"),  # configured with spaces and a dash
        ("+31 70 300 9000", "kcc"),
        ("0703009000", None),  # numbers match exactly, no national/international rewriting
        ("8500", None),
        ("", None),
    ],
)
def test_department_of(small: Directory, target: str, expected: str | None) -> None:
    assert small.department_of(target) == expected


def test_department_for_call_falls_back_to_dialed_then_unassigned(small: Directory) -> None:
    assert small.department_for_call("3101", "14070") == "burgerzaken"
    assert small.department_for_call("queue-main", "14070") == "kcc"
    assert small.department_for_call("queue-main", None) == "unassigned"
    assert small.department_for_call("queue-main", "0612345678") == "unassigned"


def test_extensions_voicemail_and_departments(small: Directory) -> None:
    assert small.is_extension("2049")
    assert not small.is_extension("2050")
    assert not small.is_extension("14070")
    assert small.is_voicemail("8500")
    assert not small.is_voicemail("3101")
    assert small.department_ids == ("kcc", "burgerzaken")
    assert small.names == {"kcc": "KCC 14 070", "burgerzaken": "Burgerzaken"}
    assert small.department("kcc").target == 0.98
    assert small.name_of("unassigned") == "Niet toegewezen"
    with pytest.raises(KeyError):
        small.department("unassigned")
    assert small.extension_count == 50 + 100 + 1 + 100


# -- office hours, time zone, closed days ----------------------------------------------------------


@pytest.mark.parametrize(
    ("at", "is_open"),
    [
        (local(2026, 6, 10, 8, 29, 59), False),  # Wednesday
        (local(2026, 6, 10, 8, 30, 0), True),
        (local(2026, 6, 10, 16, 59, 59), True),
        (local(2026, 6, 10, 17, 0, 0), False),
        (local(2026, 6, 13, 10, 0, 0), False),  # Saturday
    ],
)
def test_office_hours_edges(small: Directory, at: datetime, is_open: bool) -> None:
    assert small.is_open("kcc", at) is is_open
    assert small.is_open("unassigned", at) is is_open  # default hours


def test_department_override_friday_afternoon_closed(small: Directory) -> None:
    friday = (2026, 6, 12)
    assert small.is_open("burgerzaken", local(*friday, 12, 29, 59))
    assert not small.is_open("burgerzaken", local(*friday, 12, 30))
    assert not small.is_open("burgerzaken", local(*friday, 14, 0))
    assert small.is_open("kcc", local(*friday, 14, 0))
    assert small.is_open("burgerzaken", local(2026, 6, 11, 16, 0))  # Thursday


def test_is_open_converts_utc_to_local(small: Directory) -> None:
    # Summer time (UTC+2): 06:30Z is 08:30 local.
    assert small.is_open("kcc", utc(2026, 6, 10, 6, 30))
    assert not small.is_open("kcc", utc(2026, 6, 10, 6, 29, 59))
    assert small.is_open("kcc", utc(2026, 6, 10, 14, 59, 59))
    assert not small.is_open("kcc", utc(2026, 6, 10, 15, 0))


def test_daylight_saving_starts_sunday_29_march_2026(small: Directory) -> None:
    before = small.to_local(utc(2026, 3, 29, 0, 59, 59))
    after = small.to_local(utc(2026, 3, 29, 1, 0))
    assert (before.hour, before.minute, before.utcoffset()) == (1, 59, timedelta(hours=1))
    assert (after.hour, after.minute, after.utcoffset()) == (3, 0, timedelta(hours=2))
    # 02:00-03:00 local does not exist that night.
    # The Monday after: 08:30 local is 06:30Z, no longer 07:30Z.
    assert not small.is_open("kcc", utc(2026, 3, 30, 6, 29, 59))
    assert small.is_open("kcc", utc(2026, 3, 30, 6, 30))
    assert not small.is_open("kcc", utc(2026, 3, 30, 15, 0))  # 17:00 local
    # The Friday before is still winter time.
    assert not small.is_open("kcc", utc(2026, 3, 27, 6, 30))
    assert small.is_open("kcc", utc(2026, 3, 27, 7, 30))


def test_daylight_saving_ends_sunday_25_october_2026(small: Directory) -> None:
    first = small.to_local(utc(2026, 10, 25, 0, 30))
    second = small.to_local(utc(2026, 10, 25, 1, 30))
    assert (first.hour, first.minute, first.fold) == (2, 30, 0)  # 02:30 summer time
    assert (second.hour, second.minute, second.fold) == (2, 30, 1)  # 02:30 again, winter time
    assert small.local_date(utc(2026, 10, 25, 22, 59)) == date(2026, 10, 25)
    assert small.local_date(utc(2026, 10, 25, 23, 0)) == date(2026, 10, 26)
    # The Monday after: 08:30 local is 07:30Z.
    assert not small.is_open("kcc", utc(2026, 10, 26, 6, 30))
    assert not small.is_open("kcc", utc(2026, 10, 26, 7, 29, 59))
    assert small.is_open("kcc", utc(2026, 10, 26, 7, 30))
    assert small.is_open("kcc", utc(2026, 10, 26, 15, 59, 59))
    assert not small.is_open("kcc", utc(2026, 10, 26, 16, 0))


def test_local_date_and_iso_week_use_local_time(small: Directory) -> None:
    # Sunday 22:30Z in summer is already Monday 00:30 local: a new day and a new ISO week.
    at = utc(2026, 3, 29, 22, 30)
    assert small.local_date(at) == date(2026, 3, 30)
    assert small.iso_week(at) == (2026, 14)
    assert small.iso_week(utc(2026, 3, 29, 21, 59)) == (2026, 13)
    assert small.iso_week(local(2027, 1, 1, 12)) == (2026, 53)
    with pytest.raises(ValueError, match="no UTC offset"):
        small.local_date(datetime(2026, 3, 29, 12))  # naive on purpose


@pytest.mark.parametrize(
    "holiday",
    [date(2026, 4, 27), date(2026, 5, 14), date(2026, 4, 6), date(2026, 5, 25)],
    ids=["koningsdag", "hemelvaart", "tweede-paasdag", "tweede-pinksterdag"],
)
def test_public_holiday_is_closed(small: Directory, holiday: date) -> None:
    at = local(holiday.year, holiday.month, holiday.day, 10)
    assert not small.is_open("kcc", at)
    assert not small.is_open("unassigned", at)
    week_later = at + timedelta(days=7)
    assert small.is_open("kcc", week_later)  # the same weekday a week later is open


def test_closed_date_is_closed(small: Directory) -> None:
    assert not small.is_open("kcc", local(2026, 12, 24, 10))
    assert small.is_open("kcc", local(2026, 12, 23, 10))
    assert small.is_closed_day(date(2026, 12, 24))
    assert not small.is_closed_day(date(2026, 12, 23))


def test_without_holidays_a_holiday_is_a_normal_day() -> None:
    directory = parse_directory(SMALL.replace("holidays: NL", "holidays: null"), "x.yaml")
    assert directory.is_open("kcc", local(2026, 5, 14, 10))
    assert not directory.is_open("kcc", local(2026, 12, 24, 10))


def test_several_spans_a_day_and_day_lists() -> None:
    hours = parse_office_hours({"mon,wed": ["13:00-17:00", "08:30-12:00"], "sat": "09:00-24:00"})
    assert hours.is_open(datetime(2026, 6, 8, 11, 59, 59))  # Monday
    assert not hours.is_open(datetime(2026, 6, 8, 12, 30))
    assert hours.is_open(datetime(2026, 6, 10, 13, 0))  # Wednesday
    assert not hours.is_open(datetime(2026, 6, 9, 10, 0))  # Tuesday: not listed
    assert hours.is_open(datetime(2026, 6, 13, 23, 59, 59))  # Saturday until midnight


# -- configuration errors --------------------------------------------------------------------------

TWO_DEPARTMENTS = """\
departments:
  - id: burgerzaken
    name: Burgerzaken
    target: 0.9
    numbers: ["+31703003100"]
    extensions: ["3100-3199"]
  - id: vergunningen
    name: Vergunningen
    target: 0.9
    numbers: ["+31 70 300 3100"]
    extensions: ["3300-3399", "{ext}"]
"""


def test_duplicate_extension_names_both_lines() -> None:
    errors = errors_of(TWO_DEPARTMENTS.format(ext="3150"))
    assert (
        'directory.yaml:11: extension 3150 of department "vergunningen" is already in department '
        '"burgerzaken" (range 3100-3199, line 6)'
    ) in errors
    # The number, written differently, is the same number too.
    assert (
        'directory.yaml:10: number +31 70 300 3100 of department "vergunningen" is already in '
        'department "burgerzaken" (line 5)'
    ) in errors
    assert len(errors) == 2


def test_overlapping_ranges_are_an_error() -> None:
    errors = errors_of(TWO_DEPARTMENTS.format(ext="3190-3209").replace("+31 70 300 3100", "3300"))
    assert errors == [
        'directory.yaml:11: extensions 3190-3209 of department "vergunningen" overlap extensions'
        ' 3100-3199 of department "burgerzaken" (line 6)'
    ]


def test_touching_ranges_are_fine() -> None:
    text = TWO_DEPARTMENTS.format(ext="3200-3299").replace("+31 70 300 3100", "+31703003300")
    directory = parse_directory(text)
    assert directory.department_of("3199") == "burgerzaken"
    assert directory.department_of("3200") == "vergunningen"


def test_number_that_is_another_departments_extension() -> None:
    errors = errors_of(TWO_DEPARTMENTS.format(ext="3301").replace("+31 70 300 3100", "3120"))
    assert any(
        e.startswith('directory.yaml:10: number 3120 of department "vergunningen" is an extension')
        and e.endswith("(range 3100-3199, line 6)")
        for e in errors
    )


def test_duplicate_department_id() -> None:
    text = TWO_DEPARTMENTS.format(ext="3400").replace("id: vergunningen", "id: burgerzaken")
    text = text.replace("+31 70 300 3100", "+31703003300")
    assert errors_of(text) == [
        'directory.yaml:7: department id "burgerzaken" is used twice (line 2)'
    ]


@pytest.mark.parametrize(
    ("ext", "fragment"),
    [
        ("3199-3100", "starts after it ends"),
        ("300-3199", "same number of digits"),
        ("31a0", "neither digits"),
        ("3100-", "neither digits"),
    ],
)
def test_bad_ranges(ext: str, fragment: str) -> None:
    errors = errors_of(TWO_DEPARTMENTS.format(ext=ext).replace("+31 70 300 3100", "+3170300330"))
    assert len(errors) == 1
    assert errors[0].startswith('directory.yaml:11: department "vergunningen": extensions[1]: ')
    assert fragment in errors[0]


BAD_HOURS = """\
office_hours:
  {spec}: {spans}
departments:
  - id: kcc
    name: KCC
    target: 0.98
"""


@pytest.mark.parametrize(
    ("spec", "spans", "fragment"),
    [
        ("mon-fri", '"17:00-08:30"', 'time span "17:00-08:30" ends before it starts'),
        ("mon-fri", '"8.30-17.00"', 'not written as "HH:MM-HH:MM"'),
        ("mon-fri", '"08:30-25:00"', "impossible time"),
        ("mon-fri", '["08:30-12:00", "11:00-17:00"]', "overlap"),
        ("mon-fry", '"08:30-17:00"', 'unknown day "fry"'),
        ("fri-mon", '"08:30-17:00"', "runs backwards"),
    ],
)
def test_bad_office_hours(spec: str, spans: str, fragment: str) -> None:
    errors = errors_of(BAD_HOURS.format(spec=spec, spans=spans))
    assert len(errors) == 1
    assert errors[0].startswith(f"directory.yaml:2: office_hours.{spec}")
    assert fragment in errors[0]


def test_a_day_in_two_day_specs() -> None:
    text = BAD_HOURS.format(spec="mon-fri", spans='"08:30-17:00"\n  fri: "08:30-12:30"')
    (error,) = errors_of(text)
    assert 'fri is in both "mon-fri" and "fri"' in error


def test_office_hours_errors_are_config_errors() -> None:
    with pytest.raises(ConfigError, match='unknown day "mo"'):
        parse_office_hours({"mo-fr": "08:30-17:00"})


@pytest.mark.parametrize(
    ("old", "new", "fragment"),
    [
        ("timezone: Europe/Amsterdam", "timezone: Europe/Amsterdamm", "unknown time zone"),
        ("holidays: NL", "holidays: XX", 'unknown holiday country "XX"'),
        ("holidays: NL", "holidays: NO", "in quotes"),  # YAML 1.1 reads NO as false
    ],
)
def test_unknown_zone_and_country(old: str, new: str, fragment: str) -> None:
    errors = errors_of(SMALL.replace(old, new))
    assert len(errors) == 1
    line = 1 if "timezone" in old else 2
    assert errors[0].startswith(f"directory.yaml:{line}: ")
    assert fragment in errors[0]


def test_validation_errors_are_collected_with_lines() -> None:
    text = (
        SMALL.replace("target: 0.98", "target: 1.5")
        .replace("name: Burgerzaken", "nmae: Burgerzaken")
        .replace('"3250"', "3250")
    )
    errors = errors_of(text)
    assert errors[0].startswith('directory.yaml:10: department "kcc": target: ')
    assert "less than or equal to 1" in errors[0]
    assert 'directory.yaml:13: department "burgerzaken": name: is required' in errors[1]
    assert errors[2] == 'directory.yaml:14: department "burgerzaken": nmae: unknown key ' + (
        "(check its spelling against deploy/config/directory.yaml)"
    )
    assert errors[3].startswith('directory.yaml:16: department "burgerzaken": extensions[1]: ')
    assert "in quotes" in errors[3]
    assert len(errors) == 4


def test_conflicts_are_reported_together_with_field_errors() -> None:
    text = SMALL.replace("timezone: Europe/Amsterdam", "timezone: Mars/Olympus").replace(
        '"3250"', '"2049"'
    )
    errors = errors_of(text)
    assert errors[0].startswith("directory.yaml:1: timezone: unknown time zone")
    assert errors[1] == (
        'directory.yaml:16: extension 2049 of department "burgerzaken" is already in department'
        ' "kcc" (range 2000-2049, line 12)'
    )
    assert len(errors) == 2


@pytest.mark.parametrize("bad_id", ["unassigned", "Burgerzaken", "9lives", "burger-zaken"])
def test_bad_department_ids(bad_id: str) -> None:
    (error,) = errors_of(SMALL.replace("id: kcc", f"id: {bad_id}"))
    assert error.startswith("directory.yaml:8: ")


def test_duplicate_yaml_key() -> None:
    errors = errors_of(SMALL.replace("    target: 0.98\n", "    target: 0.98\n    target: 0.9\n"))
    assert errors == ['directory.yaml:11: key "target" is given twice (first on line 10)']


def test_yaml_syntax_error_names_the_line() -> None:
    (error,) = errors_of(SMALL.replace('name: "KCC 14 070"', 'name: "KCC 14 070'))
    assert error.startswith("directory.yaml:")
    assert "YAML syntax error" in error


def test_impossible_date_names_the_line() -> None:
    (error,) = errors_of(SMALL.replace("closed_dates: [2026-12-24]", "closed_dates: [2026-02-30]"))
    assert error.startswith('directory.yaml:3: "2026-02-30" is not a valid date')


def test_empty_and_non_mapping_files() -> None:
    assert errors_of("") == ["directory.yaml: the directory file is empty"]
    assert errors_of("- a\n- b\n")[0].startswith("directory.yaml:1: expected a mapping")


def test_missing_file_is_a_config_error_naming_the_path(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    with pytest.raises(ConfigError, match=r"nope\.yaml: no such directory file"):
        load_directory(missing)


def test_error_message_lists_every_problem() -> None:
    with pytest.raises(DirectoryError) as caught:
        parse_directory(TWO_DEPARTMENTS.format(ext="3150"), "d.yaml")
    assert str(caught.value).startswith("invalid directory: 2 problems\n  d.yaml:10: ")
    assert isinstance(caught.value, ValueError)


# -- the shipped example and the check command -----------------------------------------------------


def test_example_directory_loads() -> None:
    directory = load_directory(EXAMPLE)
    assert directory.department("kcc").target == 0.98
    assert directory.department("kcc").name == "KCC 14 070"
    assert "unassigned" not in directory.department_ids
    assert len(directory.department_ids) >= 10
    assert directory.department_of("14070") == "kcc"
    assert directory.department_of("2049") == "kcc"
    assert directory.is_voicemail("8500")
    assert directory.closed_dates >= {date(2026, 12, 24), date(2026, 12, 31)}
    assert directory.tz.key == "Europe/Amsterdam"
    assert directory.sources.asterisk.columns == "auto"
    assert directory.sources.cucm.gateways == ("^CUBE", "^SIPTrunk")
    assert all(0 < directory.department(d).target <= 1 for d in directory.department_ids)
    # Friday afternoon: burgerzaken closed, the KCC open.
    assert not directory.is_open("burgerzaken", local(2026, 6, 12, 14))
    assert directory.is_open("kcc", local(2026, 6, 12, 14))


def test_check_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert check_directory(EXAMPLE) == 0
    out, err = capsys.readouterr()
    assert out.startswith("OK: 11 departments, ")
    assert err == ""

    bad = tmp_path / "directory.yaml"
    bad.write_text(TWO_DEPARTMENTS.format(ext="3150"), encoding="utf-8")
    assert check_directory(bad) == 1
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 2
    assert lines[1].startswith(f"{bad}:11: extension 3150 of department")
