"""Every outcome rule of spec section 4, one scenario each."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest

from processor.calls.classify import classify
from processor.calls.model import Outcome
from processor.directory import Directory
from tests.unit.conftest import LegFactory


def test_answered_directly(directory: Directory, leg: LegFactory) -> None:
    r = classify("c", [leg("3101", answer=8)], directory)
    assert (r.department, r.outcome, r.in_windows) == ("burgerzaken", Outcome.ANSWERED, True)
    assert r.answer_delay == pytest.approx(8)
    assert r.within_service_level


def test_forward_on_no_answer_to_colleague(directory: Directory, leg: LegFactory) -> None:
    legs = [leg("3101", end=20), leg("3102", ring=20, answer=30, end=200)]
    r = classify("c", legs, directory)
    assert r.outcome is Outcome.ANSWERED
    assert r.extension == "3101"
    assert r.extension_outcome is Outcome.ANSWERED_ELSEWHERE  # the entry extension did not answer
    assert r.answer_delay == pytest.approx(30)
    assert r.within_service_level is False  # 30 s > 25 s


def test_forward_to_other_department_is_answered_elsewhere(
    directory: Directory, leg: LegFactory
) -> None:
    legs = [leg("3101", end=20), leg("2001", ring=20, answer=24)]
    assert classify("c", legs, directory).outcome is Outcome.ANSWERED_ELSEWHERE


def test_forward_to_voicemail(directory: Directory, leg: LegFactory) -> None:
    legs = [leg("3101", end=20), leg("8500", ring=20, answer=21, disposition="answered")]
    r = classify("c", legs, directory)
    assert r.outcome is Outcome.VOICEMAIL
    assert r.answer_delay is None
    assert not r.within_service_level


def test_voicemail_disposition(directory: Directory, leg: LegFactory) -> None:
    legs = [leg("3101", end=20, disposition="voicemail")]
    assert classify("c", legs, directory).outcome is Outcome.VOICEMAIL


def test_ring_all_one_phone_answers(directory: Directory, leg: LegFactory) -> None:
    legs = [
        leg("3101", end=9, disposition="cancelled"),
        leg("3102", answer=9, end=120),
        leg("3103", end=9, disposition="cancelled"),
    ]
    r = classify("c", legs, directory)
    assert r.outcome is Outcome.ANSWERED
    assert r.entry_target == "3101"  # tie on ring_at: the first received


def test_kcc_queue_with_agents(directory: Directory, leg: LegFactory) -> None:
    legs = [
        leg("14070", end=40, disposition="no_answer", dialed="14070"),
        leg("2001", ring=2, end=17, disposition="no_answer"),
        leg("2002", ring=17, answer=31, end=300),
    ]
    r = classify("c", legs, directory)
    assert (r.department, r.outcome) == ("kcc", Outcome.ANSWERED)
    assert r.answer_delay == pytest.approx(31)


def test_pickup_by_colleague(directory: Directory, leg: LegFactory) -> None:
    legs = [leg("3101", answer=6, end=90, answered_by="3150")]
    r = classify("c", legs, directory)
    assert r.outcome is Outcome.ANSWERED
    assert r.extension_outcome is Outcome.ANSWERED_ELSEWHERE


def test_short_abandon_below_threshold(directory: Directory, leg: LegFactory) -> None:
    legs = [leg("3101", end=4.999, disposition="cancelled")]
    assert classify("c", legs, directory).outcome is Outcome.SHORT_ABANDONED


def test_abandon_at_threshold_is_missed(directory: Directory, leg: LegFactory) -> None:
    legs = [leg("3101", end=5.0, disposition="cancelled")]
    assert classify("c", legs, directory).outcome is Outcome.MISSED


def test_asterisk_no_answer_counts_as_short_abandon(directory: Directory, leg: LegFactory) -> None:
    assert classify("c", [leg("3101", end=3)], directory).outcome is Outcome.SHORT_ABANDONED


@pytest.mark.parametrize("disposition", ["busy", "failed"])
def test_busy_and_failed_are_never_short_abandons(
    directory: Directory, leg: LegFactory, disposition: str
) -> None:
    legs = [leg("3101", end=1, disposition=disposition)]
    assert classify("c", legs, directory).outcome is Outcome.MISSED


def test_internal_call_not_counted_by_default(directory: Directory, leg: LegFactory) -> None:
    r = classify("c", [leg("3101", answer=3, direction="internal")], directory)
    assert (r.counted, r.in_windows) == (False, False)


def test_outbound_call_never_counted(directory: Directory, leg: LegFactory) -> None:
    r = classify("c", [leg("0612345678", answer=3, direction="outbound")], directory)
    assert r.counted is False


def test_unassigned_target_answered_by_no_department(directory: Directory, leg: LegFactory) -> None:
    r = classify("c", [leg("9999", answer=3)], directory)
    assert (r.department, r.outcome) == ("unassigned", Outcome.ANSWERED)
    r2 = classify("c", [leg("9999", end=20), leg("3101", ring=20, answer=22)], directory)
    assert (r2.department, r2.outcome) == ("unassigned", Outcome.ANSWERED_ELSEWHERE)


def test_department_from_dialed_number(directory: Directory, leg: LegFactory) -> None:
    r = classify(
        "c", [leg("queue-7", dialed="+31703001000", answer=3, answered_by="3101")], directory
    )
    assert (r.department, r.outcome) == ("burgerzaken", Outcome.ANSWERED)


def test_legs_out_of_order_give_the_same_outcome(directory: Directory, leg: LegFactory) -> None:
    legs = [
        leg("3101", end=20),
        leg("3102", ring=20, end=40),
        leg("2001", ring=40, answer=45, end=100),
    ]
    expected = classify("c", legs, directory)
    shuffled = list(legs)
    random.Random(7).shuffle(shuffled)
    again = classify("c", shuffled, directory)
    assert (again.outcome, again.entry_target, again.start) == (
        expected.outcome,
        expected.entry_target,
        expected.start,
    )
    assert expected.outcome is Outcome.ANSWERED_ELSEWHERE


def test_earliest_human_answer_wins(directory: Directory, leg: LegFactory) -> None:
    legs = [leg("3101", answer=12, answered_by="2001"), leg("3102", answer=4, end=50)]
    assert classify("c", legs, directory).outcome is Outcome.ANSWERED


@pytest.mark.parametrize(
    ("start", "open_"),
    [
        (datetime(2026, 11, 24, 7, 29, 59, tzinfo=UTC), False),  # 08:29:59 local
        (datetime(2026, 11, 24, 7, 30, 0, tzinfo=UTC), True),  # 08:30:00 local
        (datetime(2026, 11, 24, 15, 59, 59, tzinfo=UTC), True),  # 16:59:59 local
        (datetime(2026, 11, 24, 16, 0, 0, tzinfo=UTC), False),  # 17:00:00 local
        (datetime(2026, 11, 27, 12, 0, 0, tzinfo=UTC), False),  # Friday 13:00, closes 12:30
        (datetime(2026, 12, 24, 10, 0, 0, tzinfo=UTC), False),  # closed date
        (datetime(2026, 5, 14, 10, 0, 0, tzinfo=UTC), False),  # Ascension Day
        (datetime(2026, 3, 30, 6, 30, 0, tzinfo=UTC), True),  # Monday after DST: 08:30 CEST
        (datetime(2026, 3, 30, 6, 29, 59, tzinfo=UTC), False),
        (datetime(2026, 10, 26, 7, 30, 0, tzinfo=UTC), True),  # Monday after DST end: 08:30 CET
        (datetime(2026, 10, 26, 6, 30, 0, tzinfo=UTC), False),  # 07:30 CET
    ],
)
def test_office_hours_edges(
    directory: Directory, leg: LegFactory, start: datetime, open_: bool
) -> None:
    r = classify("c", [leg("3101", answer=5, start=start)], directory)
    assert r.office_open is open_
    assert r.in_windows is open_


def test_daylight_saving_days_are_counted_on_their_local_date(
    directory: Directory, leg: LegFactory
) -> None:
    # 23:30 UTC on Saturday 28 March is 00:30 CET on Sunday 29 March (the short day).
    start = datetime(2026, 3, 28, 23, 30, tzinfo=UTC)
    r = classify("c", [leg("3101", answer=5, start=start)], directory)
    assert directory.local_date(datetime.fromtimestamp(r.start, UTC)).isoformat() == "2026-03-29"
    # 22:30 UTC on Sunday 25 October is 23:30 CET the same Sunday (the long day).
    start = datetime(2026, 10, 25, 22, 30, tzinfo=UTC)
    r = classify("c", [leg("3101", answer=5, start=start)], directory)
    assert directory.local_date(datetime.fromtimestamp(r.start, UTC)).isoformat() == "2026-10-25"


def test_no_legs_is_an_error(directory: Directory) -> None:
    with pytest.raises(ValueError, match="no legs"):
        classify("c", [], directory)
