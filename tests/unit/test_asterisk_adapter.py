"""Asterisk CDRs to legs: Master.csv in every layout and cdr_manager / Kafka JSON (spec 10).

The rows are written here the way cdr_csv writes them (strings quoted, integers bare, an empty
answer time as an empty column) for the cases Asterisk's CDR specification documents: parallel
dial where one phone answers, queue ring-all, a forward through a Local channel, voicemail and
the rows cdr.conf ``unanswered=yes`` adds.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from processor.adapters.asterisk import normalize_asterisk
from processor.adapters.asterisk_rows import LAYOUTS
from processor.directory import Directory, parse_directory
from processor.errors import RecordRejected
from schemas.call_leg import CallLeg

YAML = """
timezone: Europe/Amsterdam
voicemail_targets: ["8500"]
sources:
  asterisk:
    timezone: {tz}
    columns: {columns}
    inbound_contexts: [from-pstn, from-trunk]
departments:
  - id: kcc
    name: KCC
    target: 0.98
    numbers: ["14070"]
    extensions: ["2000-2049"]
  - id: burgerzaken
    name: Burgerzaken
    target: 0.9
    numbers: ["+31703003100"]
    extensions: ["3100-3199"]
"""
CALLER = "0612345678"


def make_directory(tz: str = "Europe/Amsterdam", columns: str = "auto") -> Directory:
    return parse_directory(YAML.format(tz=tz, columns=columns), "test")


@pytest.fixture(scope="module")
def directory() -> Directory:
    return make_directory()


BASE = {
    "accountcode": "",
    "src": CALLER,
    "dst": "+31703003100",
    "dcontext": "from-pstn",
    "clid": f'"Jan Jansen" <{CALLER}>',
    "channel": "PJSIP/kpn-00000010",
    "dstchannel": "PJSIP/3101-00000011",
    "lastapp": "Dial",
    "lastdata": "PJSIP/3101&PJSIP/3102,20",
    "start": "2026-11-24 10:00:00",
    "answer": "2026-11-24 10:00:07",
    "end": "2026-11-24 10:03:07",
    "duration": 187,
    "billsec": 180,
    "disposition": "ANSWERED",
    "amaflags": "DOCUMENTATION",
    "uniqueid": "1795515600.16",
    "userfield": "",
    "peeraccount": "",
    "linkedid": "1795515600.16",
    "sequence": 41,
}


def master_line(columns: int = 21, /, **changes: object) -> bytes:
    """A Master.csv line as cdr_csv writes it."""
    row = {**BASE, **changes}
    out = []
    for name in LAYOUTS[columns]:
        value = row[name]
        if isinstance(value, int):
            out.append(str(value))
        elif name in ("start", "answer", "end") and value == "":
            out.append("")
        else:
            out.append('"' + str(value).replace('"', '""') + '"')
    return (",".join(out) + "\n").encode()


def one(raw: bytes, directory: Directory) -> CallLeg:
    legs = normalize_asterisk(raw, directory)
    assert len(legs) == 1
    return legs[0]


def local(text: str) -> datetime:
    # Tuesday 2026-11-24 is CET (UTC+1).
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def test_parallel_dial_one_phone_answers(directory: Directory) -> None:
    answered = one(master_line(), directory)
    other = one(
        master_line(
            dstchannel="PJSIP/3102-00000012",
            answer="",
            end="2026-11-24 10:00:07",
            duration=7,
            billsec=0,
            disposition="NO ANSWER",
            sequence=42,
        ),
        directory,
    )
    assert answered.call_id == other.call_id == "1795515600.16"
    assert (answered.event_id, other.event_id) == ("1795515600.16:41", "1795515600.16:42")
    assert answered.target == "3101"
    assert answered.answered_by == "3101"
    assert answered.disposition == "answered"
    assert answered.direction == "inbound"
    assert answered.dialed == "+31703003100"
    assert answered.caller == CALLER
    assert answered.source == "asterisk"
    assert answered.ring_at == local("2026-11-24 09:00:00")
    assert answered.answer_at == local("2026-11-24 09:00:07")
    assert answered.end_at == local("2026-11-24 09:03:07")
    assert other.target == "3102"
    assert other.disposition == "no_answer"
    assert other.answer_at is None
    assert other.answered_by is None


def test_queue_ring_all(directory: Directory) -> None:
    common: dict[str, object] = {
        "dst": "14070",
        "lastapp": "Queue",
        "lastdata": "kcc,t",
        "linkedid": "q.1",
    }
    waiting = one(
        master_line(**common, dstchannel="", answer="2026-11-24 10:00:00", sequence=1), directory
    )
    agent1 = one(
        master_line(
            **common,
            dstchannel="PJSIP/2001-0000a001",
            answer="",
            end="2026-11-24 10:00:12",
            disposition="NO ANSWER",
            sequence=2,
        ),
        directory,
    )
    agent2 = one(
        master_line(
            **common, dstchannel="PJSIP/2002-0000a002", answer="2026-11-24 10:00:12", sequence=3
        ),
        directory,
    )
    assert {waiting.call_id, agent1.call_id, agent2.call_id} == {"q.1"}
    # The queue application answered the caller's channel: that is no person.
    assert (waiting.target, waiting.disposition, waiting.answer_at) == ("14070", "no_answer", None)
    assert (agent1.target, agent1.disposition) == ("2001", "no_answer")
    assert (agent2.target, agent2.disposition, agent2.answered_by) == ("2002", "answered", "2002")
    assert all(leg.dialed == "14070" for leg in (waiting, agent1, agent2))


def test_forward_through_local_channel(directory: Directory) -> None:
    leg = one(master_line(dstchannel="Local/3105@from-internal-0000001b;1"), directory)
    assert (leg.target, leg.answered_by, leg.disposition) == ("3105", "3105", "answered")


@pytest.mark.parametrize(
    ("channel", "target"),
    [
        ("SIP/3101-00000012", "3101"),
        ("IAX2/3101-1234", "3101"),
        ("PJSIP/3101", "3101"),
        ("Local/3101@ctx-00000001;2", "3101"),
    ],
)
def test_extension_from_channel_technologies(
    directory: Directory, channel: str, target: str
) -> None:
    assert one(master_line(dstchannel=channel), directory).target == target


def test_voicemail_by_application(directory: Directory) -> None:
    leg = one(
        master_line(dst="3101", dstchannel="", lastapp="VoiceMail", lastdata="3101@default,u"),
        directory,
    )
    assert (leg.target, leg.disposition, leg.answered_by) == ("3101", "voicemail", None)
    assert leg.answer_at is not None


def test_voicemail_by_target(directory: Directory) -> None:
    leg = one(master_line(dstchannel="PJSIP/8500-00000099"), directory)
    assert (leg.target, leg.disposition) == ("8500", "voicemail")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("NO ANSWER", "no_answer"), ("BUSY", "busy"), ("FAILED", "failed"), ("CONGESTION", "failed")],
)
def test_unanswered_rows(directory: Directory, text: str, expected: str) -> None:
    leg = one(master_line(answer="", billsec=0, disposition=text), directory)
    assert (leg.disposition, leg.answer_at, leg.answered_by) == (expected, None, None)


def test_internal_and_outbound(directory: Directory) -> None:
    internal = one(
        master_line(
            src="3101",
            clid='"Piet" <3101>',
            dst="3102",
            dcontext="from-internal",
            channel="PJSIP/3101-00000001",
            dstchannel="PJSIP/3102-00000002",
        ),
        directory,
    )
    outbound = one(
        master_line(
            src="3101",
            dst="0201234567",
            dcontext="from-internal",
            channel="PJSIP/3101-00000001",
            dstchannel="PJSIP/kpn-00000002",
        ),
        directory,
    )
    assert (internal.direction, internal.target) == ("internal", "3102")
    assert (outbound.direction, outbound.target, outbound.answered_by) == (
        "outbound",
        "0201234567",
        None,
    )


def test_caller_from_clid_when_src_is_empty(directory: Directory) -> None:
    assert one(master_line(src=""), directory).caller == CALLER
    assert one(master_line(src="", clid="anonymous"), directory).caller is None


def test_16_columns_group_by_channel_and_hash_the_row(directory: Directory) -> None:
    first = one(master_line(16), directory)
    second = one(
        master_line(16, dstchannel="PJSIP/3102-00000012", disposition="NO ANSWER", answer=""),
        directory,
    )
    assert first.call_id == second.call_id == "PJSIP/kpn-00000010"
    assert first.event_id.startswith("sha256:")
    assert first.event_id != second.event_id
    # The same row, written with CRLF, is the same record (a duplicate downstream).
    assert one(master_line(16).replace(b"\n", b"\r\n"), directory).event_id == first.event_id


@pytest.mark.parametrize("columns", [17, 18])
def test_17_and_18_columns_group_by_uniqueid(directory: Directory, columns: int) -> None:
    leg = one(master_line(columns, uniqueid="1795515600.99"), directory)
    assert leg.call_id == "1795515600.99"
    assert leg.event_id.startswith("sha256:")


def test_configured_column_count_is_enforced() -> None:
    directory = make_directory(columns="17")
    assert one(master_line(17), directory).call_id == BASE["uniqueid"]
    with pytest.raises(RecordRejected) as caught:
        normalize_asterisk(master_line(21), directory)
    assert caught.value.reason == "wrong_column_count"


def test_usegmtime_rows_are_utc() -> None:
    leg = one(master_line(), make_directory(tz="UTC"))
    assert leg.ring_at == datetime(2026, 11, 24, 10, 0, tzinfo=UTC)


def test_end_after_the_autumn_clock_change() -> None:
    # 2026-10-25: 02:00-03:00 local happens twice. A call from 02:50 (CEST) to 02:05 (CET).
    leg = one(
        master_line(
            start="2026-10-25 02:50:00",
            answer="",
            end="2026-10-25 02:05:00",
            disposition="NO ANSWER",
        ),
        make_directory(),
    )
    assert leg.ring_at == datetime(2026, 10, 25, 0, 50, tzinfo=UTC)
    assert leg.end_at == datetime(2026, 10, 25, 1, 5, tzinfo=UTC)


def test_same_row_same_leg(directory: Directory) -> None:
    assert normalize_asterisk(master_line(18), directory) == normalize_asterisk(
        master_line(18), directory
    )
