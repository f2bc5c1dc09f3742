"""Which counters a finalised call increments, and how the figures derive from them."""

from __future__ import annotations

from datetime import UTC, datetime

from processor.calls.classify import classify
from processor.directory import Directory
from processor.figures import Counts
from processor.store.counters import CLOSED_HOURS_FIELD, increments
from processor.store.figures import week_dates
from processor.store.keys import Keys
from tests.unit.conftest import T0, LegFactory

KEYS = Keys("t")


def test_counted_call_hits_minute_day_and_extension(directory: Directory, leg: LegFactory) -> None:
    r = classify("c", [leg("3101", answer=8)], directory)
    incs = increments(r, directory, KEYS, now=T0.timestamp() + 60, retention_days=400)
    got = {(i.key, i.field) for i in incs}
    minute = int(T0.timestamp() // 60)
    assert got == {
        ("t:day:burgerzaken:2026-11-24", "answered"),
        ("t:day:burgerzaken:2026-11-24", "sl"),
        (f"t:min:burgerzaken:{minute}", "answered"),
        (f"t:min:burgerzaken:{minute}", "sl"),
        ("t:xday:burgerzaken:2026-11-24", "3101|answered"),
    }
    day = next(i for i in incs if i.key.startswith("t:day"))
    assert day.expire_at >= T0.timestamp() + 400 * 86400


def test_backfill_skips_expired_minute_buckets(directory: Directory, leg: LegFactory) -> None:
    r = classify("c", [leg("3101", answer=8)], directory)
    incs = increments(r, directory, KEYS, now=T0.timestamp() + 30 * 86400, retention_days=400)
    assert {i.key for i in incs} == {
        "t:day:burgerzaken:2026-11-24",
        "t:xday:burgerzaken:2026-11-24",
    }
    # Extension figures are kept 56 days: a backfill older than that writes none.
    incs = increments(r, directory, KEYS, now=T0.timestamp() + 60 * 86400, retention_days=400)
    assert {i.key for i in incs} == {"t:day:burgerzaken:2026-11-24"}


def test_closed_hours_call_only_counts_as_closed(directory: Directory, leg: LegFactory) -> None:
    night = datetime(2026, 11, 24, 22, 0, tzinfo=UTC)
    r = classify("c", [leg("3101", answer=8, start=night)], directory)
    incs = increments(r, directory, KEYS, now=night.timestamp(), retention_days=400)
    assert [(i.key, i.field) for i in incs] == [
        ("t:day:burgerzaken:2026-11-24", CLOSED_HOURS_FIELD)
    ]


def test_outbound_call_counts_nothing(directory: Directory, leg: LegFactory) -> None:
    r = classify("c", [leg("0612345678", answer=8, direction="outbound")], directory)
    assert increments(r, directory, KEYS, now=T0.timestamp(), retention_days=400) == []


def test_local_day_of_call_start_across_midnight(directory: Directory, leg: LegFactory) -> None:
    # 23:30 UTC on 24 Nov is 00:30 on 25 Nov in Amsterdam: the call belongs to the 25th.
    late = datetime(2026, 11, 24, 23, 30, tzinfo=UTC)
    r = classify("c", [leg("9999", answer=8, start=late)], directory)
    incs = increments(r, directory, KEYS, now=late.timestamp(), retention_days=400)
    assert {i.key for i in incs} == {"t:day:unassigned:2026-11-25"}


def test_derived_figures() -> None:
    c = Counts.from_fields(
        {
            "answered": 70,
            "answered_elsewhere": 10,
            "voicemail": 5,
            "missed": 10,
            "short_abandoned": 5,
            "sl": 60,
            "closed_hours": 3,
        }
    )
    assert (c.calls, c.offered, c.reached) == (100, 95, 80)
    assert c.reachability == 80 / 95
    assert c.service_level == 60 / 95
    assert c.extra == {"closed_hours": 3}
    assert Counts().reachability is None
    assert Counts(short_abandoned=3).service_level is None


def test_week_dates_runs_monday_to_the_day() -> None:
    days = week_dates(datetime(2026, 11, 26).date())  # a Thursday
    assert [d.isoformat() for d in days] == ["2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26"]
