"""Cisco CUCM CDRs (topic ``cdr.cucm``) to call legs (spec section 10). One row is one leg.

A record is one row of a CDR flat file as a JSON object (field name -> value as text). Fields are
looked up by name, ignoring case, because CUCM versions differ in columns and spelling.

- ``cdrRecordType`` other than 1 (0 = start record, 2 = CMR) is rejected as ``cmr_record``.
- ``call_id``: ``globalCallID_callManagerId`` + ``globalCallID_callId`` (prefixed with
  ``globalCallId_ClusterID`` when present); ``event_id``: ``pkid``.
- ``target`` and ``dialed``: ``originalCalledPartyNumber`` (the entry target); who got the call
  is ``finalCalledPartyNumber``: when connected, the ``answered_by``, or ``voicemail`` when it is
  a voicemail target or a voicemail pilot of ``sources.cucm``.
- Times are epoch seconds UTC: ``dateTimeOrigination`` -> ring_at, ``dateTimeConnect`` ->
  answer_at (0: not answered), ``dateTimeDisconnect`` -> end_at.
- Not answered: ``origCause_value`` 16 with ``destCause_value`` 0 -> cancelled (the caller hung
  up), cause 19 -> no_answer, 17 -> busy, anything else -> failed.
- ``direction``: inbound when ``origDeviceName`` matches a regex of ``sources.cucm.gateways``,
  internal when caller and target are both extensions, else outbound.

Pure and deterministic: the same row always gives the same leg.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from functools import lru_cache

from processor.adapters.common import (
    BAD_TIME,
    BAD_VALUE,
    CMR_RECORD,
    INVALID_JSON,
    MISSING_FIELD,
    build_leg,
    number_or_none,
    parse_time,
)
from processor.directory import Directory
from processor.errors import RecordRejected
from schemas.call_leg import CallLeg

SOURCE = "cucm"
CAUSE_NORMAL_CLEARING = 16
CAUSE_USER_BUSY = 17
CAUSE_NO_ANSWER = 19


class CucmFields:
    """Case-insensitive access to the text fields of one CDR row."""

    def __init__(self, row: Mapping[str, object]) -> None:
        self._values = {str(key).strip().lower(): value for key, value in row.items()}

    def text(self, name: str) -> str:
        value = self._values.get(name.lower())
        return "" if value is None else str(value).strip()

    def required(self, name: str) -> str:
        value = self.text(name)
        if not value:
            raise RecordRejected(MISSING_FIELD, name)
        return value

    def integer(self, name: str, *, default: int | None = None) -> int:
        value = self.text(name)
        if not value and default is not None:
            return default
        try:
            return int(value)
        except ValueError:
            if not value:
                raise RecordRejected(MISSING_FIELD, name) from None
            raise RecordRejected(BAD_VALUE, f"{name}: expected a whole number") from None

    def epoch(self, name: str) -> datetime | None:
        """An epoch-seconds field; None for 0 or empty."""
        value = self.text(name)
        if not value.isascii() or not value.isdigit():
            if not value:
                return None
            raise RecordRejected(BAD_TIME, f"{name}: expected epoch seconds")
        return parse_time(int(value), name, UTC)


def normalize_cucm(raw: bytes, directory: Directory) -> Sequence[CallLeg]:
    """The leg one CDR row (a JSON object) describes (the ``Normalizer`` contract)."""
    try:
        row = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise RecordRejected(INVALID_JSON, str(exc).split(":")[0]) from None
    if not isinstance(row, dict):
        raise RecordRejected(INVALID_JSON, f"expected a JSON object, got {type(row).__name__}")
    return [leg_from_fields(row, directory)]


def cucm_call_id(fields: CucmFields) -> str:
    """The global call id that all rows of one call share."""
    manager = fields.required("globalCallID_callManagerId")
    call = fields.required("globalCallID_callId")
    cluster = fields.text("globalCallId_ClusterID")
    return f"{cluster}-{manager}-{call}" if cluster else f"{manager}-{call}"


def leg_from_fields(row: Mapping[str, object], directory: Directory) -> CallLeg:
    fields = CucmFields(row)
    record_type = fields.integer("cdrRecordType")
    if record_type != 1:
        shown = f" {record_type}" if 0 <= record_type < 10 else ""  # 0 start record, 2 CMR
        raise RecordRejected(CMR_RECORD, f"cdrRecordType{shown} is not a CDR (1)")
    call_id = cucm_call_id(fields)
    event_id = fields.required("pkid")
    target = fields.required("originalCalledPartyNumber")
    final = fields.text("finalCalledPartyNumber") or target

    ring_at = fields.epoch("dateTimeOrigination")
    if ring_at is None:
        raise RecordRejected(MISSING_FIELD, "dateTimeOrigination")
    answer_at = fields.epoch("dateTimeConnect")
    end_at = fields.epoch("dateTimeDisconnect") or answer_at or ring_at

    answered_by: str | None = None
    if answer_at is not None:
        if directory.is_voicemail(final) or final in directory.sources.cucm.voicemail_pilots:
            disposition = "voicemail"
        else:
            disposition, answered_by = "answered", final
    else:
        disposition = _unanswered(
            fields.integer("origCause_value", default=0),
            fields.integer("destCause_value", default=0),
        )

    caller = number_or_none(fields.text("callingPartyNumber"))
    return build_leg(
        {
            "event_id": event_id,
            "call_id": call_id,
            "direction": _direction(fields.text("origDeviceName"), caller, target, directory),
            "caller": caller,
            "dialed": target,
            "target": target,
            "ring_at": ring_at,
            "answer_at": answer_at,
            "end_at": end_at,
            "answered_by": answered_by,
            "disposition": disposition,
            "source": SOURCE,
        }
    )


def _unanswered(orig_cause: int, dest_cause: int) -> str:
    if orig_cause == CAUSE_NORMAL_CLEARING and dest_cause == 0:
        return "cancelled"
    if CAUSE_NO_ANSWER in (dest_cause, orig_cause):
        return "no_answer"
    if CAUSE_USER_BUSY in (dest_cause, orig_cause):
        return "busy"
    return "failed"


@lru_cache(maxsize=16)
def _gateway_patterns(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(pattern) for pattern in patterns)


def is_gateway(device: str, directory: Directory) -> bool:
    """Whether ``device`` (an ``origDeviceName``) is a configured gateway or trunk."""
    patterns = _gateway_patterns(tuple(directory.sources.cucm.gateways))
    return bool(device) and any(pattern.search(device) for pattern in patterns)


def _direction(device: str, caller: str | None, target: str, directory: Directory) -> str:
    if is_gateway(device, directory):
        return "inbound"
    if caller and directory.is_extension(caller) and directory.is_extension(target):
        return "internal"
    return "outbound"
