"""Cisco CUCM CDR rows to legs, and the flat-file reader (spec 10).

Rows follow the CDR cases of Cisco's "CDR Analysis and Reporting" / "Call Detail Records
Administration Guide": a normal call, forward on no answer (original vs final called party),
forward to voicemail, a call abandoned while ringing (cause 16 / 0), busy (17), no answer (19),
and CMR rows, which share the files and are not calls.
"""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime

import pytest

from processor.adapters.cucm import normalize_cucm
from processor.adapters.cucm_file import flat_file_lines, read_flat_file
from processor.directory import Directory, parse_directory
from processor.errors import RecordRejected
from schemas.call_leg import CallLeg

YAML = """
timezone: Europe/Amsterdam
voicemail_targets: ["8500"]
sources:
  cucm:
    gateways: ["^CUBE", "^SIPTrunk"]
    voicemail_pilots: ["8000"]
departments:
  - id: kcc
    name: KCC
    target: 0.98
    numbers: ["14070"]
    extensions: ["2000-2049"]
  - id: burgerzaken
    name: Burgerzaken
    target: 0.9
    extensions: ["3100-3199"]
"""
CALLER = "0612345678"
T0 = 1795510800  # 2026-11-24 09:00:00 UTC

ROW: dict[str, str] = {
    "cdrRecordType": "1",
    "globalCallID_callManagerId": "2",
    "globalCallID_callId": "71006",
    "origLegCallIdentifier": "18126551",
    "dateTimeOrigination": str(T0),
    "callingPartyNumber": CALLER,
    "origCause_value": "16",
    "destLegCallIdentifier": "18126552",
    "originalCalledPartyNumber": "3101",
    "finalCalledPartyNumber": "3101",
    "destCause_value": "0",
    "dateTimeConnect": str(T0 + 6),
    "dateTimeDisconnect": str(T0 + 186),
    "lastRedirectDn": "3101",
    "pkid": "1c5a0f16-3a5b-4f7e-9c3b-5c0d1f7a6b21",
    "duration": "180",
    "origDeviceName": "CUBE-01",
    "destDeviceName": "SEP00AABBCCDDEE",
    "globalCallId_ClusterID": "",
}


@pytest.fixture(scope="module")
def directory() -> Directory:
    return parse_directory(YAML, "test")


def one(directory: Directory, **changes: str) -> CallLeg:
    (leg,) = normalize_cucm(json.dumps({**ROW, **changes}).encode(), directory)
    return leg


def test_normal_answered_call(directory: Directory) -> None:
    leg = one(directory)
    assert (leg.call_id, leg.event_id) == ("2-71006", ROW["pkid"])
    assert (leg.target, leg.dialed, leg.answered_by) == ("3101", "3101", "3101")
    assert (leg.disposition, leg.direction, leg.caller) == ("answered", "inbound", CALLER)
    assert leg.ring_at == datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    assert leg.answer_at == datetime(2026, 11, 24, 9, 0, 6, tzinfo=UTC)
    assert leg.end_at == datetime(2026, 11, 24, 9, 3, 6, tzinfo=UTC)
    assert leg.source == "cucm"


def test_cluster_id_is_part_of_the_call_id(directory: Directory) -> None:
    assert one(directory, globalCallId_ClusterID="StandAloneCluster").call_id == (
        "StandAloneCluster-2-71006"
    )


def test_forward_on_no_answer_original_vs_final(directory: Directory) -> None:
    leg = one(directory, finalCalledPartyNumber="3102", dateTimeConnect=str(T0 + 21))
    assert (leg.target, leg.answered_by, leg.disposition) == ("3101", "3102", "answered")


@pytest.mark.parametrize("final", ["8500", "8000"])
def test_forward_to_voicemail_target_or_pilot(directory: Directory, final: str) -> None:
    leg = one(directory, finalCalledPartyNumber=final)
    assert (leg.target, leg.disposition, leg.answered_by) == ("3101", "voicemail", None)


@pytest.mark.parametrize(
    ("orig", "dest", "expected"),
    [
        ("16", "0", "cancelled"),
        ("0", "19", "no_answer"),
        ("19", "0", "no_answer"),
        ("0", "17", "busy"),
        ("17", "0", "busy"),
        ("0", "1", "failed"),
        ("0", "0", "failed"),
        ("0", "16", "failed"),
    ],
)
def test_not_answered_cause_mapping(
    directory: Directory, orig: str, dest: str, expected: str
) -> None:
    leg = one(
        directory,
        dateTimeConnect="0",
        dateTimeDisconnect=str(T0 + 12),
        origCause_value=orig,
        destCause_value=dest,
    )
    assert (leg.disposition, leg.answer_at, leg.answered_by) == (expected, None, None)


def test_internal_and_outbound(directory: Directory) -> None:
    internal = one(
        directory,
        callingPartyNumber="3101",
        originalCalledPartyNumber="3102",
        origDeviceName="SEP001122334455",
    )
    outbound = one(
        directory,
        callingPartyNumber="3101",
        originalCalledPartyNumber="0201234567",
        finalCalledPartyNumber="0201234567",
        origDeviceName="SEP001122334455",
    )
    trunk = one(directory, origDeviceName="SIPTrunk-KPN")
    assert internal.direction == "internal"
    assert outbound.direction == "outbound"
    assert trunk.direction == "inbound"


