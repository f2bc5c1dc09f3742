"""Every way a call-legs record can be bad maps to one reason; good records pass."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from processor.errors import RecordRejected
from processor.legs.decode import decode_leg
from processor.legs.pseudonym import pseudonymise

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
RETENTION = timedelta(days=400)


def record(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "schema": "call-leg/1",
        "event_id": "e1",
        "call_id": "c1",
        "direction": "inbound",
        "target": "3101",
        "ring_at": "2026-11-24T10:00:00+01:00",
        "answer_at": "2026-11-24T10:00:05+01:00",
        "end_at": "2026-11-24T10:01:00+01:00",
        "disposition": "answered",
    }
    base.update(changes)
    return base


def reason_of(raw: bytes) -> str:
    with pytest.raises(RecordRejected) as info:
        decode_leg(raw, now=NOW, retention=RETENTION)
    return info.value.reason


def test_good_record_decodes() -> None:
    leg = decode_leg(json.dumps(record()).encode(), now=NOW, retention=RETENTION)
    assert leg.answerer == "3101"
    assert leg.ring_at == datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"{not json", "invalid_json"),
        (b"\xff\xfe", "invalid_json"),
        (b"[1, 2]", "schema"),
        (json.dumps(record(schema="call-leg/2")).encode(), "schema"),
        (json.dumps(record(disposition="hung_up")).encode(), "schema"),
        (json.dumps(record(ring_at="2026-11-24T10:00:00")).encode(), "schema"),  # no offset
        (json.dumps(record(extra_field=1)).encode(), "schema"),
        (json.dumps(record(target="")).encode(), "schema"),
        (json.dumps(record(answer_at="2026-11-24T09:59:00+01:00")).encode(), "times_out_of_order"),
        (
            json.dumps(record(end_at="2026-11-24T09:59:00+01:00", answer_at=None)).encode(),
            "times_out_of_order",
        ),
        (json.dumps(record(end_at="2026-11-26T10:00:00+01:00")).encode(), "in_future"),
        (
            json.dumps(
                record(
                    ring_at="2024-01-01T10:00:00Z", answer_at=None, end_at="2024-01-01T10:01:00Z"
                )
            ).encode(),
            "too_old",
        ),
        (b" " * (64 * 1024 + 1), "too_large"),
        (None, "invalid_json"),
    ],
)
def test_rejections(raw: bytes | None, reason: str) -> None:
    with pytest.raises(RecordRejected) as info:
        decode_leg(raw, now=NOW, retention=RETENTION)
    assert info.value.reason == reason


def test_rejection_detail_never_contains_the_caller() -> None:
    raw = json.dumps(record(caller="+31612345678", disposition="bogus")).encode()
    with pytest.raises(RecordRejected) as info:
        decode_leg(raw, now=NOW, retention=RETENTION)
    assert "612345678" not in str(info.value)


def test_pseudonym_is_keyed_and_stable() -> None:
    a = pseudonymise("+31612345678", b"k1")
    assert a == pseudonymise(" +31612345678 ", b"k1")
    assert a != pseudonymise("+31612345678", b"k2")
    assert a is not None
    assert "612345678" not in a
    assert pseudonymise("+31612345678", None) is None
    assert pseudonymise(None, b"k1") is None


def test_leg_across_the_autumn_clock_change_is_in_order() -> None:
    from zoneinfo import ZoneInfo

    from schemas.call_leg import CallLeg

    tz = ZoneInfo("Europe/Amsterdam")
    # 02:50 CEST (fold=0) then 02:10 CET (fold=1): 20 minutes later, although the wall clock
    # went back.
    ring = datetime(2026, 10, 25, 2, 50, tzinfo=tz)
    end = datetime(2026, 10, 25, 2, 10, fold=1, tzinfo=tz)
    leg = CallLeg.model_validate(
        {
            **record(answer_at=None, disposition="no_answer"),
            "ring_at": ring,
            "end_at": end,
        }
    )
    assert leg.end_at.timestamp() - leg.ring_at.timestamp() == 20 * 60
