"""Asterisk CDRs as JSON objects (cdr_manager's Cdr event, Kafka CDR modules), and bad rows."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime
from typing import Any

import pytest

from processor.adapters.asterisk import normalize_asterisk
from processor.directory import Directory
from processor.errors import RecordRejected
from tests.unit.test_asterisk_adapter import CALLER, make_directory, master_line

MANAGER_EVENT: dict[str, Any] = {
    "AccountCode": "",
    "Source": CALLER,
    "Destination": "14070",
    "DestinationContext": "from-trunk",
    "CallerID": f'"" <{CALLER}>',
    "Channel": "PJSIP/kpn-00000020",
    "DestinationChannel": "PJSIP/2003-00000021",
    "LastApplication": "Queue",
    "LastData": "kcc,t",
    "StartTime": "2026-11-24 10:00:00",
    "AnswerTime": "2026-11-24 10:00:09",
    "EndTime": "2026-11-24 10:04:00",
    "Duration": 240,
    "BillableSeconds": 231,
    "Disposition": "ANSWERED",
    "AMAFlags": "DOCUMENTATION",
    "UniqueID": "1795515600.32",
    "UserField": "",
    "LinkedID": "1795515600.32",
    "Sequence": 7,
}


@pytest.fixture(scope="module")
def directory() -> Directory:
    return make_directory()


def encode(event: dict[str, Any]) -> bytes:
    return json.dumps(event).encode()


def test_manager_event_with_text_disposition(directory: Directory) -> None:
    (leg,) = normalize_asterisk(encode(MANAGER_EVENT), directory)
    assert (leg.call_id, leg.event_id) == ("1795515600.32", "1795515600.32:7")
    assert (leg.target, leg.answered_by, leg.disposition) == ("2003", "2003", "answered")
    assert (leg.direction, leg.dialed, leg.caller) == ("inbound", "14070", CALLER)
    assert leg.answer_at == datetime(2026, 11, 24, 9, 0, 9, tzinfo=UTC)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        (0, "no_answer"),
        (1, "no_answer"),
        (2, "failed"),
        (4, "busy"),
        (8, "answered"),
        (16, "failed"),
        ("4", "busy"),
    ],
)
def test_numeric_disposition_as_in_cdr_h(directory: Directory, code: object, expected: str) -> None:
    event = {**MANAGER_EVENT, "Disposition": code}
    if expected != "answered":
        event["AnswerTime"] = ""
    (leg,) = normalize_asterisk(encode(event), directory)
    assert leg.disposition == expected


def test_lowercase_cdr_names_iso_times_and_no_sequence(directory: Directory) -> None:
    event = {
        "src": CALLER,
        "dst": "3101",
        "dcontext": "from-pstn",
        "channel": "PJSIP/kpn-00000030",
        "dstchannel": "PJSIP/3101-00000031",
        "lastapp": "Dial",
        "start": "2026-11-24T10:00:00+01:00",
        "answer": None,
        "end": 1795514420,
        "disposition": "NO ANSWER",
        "uniqueid": "1795515600.48",
    }
    (leg,) = normalize_asterisk(encode(event), directory)
    assert leg.call_id == "1795515600.48"
    assert leg.event_id.startswith("sha256:")
    assert leg.ring_at == datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    assert leg.end_at == datetime.fromtimestamp(1795514420, UTC)
    # Key order does not change the row's identity.
    reordered = dict(reversed(list(event.items())))
    assert normalize_asterisk(encode(reordered), directory)[0].event_id == leg.event_id


def test_manager_event_without_linkedid_groups_by_uniqueid(directory: Directory) -> None:
    event = {key: value for key, value in MANAGER_EVENT.items() if key != "LinkedID"}
    (leg,) = normalize_asterisk(encode(event), directory)
    assert leg.call_id == "1795515600.32"


BAD_ROWS: list[tuple[str, bytes]] = [
    ("wrong_column_count", b'"","0612345678","3101"\n'),
    ("wrong_column_count", master_line(21).rstrip(b"\n") + b',"extra","x"\n'),
    ("invalid_csv", master_line(21).replace(b'"Dial"', b'"Di"al"')),
    ("invalid_json", b'{"Source": "0612345678", '),
    ("invalid_json", b'["0612345678"]'),
    ("missing_field", encode({**MANAGER_EVENT, "StartTime": ""})),
    ("missing_field", encode({**MANAGER_EVENT, "Destination": "", "DestinationChannel": ""})),
    (
        "missing_field",
        encode(
            {k: v for k, v in MANAGER_EVENT.items() if k not in ("LinkedID", "UniqueID", "Channel")}
        ),
    ),
    ("bad_time", master_line(21, start="2026-13-45 10:00:00")),
    ("bad_time", encode({**MANAGER_EVENT, "EndTime": "yesterday"})),
    ("unknown_disposition", master_line(21, disposition="MAYBE")),
    ("unknown_disposition", encode({**MANAGER_EVENT, "Disposition": 3})),
    ("unknown_disposition", encode({**MANAGER_EVENT, "Disposition": None})),
    ("times_out_of_order", master_line(21, end="2026-11-24 09:59:00", answer="")),
    # A number in the wrong field is not quoted back in the detail.
    ("bad_time", encode({**MANAGER_EVENT, "StartTime": CALLER + "x"})),
    ("unknown_disposition", encode({**MANAGER_EVENT, "Disposition": CALLER})),
    ("unknown_disposition", master_line(21, disposition=CALLER)),
]


@pytest.mark.parametrize(("reason", "raw"), BAD_ROWS)
def test_bad_rows_are_rejected_with_a_reason(directory: Directory, reason: str, raw: bytes) -> None:
    with pytest.raises(RecordRejected) as caught:
        normalize_asterisk(raw, directory)
    assert caught.value.reason == reason
    assert CALLER not in str(caught.value)  # privacy: never a caller number in a detail


def _mutations(seed: int, valid: list[bytes], count: int) -> list[bytes]:
    """Valid rows with bytes flipped, cut, repeated or replaced by odd values."""
    rng = random.Random(seed)
    odd = [b"", b'"', b",", b"{", b"}", b"[]", b"null", b"1e400", b"-1", b"\xff\xfe", b'"x"']
    odd += [b"0001-01-01 00:00:00", b"9999-12-31 23:59:59", b"NaN", b"99999999999999999999"]
    out = []
    for _ in range(count):
        row = bytearray(rng.choice(valid))
        for _ in range(rng.randint(1, 4)):
            at = rng.randrange(len(row) + 1)
            action = rng.randrange(3)
            if action == 0:
                row[at:at] = rng.choice(odd)
            elif action == 1:
                del row[at : at + rng.randint(1, 12)]
            else:
                row[at : at + 1] = bytes([rng.randrange(256)])
        out.append(bytes(row))
    return out


def test_no_input_raises_anything_but_record_rejected(directory: Directory) -> None:
    valid = [master_line(16), master_line(17), master_line(18), master_line(21),
             encode(MANAGER_EVENT), encode({**MANAGER_EVENT, "Disposition": 8})]  # fmt: skip
    outcomes = {"leg": 0, "rejected": 0}
    details: list[str] = []
    for raw in _mutations(2026, valid, 3000):
        try:
            normalize_asterisk(raw, directory)
        except RecordRejected as exc:
            outcomes["rejected"] += 1
            details.append(exc.detail)
        else:
            outcomes["leg"] += 1
    assert outcomes["rejected"] > 100
    assert outcomes["leg"] > 100
    assert not [detail for detail in details if CALLER in detail]
