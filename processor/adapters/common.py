"""What the PBX adapters share: reason labels, times, channel names, leg construction.

Guarantees: every helper here is pure and raises nothing but ``RecordRejected`` for bad input.
No detail of a rejection contains a caller number (only field names, column counts and times),
so a rejection can be logged, counted and put in a DLQ header as it is.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime, tzinfo
from typing import Any

from pydantic import ValidationError

from processor.errors import RecordRejected
from schemas.call_leg import CallLeg

# Reason labels (``reachability_rejected_total{reason=...}``): few, stable, dashboards use them.
INVALID_CSV = "invalid_csv"
WRONG_COLUMN_COUNT = "wrong_column_count"
INVALID_JSON = "invalid_json"
MISSING_FIELD = "missing_field"
BAD_TIME = "bad_time"
BAD_VALUE = "bad_value"
UNKNOWN_DISPOSITION = "unknown_disposition"
CMR_RECORD = "cmr_record"
TIMES_OUT_OF_ORDER = "times_out_of_order"  # the same label as the decoder of call-legs uses
SCHEMA = "schema"

_EPOCH = re.compile(r"\d{9,11}(\.\d+)?")
_CHANNEL_SUFFIX = re.compile(r"-[0-9a-fA-F]{4,}$")
_NUMBER = re.compile(r"\+?[0-9*#]{1,64}")
_CLID_NUMBER = re.compile(r"<([^<>]*)>\s*$")
# Details never quote a rejected value: in a shifted or mislabelled field it may be a number.
_NOT_A_TIME = "not a time (expected YYYY-MM-DD HH:MM:SS, ISO 8601 or epoch seconds)"


def parse_time(
    value: object, field: str, zone: tzinfo, *, not_before: datetime | None = None
) -> datetime | None:
    """A UTC datetime from a PBX time, or None for an empty one.

    UTC, because pydantic and Python compare two datetimes of one ZoneInfo zone by wall-clock
    time and ignore ``fold``: legs around the autumn clock change would look out of order.

    Accepted: ``"2026-11-23 09:15:02"`` (wall-clock time in ``zone``), ISO 8601 with an offset,
    and epoch seconds (a number or a string of 9 to 11 digits). A wall-clock time that occurs
    twice (the night daylight saving ends) takes its first occurrence unless that would be
    before ``not_before``.
    """
    if value is None or value in ("", 0, "0"):
        return None
    if isinstance(value, bool):
        raise RecordRejected(BAD_TIME, f"{field}: expected a time, got a boolean")
    if isinstance(value, int | float):
        return _from_epoch(value, field)
    if not isinstance(value, str):
        raise RecordRejected(BAD_TIME, f"{field}: expected a time, got {type(value).__name__}")
    text = value.strip()
    if not text:
        return None
    if _EPOCH.fullmatch(text):
        return _from_epoch(text, field)
    try:  # C-fast, and since Python 3.11 also "2026-11-23 09:15:02" (a space, no offset)
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise RecordRejected(BAD_TIME, f"{field}: {_NOT_A_TIME}") from None
    try:  # years near 1 or 9999 overflow when moved to UTC
        if parsed.tzinfo is not None:
            return parsed.astimezone(UTC)
        return _in_zone(parsed, zone, not_before)
    except (OverflowError, ValueError):
        raise RecordRejected(BAD_TIME, f"{field}: {_NOT_A_TIME}") from None


def _in_zone(naive: datetime, zone: tzinfo, not_before: datetime | None) -> datetime:
    first = naive.replace(tzinfo=zone, fold=0)
    # Compare instants: within one zone Python compares wall-clock times and ignores ``fold``.
    if not_before is not None and first.timestamp() < not_before.timestamp():
        second = naive.replace(tzinfo=zone, fold=1)
        if second.timestamp() >= not_before.timestamp():
            return second.astimezone(UTC)
    return first.astimezone(UTC)


def _from_epoch(seconds: float | str, field: str) -> datetime:
    try:
        return datetime.fromtimestamp(float(seconds), UTC)
    except (OverflowError, OSError, ValueError):
        raise RecordRejected(BAD_TIME, f"{field}: {_NOT_A_TIME}") from None


def channel_resource(channel: str) -> str:
    """The endpoint of a channel name: ``PJSIP/3101-0000002a`` -> ``3101``.

    Also ``SIP/3101-00000012``, ``IAX2/3101-1234``, ``Local/3101@from-internal-0000001b;1``.
    Empty for an empty channel.
    """
    text = channel.strip()
    if "/" not in text:
        return ""
    resource = text.split("/", 1)[1]
    resource = resource.split(";", 1)[0]
    if "@" in resource:  # Local/3101@context-0000001b: the context carries the suffix
        return resource.split("@", 1)[0]
    return _CHANNEL_SUFFIX.sub("", resource)


def number_or_none(value: str | None) -> str | None:
    """A phone number as written (digits, optional "+", "*" and "#"), else None."""
    if value is None:
        return None
    text = value.strip()
    return text if _NUMBER.fullmatch(text) else None


def clid_number(clid: str) -> str | None:
    """The number of a caller id ``"Jan" <0612345678>``, or the caller id when it is a number."""
    match = _CLID_NUMBER.search(clid)
    return number_or_none(match[1] if match else clid)


def text_field(fields: Mapping[str, Any], name: str) -> str:
    """A field as stripped text ("" when absent or null)."""
    value = fields.get(name)
    if value is None:
        return ""
    return str(value).strip()


def build_leg(data: dict[str, Any]) -> CallLeg:
    """A CallLeg from plain fields, or ``RecordRejected`` (``times_out_of_order`` or ``schema``)."""
    try:
        return CallLeg.model_validate({"schema": "call-leg/1", **data})
    except ValidationError as exc:
        errors = exc.errors(include_url=False, include_input=False, include_context=False)
        first = errors[0]
        where = ".".join(str(part) for part in first["loc"]) or "record"
        message = first["msg"]
        if "times out of order" in message:
            detail = message.removeprefix("Value error, ")
            raise RecordRejected(TIMES_OUT_OF_ORDER, detail) from None
        raise RecordRejected(SCHEMA, f"{where}: {message}") from None