def test_field_names_ignore_case(directory: Directory) -> None:
    lowered = {key.lower(): value for key, value in ROW.items()}
    (leg,) = normalize_cucm(json.dumps(lowered).encode(), directory)
    assert leg == one(directory)


@pytest.mark.parametrize(
    ("reason", "changes"),
    [
        ("cmr_record", {"cdrRecordType": "2"}),
        ("cmr_record", {"cdrRecordType": "0"}),
        ("cmr_record", {"cdrRecordType": CALLER}),  # a number in the wrong field: not quoted
        ("bad_time", {"dateTimeConnect": CALLER + "x"}),
        ("missing_field", {"pkid": ""}),
        ("missing_field", {"originalCalledPartyNumber": ""}),
        ("missing_field", {"globalCallID_callId": ""}),
        ("missing_field", {"dateTimeOrigination": "0"}),
        ("bad_time", {"dateTimeConnect": "2026-11-24 10:00"}),
        ("bad_value", {"origCause_value": "x", "dateTimeConnect": "0"}),
        ("bad_value", {"cdrRecordType": "CDR"}),
        ("times_out_of_order", {"dateTimeDisconnect": str(T0 - 60), "dateTimeConnect": "0"}),
    ],
)
def test_bad_rows_are_rejected(directory: Directory, reason: str, changes: dict[str, str]) -> None:
    with pytest.raises(RecordRejected) as caught:
        one(directory, **changes)
    assert caught.value.reason == reason
    assert CALLER.lstrip("0") not in str(caught.value)


@pytest.mark.parametrize("raw", [b"1,2,71006", b"[1, 2]", b"\xff\xfe"])
def test_not_a_json_object(directory: Directory, raw: bytes) -> None:
    with pytest.raises(RecordRejected) as caught:
        normalize_cucm(raw, directory)
    assert caught.value.reason == "invalid_json"


TYPES = {
    "cdrRecordType": "INTEGER",
    "pkid": "UNIQUEIDENTIFIER",
    "callingPartyNumber": "VARCHAR(50)",
}


def test_flat_file_maps_by_header_name_in_any_order(directory: Directory) -> None:
    names = [*ROW, "origMediaCap_payloadCapability", "huntPilotDN"]
    random.Random(4).shuffle(names)
    types = [TYPES.get(name, "INTEGER") for name in names]
    row = {**ROW, "origMediaCap_payloadCapability": "4", "huntPilotDN": ""}
    lines = list(flat_file_lines(names, types, [row]))
    assert lines[0].startswith('"')  # names quoted
    assert not lines[1].startswith('"')  # types bare
    (read,) = list(read_flat_file(lines))
    assert read.line == 3
    assert read.fields is not None
    (leg,) = normalize_cucm(json.dumps(read.fields).encode(), directory)
    assert leg == one(directory)


def test_flat_file_reports_every_bad_line() -> None:
    names = ["cdrRecordType", "pkid", "callingPartyNumber"]
    lines = [
        *flat_file_lines(names, ["INTEGER", "UNIQUEIDENTIFIER", "VARCHAR(50)"], []),
        '1,"a-1","3101"\n',
        "\n",
        '1,"a-2"\n',
        '1,"a-3","31"01"\n',
        '2,"a-4","3101"\n',
    ]
    fates = list(read_flat_file(lines))
    assert [(f.line, f.error.reason if f.error else None, f.fields is not None) for f in fates] == [
        (3, None, True),
        (4, None, False),
        (5, "wrong_column_count", False),
        (6, "invalid_csv", False),
        (7, None, True),
    ]


def test_flat_file_without_header() -> None:
    (fate,) = list(read_flat_file(['1,2,71006,"x"\n', '1,2,71007,"y"\n']))
    assert (fate.line, fate.error is not None) == (1, True)
    assert fate.error is not None
    assert fate.error.reason == "missing_field"


def test_flat_file_without_types_line_keeps_the_first_row() -> None:
    fates = list(read_flat_file(['"cdrRecordType","pkid"\n', '1,"a-1"\n']))
    assert [f.fields for f in fates] == [{"cdrRecordType": "1", "pkid": "a-1"}]


def test_no_row_raises_anything_but_record_rejected(directory: Directory) -> None:
    rng = random.Random(2027)
    odd: list[object] = ["", "0", "-1", "x", "1e400", "9" * 30, "١٢", None, 3.5, [], {}, CALLER]
    legs = rejected = 0
    details: list[str] = []
    for _ in range(3000):
        row: dict[str, object] = dict(ROW)
        for _ in range(rng.randint(1, 3)):
            row[rng.choice(list(ROW))] = rng.choice(odd)
        try:
            normalize_cucm(json.dumps(row).encode(), directory)
        except RecordRejected as exc:
            rejected += 1
            details.append(exc.detail)
        else:
            legs += 1
    assert legs > 100
    assert rejected > 100
    assert not [detail for detail in details if CALLER.lstrip("0") in detail]
